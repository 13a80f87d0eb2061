import type { MultiPolygon, Polygon } from '../../geo/index.ts';

export type GeneratedLevel = 'district' | 'street' | 'community' | 'grid';

export type GeneratedSubtype = 'district' | 'county' | 'county_city' | 'street' | 'town' | 'township' | 'community' | 'village' | 'grid';

export interface GeneratedRegion {
  /** National division code extended by 3 digits per level: 6, 9, 12 and 15 digits. */
  code: string;
  name: string;
  level: GeneratedLevel;
  parentCode: string;
  /** GCJ-02 lng/lat, 6 decimals; children tile their parent. */
  geometry: Polygon | MultiPolygon;
  /** False only for the real district boundaries passed in. */
  generated: boolean;
  subtype: GeneratedSubtype;
  /** People: drawn per community, summed upwards, split across grids by area. */
  population: number;
}

export interface GenerateOptions {
  seed: number;
}
