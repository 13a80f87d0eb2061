// Shapes of the internal API (/api) as the web app reads them.

import type { AccountView, Me, RegionDetail, RegionSummary, UnitView } from '@gongzhi/contracts';
import type { RegionLevel, RegionSubtype } from '@gongzhi/contracts/vocabulary';

// The vocabulary and the API's shapes come from contracts/, the same definitions the server validates with.
export { roles as ROLES, regionLevels as REGION_LEVELS, unitKinds as UNIT_KINDS } from '@gongzhi/contracts/vocabulary';
export type { Ability, RegionLevel, RegionSubtype, Role, UnitKind } from '@gongzhi/contracts/vocabulary';
export type { Me, RegionDetail };

export interface RegionRef {
  id?: string;
  code: string;
  name: string;
  level: RegionLevel;
}

export type MeRole = Me['roles'][number];
export type RegionChild = RegionSummary;
export type Unit = UnitView;
export type AccountRow = AccountView;

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

export interface Page<T> {
  items: T[];
  total: number;
}

/** The subtypes a region of each level may have (the national scheme); the first is the default. */
export const REGION_SUBTYPES: Record<Exclude<RegionLevel, 'city'>, readonly RegionSubtype[]> = {
  district: ['district', 'county', 'county_city'],
  street: ['street', 'town', 'township'],
  community: ['community', 'village'],
  grid: ['grid'],
};

export type { ImportFailure } from '@gongzhi/contracts';

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  detail: unknown;
  prevHash: string;
  hash: string;
}

export const AUDIT_ENTITY_TYPES = ['account', 'unit', 'region', 'city', 'api_key'] as const;

export interface AuditChainReport {
  cityId: string;
  checked: number;
  ok: boolean;
  firstBroken?: { seq: number; reason: string };
}
