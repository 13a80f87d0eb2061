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
  const own = await api.get<GeoFeature>(`${path(region.code)}/geojson`);
  return { type: 'FeatureCollection', features: [own] };
}
