// The command centre's requests (GET /api/dashboard/*): one per panel, each for a territory and a period.
import type {
  DashboardCategories,
  DashboardChannels,
  DashboardFeed,
  DashboardFeedItem,
  DashboardMap,
  DashboardPoints,
  DashboardQuery,
  DashboardRanking,
  DashboardSeries,
  DashboardSummary,
  DashboardWhistles,
} from '@gongzhi/contracts';
import { api } from '../api.ts';
import type { GeoFeature, GeoFeatureCollection } from '../types.ts';

export type {
  DashboardCategories,
  DashboardChannels,
  DashboardFeed,
  DashboardFeedItem,
  DashboardMap,
  DashboardPoints,
  DashboardQuery,
  DashboardRanking,
  DashboardSeries,
  DashboardSummary,
  DashboardWhistles,
};
export type { DashboardCount, DashboardMapRow, DashboardRate, DashboardRegion } from '@gongzhi/contracts';

const get = <T>(panel: string, query: DashboardQuery) => api.get<T>(`/api/dashboard/${panel}`, { ...query });

export const fetchSummary = (query: DashboardQuery) => get<DashboardSummary>('summary', query);
export const fetchMap = (query: DashboardQuery) => get<DashboardMap>('map', query);
export const fetchCategories = (query: DashboardQuery) => get<DashboardCategories>('categories', query);
export const fetchChannels = (query: DashboardQuery) => get<DashboardChannels>('channels', query);
export const fetchSeries = (query: DashboardQuery) => get<DashboardSeries>('series', query);
export const fetchRanking = (query: DashboardQuery) => get<DashboardRanking>('rankings', query);
export const fetchWhistles = (query: DashboardQuery) => get<DashboardWhistles>('whistles', query);
export const fetchPoints = (query: DashboardQuery) => get<DashboardPoints>('points', query);
export const fetchFeed = (query: DashboardQuery) => get<DashboardFeed>('feed', query);

/** The address of the live feed (server-sent events named `feed`) of a territory. */
export const streamUrl = (region?: string) =>
  region ? `/api/dashboard/stream?region=${encodeURIComponent(region)}` : '/api/dashboard/stream';

/** The shapes the map draws: the region's children, or the region itself when nothing lies below it. */
export async function fetchDashboardShapes(code: string, hasChildren: boolean): Promise<GeoFeatureCollection> {
  const path = `/api/regions/${encodeURIComponent(code)}`;
  if (hasChildren) return api.get<GeoFeatureCollection>(`${path}/children.geojson`);
  const own = await api.get<GeoFeature | (Omit<GeoFeature, 'geometry'> & { geometry: null })>(`${path}/geojson`);
  return { type: 'FeatureCollection', features: own.geometry ? [own as GeoFeature] : [] };
}

/** The case search behind a number, or undefined when no list can show it. */
export const casesHref = (cases: string | null | undefined): string | undefined => (cases ? `/cases?${cases}` : undefined);
