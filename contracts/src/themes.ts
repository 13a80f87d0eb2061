import { z } from 'zod';
import { unitKind } from './org.ts';

// 每月一题 (the monthly theme): the month's most frequent hard problems proposed per catalogue category; the city
// picks some, each becomes a programme with a lead department, co-units, actions with deadlines and a measured effect.

export const themeMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is YYYY-MM');

export const themeProposalsQuery = z.strictObject({
  month: themeMonth.describe("the month whose cases are scored (the city's time zone)"),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const themeParts = ['volume', 'dissatisfaction', 'repeated', 'spread', 'trend'] as const;
export type ThemePart = (typeof themeParts)[number];

export const themeFigures = z.object({
  volume: z.number().int().describe('cases received in the month'),
  previousVolumes: z.array(z.number().int()).describe('cases received in each of the 3 months before, oldest first'),
  trendPercent: z.number().nullable().describe('volume against the mean of the 3 months before; null without history'),
  repeated: z.number().int().describe('cases that are repeats: reopened, merged as duplicates, or the same reporter or grid again'),
  reopened: z.number().int(),
  merged: z.number().int(),
  sameReporter: z.number().int(),
  samePlace: z.number().int(),
  rated: z.number().int().describe("the assessment's rated cases: last replied in the month, with a callback"),
  satisfied: z.number().int(),
  satisfactionRate: z
    .number()
    .nullable()
    .describe("the assessment's 满意率 (satisfied ÷ rated); null under its minimum of rated cases (minRated)"),
  streets: z.number().int().describe('distinct streets of the cases'),
  leadUnits: z.number().int().describe('distinct lead units of the cases'),
});
export type ThemeFigures = z.infer<typeof themeFigures>;

export const themeReason = z.object({
  part: z.enum(themeParts),
  value: z.number().describe('volume: cases; dissatisfaction: 满意率 (0..1); repeated: repeated cases; spread: streets; trend: percent'),
  rank: z.number().int().describe('1 = the highest volume, lowest satisfaction, most repeats, most streets, fastest growth'),
  of: z.number().int(),
});
export type ThemeReason = z.infer<typeof themeReason>;

export const themeProposal = z.object({
  rank: z.number().int(),
  categoryCode: z.string(),
  categoryName: z.string(),
  parentName: z.string().nullable(),
  score: z.number().describe('0..100: the weighted sum of the normalised parts'),
  parts: z.record(z.enum(themeParts), z.number()).describe('each part normalised to 0..1 over the month’s categories'),
  figures: themeFigures,
  reasons: z.array(themeReason).describe('the parts that weigh most in the score, with their rank'),
});
export type ThemeProposal = z.infer<typeof themeProposal>;

export const themeProposals = z.object({
  month: z.string(),
  weights: z.record(z.enum(themeParts), z.number()),
  candidates: z.number().int().describe('categories with enough cases that are not under an active programme'),
  excluded: z.array(z.object({ categoryCode: z.string(), programmeId: z.string() })).describe('categories under an active programme'),
  items: z.array(themeProposal),
});
export type ThemeProposals = z.infer<typeof themeProposals>;

const id = z.string().min(1).max(60);

export const themeCreate = z.strictObject({
  month: themeMonth.describe('the month of the proposal (its cases are the baseline)'),
  categoryCode: z.string().min(1).max(40).describe('a second-level catalogue category'),
  title: z.string().trim().min(2).max(200),
  leadUnitId: id,
  coUnitIds: z.array(id).max(20).default([]),
  target: z.string().trim().min(2).max(1000).describe('what the programme means to reach, in words'),
  targetReductionPercent: z.number().int().min(1).max(100).optional().describe('the cut in monthly cases aimed at'),
});
export type ThemeCreate = z.input<typeof themeCreate>;

export const themeActionCreate = z.strictObject({
  title: z.string().trim().min(2).max(500),
  ownerUnitId: id.describe('the lead unit or a co-unit'),
  workingDays: z.number().int().min(1).max(250).optional().describe("due after this many working days (the city's calendar)"),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe("due at the end of this day (the city's time zone); give workingDays or dueDate"),
});
export type ThemeActionCreate = z.input<typeof themeActionCreate>;

export const themeActionDone = z.strictObject({ note: z.string().trim().min(2).max(2000) });
export const themeClose = z.strictObject({
  summary: z.string().trim().min(2).max(4000),
  reason: z.string().trim().min(2).max(1000).optional().describe('required while actions are still open'),
});

export const themeStatus = z.enum(['active', 'closed']);
export const themeActionStatus = z.enum(['open', 'done', 'overdue']);

const unitRef = z.object({ id: z.string(), name: z.string(), kind: unitKind });

export const themeAction = z.object({
  id: z.string(),
  title: z.string(),
  owner: unitRef,
  dueAt: z.string(),
  status: themeActionStatus.describe('overdue: open past its deadline'),
  doneAt: z.string().nullable(),
  note: z.string().nullable(),
  mayMarkDone: z.boolean(),
});
export type ThemeAction = z.infer<typeof themeAction>;

export const themeEffectMonth = z.object({
  month: z.string(),
  cases: z.number().int(),
  phase: z.enum(['before', 'month', 'after']),
  partial: z.boolean().describe('the current month, not over: shown, not in the mean'),
});

export const themeEffect = z.object({
  months: z.array(themeEffectMonth),
  beforeMean: z.number().nullable().describe('cases per month in the 6 months before the programme’s month'),
  afterMean: z.number().nullable().describe('cases per month in the complete months after it'),
  changePercent: z.number().nullable(),
});
export type ThemeEffect = z.infer<typeof themeEffect>;

export const themeSummary = z.object({
  id: z.string(),
  month: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  title: z.string(),
  status: themeStatus,
  leadUnit: unitRef,
  actionsOpen: z.number().int(),
  actionsOverdue: z.number().int(),
  actionsDone: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ThemeSummary = z.infer<typeof themeSummary>;

export const themeView = themeSummary.extend({
  target: z.string(),
  targetReductionPercent: z.number().int().nullable(),
  coUnits: z.array(unitRef),
  createdBy: z.string().nullable(),
  summary: z.string().nullable(),
  closeReason: z.string().nullable(),
  streets: z.number().int().describe('the streets its cases came from in its month'),
  actions: z.array(themeAction),
  effect: themeEffect,
  mayAddAction: z.boolean(),
  mayClose: z.boolean(),
  timeline: z.array(
    z.object({
      seq: z.number().int(),
      type: z.string(),
      at: z.string(),
      actorName: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type ThemeView = z.infer<typeof themeView>;

export const themeListQuery = z.strictObject({ status: themeStatus.optional() });
export const themeList = z.object({
  items: z.array(themeSummary),
  mayCreate: z.boolean().describe('the user picks proposals (city-wide leaders and administrators)'),
  mayReadProposals: z.boolean().describe('the user reads the city-wide proposals'),
});
export type ThemeList = z.infer<typeof themeList>;
