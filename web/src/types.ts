// Shapes of the internal API (/api) as the web app reads them.

export type Ability = 'region.read' | 'region.manage' | 'unit.read' | 'unit.manage' | 'account.read' | 'account.manage' | 'audit.read';

export const ROLES = ['resident', 'operator', 'dispatcher', 'handler', 'grid_worker', 'secretary', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const UNIT_KINDS = [
  'party_org',
  'government',
  'street_office',
  'community_committee',
  'department',
  'utility',
  'hotline_centre',
  'command_centre',
  'resident_unit',
  'property_company',
  'new_sector_org',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface RegionRef {
  id?: string;
  code: string;
  name: string;
  level: RegionLevel;
}

export interface MeRole {
  id: string;
  role: Role;
  unit: { id: string; name: string; kind: UnitKind };
  region: RegionRef & { id: string };
}

export interface Me {
  account: { id: string; username: string; displayName: string; phone: string | null };
  city: { id: string; code: string; slug: string; name: string };
  roles: MeRole[];
  abilities: string[];
}

export interface RegionDetail {
  id: string;
  code: string;
  name: string;
  level: RegionLevel;
  subtype: string | null;
  parentCode: string | null;
  ancestors: { code: string; name: string; level: RegionLevel }[];
  childCount: number;
  population: number | null;
  generated: boolean;
  centroid: [number, number] | null;
}

export interface RegionChild {
  id: string;
  code: string;
  name: string;
  level: RegionLevel;
  subtype: string | null;
  childCount: number;
  population: number | null;
  generated: boolean;
}

export interface RegionFeatureProperties {
  code: string;
  name: string;
  level: RegionLevel;
  generated: boolean;
}

export interface GeoFeature {
  type: 'Feature';
  properties: RegionFeatureProperties;
  geometry: { type: string; coordinates: unknown };
}

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  departmentType: string | null;
  region: { code: string; name: string; level: RegionLevel };
}

export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  roles: { id: string; role: Role; unit: { id: string; name: string } }[];
}

export interface Page<T> {
  items: T[];
  total: number;
}
