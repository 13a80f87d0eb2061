import { z } from 'zod';

import { regionLevels, regionSubtypes, unitKinds, type UnitKind } from './vocabulary.ts';

export const regionLevel = z.enum(regionLevels);

export const regionSubtype = z.enum(regionSubtypes);

export const unitKind = z.enum(unitKinds);

/** Units whose authority covers their whole territory; the others act only for themselves. */
export const territorialUnitKinds: ReadonlySet<UnitKind> = new Set([
  'party_org',
  'government',
  'street_office',
  'community_committee',
  'hotline_centre',
  'command_centre',
]);

export const regionCode = z.string().regex(/^\d{6,15}$/, 'a region code has 6 to 15 digits');

export const regionRef = z.object({ code: z.string(), name: z.string(), level: regionLevel });

export const regionSummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: regionLevel,
  subtype: z.string(),
  childCount: z.number().int(),
  population: z.number().int(),
  generated: z.boolean(),
});

export const regionDetail = regionSummary.extend({
  parentCode: z.string().nullable(),
  ancestors: z.array(regionRef),
  centroid: z.tuple([z.number(), z.number()]).nullable(),
});
export type RegionDetail = z.infer<typeof regionDetail>;
export type RegionSummary = z.infer<typeof regionSummary>;

export const regionCreate = z.strictObject({
  parentCode: regionCode,
  code: regionCode,
  name: z.string().trim().min(1).max(100),
  level: regionLevel.exclude(['city']),
  subtype: regionSubtype.optional(),
  population: z.number().int().min(0).optional(),
  geometry: z.unknown().optional(),
});

export type RegionCreate = z.infer<typeof regionCreate>;

export const regionUpdate = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  population: z.number().int().min(0).optional(),
  geometry: z.unknown().optional(),
});

export const unitView = z.object({
  id: z.string(),
  name: z.string(),
  kind: unitKind,
  departmentType: z.string().nullable(),
  region: regionRef,
});
export type UnitView = z.infer<typeof unitView>;

export const unitCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: unitKind,
  regionCode,
  departmentType: z.string().trim().min(1).max(50).nullish(),
});

export const unitUpdate = unitCreate.partial();

export const locateResult = z.object({
  grid: regionRef.nullable(),
  community: regionRef.nullable(),
  street: regionRef.nullable(),
  district: regionRef.nullable(),
  city: regionRef,
});
