// The words both sides share, as plain constants (no zod here, so the web bundle can import them for free).

export const regionLevels = ['city', 'district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof regionLevels)[number];

export const regionSubtypes = [
  'city',
  'district',
  'county',
  'county_city',
  'street',
  'town',
  'township',
  'community',
  'village',
  'grid',
] as const;
export type RegionSubtype = (typeof regionSubtypes)[number];

export const unitKinds = [
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
export type UnitKind = (typeof unitKinds)[number];

export const roles = ['resident', 'operator', 'dispatcher', 'handler', 'grid_worker', 'secretary', 'leader', 'admin'] as const;
export type Role = (typeof roles)[number];

export const abilities = [
  'region.read',
  'region.manage',
  'unit.read',
  'unit.manage',
  'account.read',
  'account.manage',
  'audit.read',
  'apikey.manage',
  'calendar.manage',
] as const;
export type Ability = (typeof abilities)[number];
