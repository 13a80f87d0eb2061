import type { RegionCreate } from '@gongzhi/contracts';
import { api } from '../api.ts';
import type { GeoFeature, GeoFeatureCollection, RegionChild, RegionDetail } from '../types.ts';

const path = (code: string) => `/api/regions/${encodeURIComponent(code)}`;

export function fetchRegion(code: string): Promise<RegionDetail> {
  return api.get<RegionDetail>(path(code));
}

export async function fetchChildren(code: string): Promise<RegionChild[]> {
  return (await api.get<{ items: RegionChild[] }>(`${path(code)}/children`)).items;
}

/** The polygons the map draws for a region: its children's, or its own when it has none (a grid). */
export async function fetchMapShapes(region: RegionDetail): Promise<GeoFeatureCollection> {
  if (region.level !== 'grid' && region.childCount > 0) {
    return api.get<GeoFeatureCollection>(`${path(region.code)}/children.geojson`);
  }
  const own = await api.get<GeoFeature | (Omit<GeoFeature, 'geometry'> & { geometry: null })>(`${path(region.code)}/geojson`);
  // A region added by hand may have no boundary yet: the map then shows "no boundary data".
  return { type: 'FeatureCollection', features: own.geometry ? [own as GeoFeature] : [] };
}

export interface RegionChange {
  name?: string;
  population?: number;
}

/** Renames a region or sets its population; answers the region as it now is. */
export function updateRegion(code: string, change: RegionChange): Promise<RegionDetail> {
  return api.patch<RegionDetail>(path(code), change);
}

export type NewRegion = Omit<RegionCreate, 'geometry'>;

/** Adds a region one level below its parent. */
export function createRegion(region: NewRegion): Promise<RegionDetail> {
  return api.post<RegionDetail>('/api/regions', region);
}
