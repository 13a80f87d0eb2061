import { z } from 'zod';

// Assessment (考核): 三率 and the other figures per unit and territory, the composite score,
// rankings, classes, talks (约谈) and the monthly bulletin (调度通报).

export const assessmentLevels = ['department', 'unit', 'district', 'street', 'community', 'grid'] as const;
export type AssessmentLevel = (typeof assessmentLevels)[number];

export const assessmentClasses = ['advanced', 'progress', 'rectify', 'govern'] as const;
/** 先进 / 进步 / 整改 / 治理. */
export type AssessmentClass = (typeof assessmentClasses)[number];

/** YYYY (year), YYYY-MM (month), YYYY-Www (ISO week), YYYY-MM-DD (day), in the city's time zone. */
export const assessmentPeriod = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-W(0[1-9]|[1-4]\d|5[0-3]))?$/, 'YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD');

export const assessmentUnitsQuery = z.strictObject({
  period: assessmentPeriod,
  level: z.enum(assessmentLevels).default('street'),
  region: z
    .string()
    .min(6)
    .max(20)
    .optional()
    .describe('rank within this territory (a district code ranks its streets); default: the whole scope'),
});

export const figureValue = z.object({
  key: z.string(),
  value: z.number().nullable().describe('a rate in 0..1, a count, or hours; null when the denominator is 0'),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** The case search behind the figure (query string for GET /api/cases and the search page). */
  cases: z.string().nullable(),
});
export type FigureValue = z.infer<typeof figureValue>;

export const assessmentRow = z.object({
  key: z.string().describe('region code or unit id'),
  name: z.string(),
  kind: z.enum(['region', 'unit']),
  counts: z.record(z.string(), z.number()),
  figures: z.array(figureValue),
  score: z.number().nullable(),
  insufficient: z.boolean().describe('fewer rated cases than the minimum: shown, not ranked'),
  rank: z.number().int().nullable(),
  previousRank: z.number().int().nullable(),
  rankChange: z.number().int().nullable().describe('places gained since the previous period (positive = better)'),
  scoreChange: z.number().nullable(),
  class: z.enum(assessmentClasses).nullable(),
});
export type AssessmentRow = z.infer<typeof assessmentRow>;

export const figureDefinition = z.object({
  key: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z
    .enum(['rate', 'count', 'hours', 'rating', 'perThousand'])
    .describe('rate 0..1; count; hours; rating: a mean of 1–5; perThousand: per 1,000'),
  higherIsBetter: z.boolean(),
  source: z.enum(['cases', 'whistles']).describe('cases: the case facts; whistles: the whistle module (吹哨报到)'),
  scored: z.boolean().describe('weighted in the composite score (when its weight is above 0); otherwise shown only'),
  formula: z.string(),
  formulaZh: z.string(),
});
export type FigureDefinition = z.infer<typeof figureDefinition>;

export const assessmentUnits = z.object({
  period: z.object({ key: z.string(), from: z.string(), to: z.string(), previous: z.string() }),
  level: z.enum(assessmentLevels),
  region: z.object({ code: z.string(), name: z.string() }).nullable(),
  definitions: z.array(figureDefinition),
  rows: z.array(assessmentRow),
  ranked: z.number().int(),
});
export type AssessmentUnits = z.infer<typeof assessmentUnits>;

export const assessmentSettings = z.strictObject({
  weights: z.record(z.string(), z.number().min(0).max(100)).describe('figure key → weight in the composite score'),
  minRated: z.number().int().min(1).max(10_000).describe('fewer rated cases than this: insufficient, not ranked'),
  advancedShare: z.number().min(0).max(1).describe('the top share of the ranking is 先进'),
  rectifyShare: z.number().min(0).max(1).describe('the bottom share is 整改'),
  progressPlaces: z.number().int().min(1).max(1000).describe('places gained since last period for 进步'),
  governBottomN: z.number().int().min(0).max(1000).describe('in the bottom N this period and the last: 治理'),
  talkBottomN: z.number().int().min(0).max(1000).describe('the bottom N of each monthly city-wide ranking go on the talk list'),
});
export type AssessmentSettings = z.infer<typeof assessmentSettings>;

export const talkStatuses = ['listed', 'scheduled', 'held', 'closed'] as const;

export const talkItem = z.object({
  id: z.string(),
  text: z.string(),
  owner: z.string(),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  evidence: z.string().nullable(),
});

export const talkView = z.object({
  id: z.string(),
  period: z.string(),
  level: z.enum(['street', 'department']),
  subjectKey: z.string(),
  subjectName: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  superiorUnit: z.object({ id: z.string(), name: z.string() }).nullable(),
  reason: z.string(),
  rank: z.number().int(),
  score: z.number().nullable(),
  status: z.enum(talkStatuses),
  scheduledAt: z.string().nullable(),
  heldAt: z.string().nullable(),
  record: z.string().nullable(),
  items: z.array(talkItem),
  allowed: z.boolean().describe('the user may schedule, record and follow this talk'),
});
export type TalkView = z.infer<typeof talkView>;

export const talkList = z.object({ items: z.array(talkView) });

export const monthPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const talkSchedule = z.strictObject({ scheduledAt: z.iso.datetime({ offset: true }) });
export const talkRecord = z.strictObject({ heldAt: z.iso.datetime({ offset: true }), record: z.string().trim().min(1).max(5000) });
export const talkItemCreate = z.strictObject({
  text: z.string().trim().min(1).max(1000),
  owner: z.string().trim().min(1).max(100),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
export const talkItemDone = z.strictObject({ evidence: z.string().trim().min(1).max(2000) });

export const bulletinQuery = z.strictObject({ period: monthPeriod, region: z.string().min(6).max(20).optional() });

export const bulletinCase = z.object({
  id: z.string(),
  trackingCode: z.string(),
  text: z.string(),
  unitName: z.string().nullable(),
  reopenCount: z.number().int(),
  callback: z.object({ contacted: z.boolean(), solved: z.boolean(), satisfied: z.boolean() }).nullable(),
});

export const bulletin = z.object({
  period: z.string(),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  generatedAt: z.string(),
  definitions: z.array(figureDefinition),
  total: assessmentRow,
  streets: assessmentUnits,
  departments: assessmentUnits,
  talks: z.array(talkView),
  openItems: z.array(talkItem.extend({ talkId: z.string(), subjectName: z.string(), period: z.string() })),
  typicalCases: z.array(bulletinCase),
});
export type Bulletin = z.infer<typeof bulletin>;
