// Hotspots (热点, 未诉先办): the list of a territory, one hotspot with its cases, and the steps on it.
import type { HotspotActionInput, HotspotList, HotspotListQuery, HotspotSummary, HotspotView } from '@gongzhi/contracts';
import { api } from '../api.ts';

export type { HotspotActionInput, HotspotList, HotspotSummary, HotspotView };

const hotspotPath = (id: string) => `/api/hotspots/${encodeURIComponent(id)}`;

export function listHotspots(params: Omit<HotspotListQuery, 'limit'> & { limit?: number }): Promise<HotspotList> {
  return api.get<HotspotList>('/api/hotspots', { ...params });
}

export function fetchHotspot(id: string): Promise<HotspotView> {
  return api.get<HotspotView>(hotspotPath(id));
}

export function actOnHotspot(id: string, action: HotspotActionInput): Promise<HotspotView> {
  return api.post<HotspotView>(`${hotspotPath(id)}/actions`, action);
}

/** The region path of a dashboard territory: its trail's codes from the city down. */
export const trailPath = (trail: readonly { code: string }[]): string => `${trail.map((r) => r.code).join('/')}/`;

/** Where a hotspot is, in words: its address (a place), its region, its category. */
export function placeOf(h: HotspotSummary): string {
  const address = typeof h.figures.address === 'string' ? h.figures.address : null;
  return [address ?? h.regionName, h.categoryName].filter(Boolean).join(' · ');
}
