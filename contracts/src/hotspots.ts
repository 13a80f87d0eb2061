import { z } from 'zod';
import { caseUrgencies, hotspotKinds, hotspotStatuses, whistleReasons } from './vocabulary.ts';

// Hotspots (热点, 未诉先办): what detection found in the cases of a territory, and what the command centre did with it.

export const hotspotKind = z.enum(hotspotKinds);
export const hotspotStatus = z.enum(hotspotStatuses);

const id = z.string().min(1).max(60);

export const hotspotListQuery = z.strictObject({
  kind: hotspotKind.optional(),
  status: hotspotStatus.optional(),
  region: z.string().min(1).max(200).optional().describe('a region path (411600/411602/…/): hotspots inside it'),
  category: z.string().min(1).max(40).optional().describe('a category code'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HotspotListQuery = z.input<typeof hotspotListQuery>;

export const hotspotSummary = z.object({
  id: z.string(),
  kind: hotspotKind,
  status: hotspotStatus,
  regionPath: z.string(),
  regionName: z.string().nullable().describe('the deepest region holding the hotspot'),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  windowStart: z.string().describe('ISO time'),
  windowEnd: z.string(),
  score: z.number().describe('−log10 of the probability of so many cases by chance (count kinds: as if one were usual)'),
  observed: z.number().int(),
  expected: z.number().nullable().describe('rise: the cases expected in the window from the baseline and the season'),
  figures: z
    .record(z.string(), z.unknown())
    .describe('per kind: p, baselineRate, season (rise); address, centre (place); masked phone (person); terms, grids (text)'),
  caseCount: z.number().int(),
  convertedCaseId: z.string().nullable(),
  convertedWhistleId: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type HotspotSummary = z.infer<typeof hotspotSummary>;

export const hotspotList = z.object({ items: z.array(hotspotSummary) });
export type HotspotList = z.infer<typeof hotspotList>;

export const hotspotCase = z.object({
  id: z.string(),
  trackingCode: z.string(),
  text: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  address: z.string().nullable(),
  regionName: z.string().nullable(),
});

export const hotspotActionTypes = ['acknowledge', 'dismiss', 'to_case', 'to_whistle'] as const;

export const hotspotView = hotspotSummary.extend({
  cases: z.array(hotspotCase).describe('the cases behind it that the viewer may read, newest first'),
  actions: z.array(z.enum(hotspotActionTypes)).describe('the steps this viewer may take now'),
});
export type HotspotView = z.infer<typeof hotspotView>;

export const hotspotAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('acknowledge') }),
  z.strictObject({ action: z.literal('dismiss'), reason: z.string().trim().max(500).optional() }),
  z.strictObject({
    action: z.literal('to_case'),
    text: z.string().trim().min(5).max(5000).optional().describe("the case's text; default: a summary of the hotspot"),
    categoryCode: z.string().min(1).max(40).optional().describe("default: the hotspot's category"),
    urgency: z.enum(caseUrgencies).default('normal'),
  }),
  z.strictObject({
    action: z.literal('to_whistle'),
    unitIds: z.array(id).min(1).max(20).describe('the departments summoned'),
    reason: z.enum(whistleReasons).default('beyond_street'),
    problem: z.string().trim().min(5).max(2000).optional(),
  }),
]);
export type HotspotActionInput = z.input<typeof hotspotAction>;

export const hotspotDetectResult = z.object({
  detected: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  ms: z.number(),
});
export type HotspotDetectResult = z.infer<typeof hotspotDetectResult>;
