import { z } from 'zod';
import { assessmentClasses } from './assessment.ts';
import { regionCode } from './org.ts';
import { caseChannels, caseStatuses, regionLevels, whistleStatuses } from './vocabulary.ts';

// The command centre (一屏知全域): one dashboard per territory, read from rollups kept with the cases.
// Every count carries the case search behind it (`cases`: a query string for GET /api/cases and the
// case search page), null where no list can show it.

const isoDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'YYYY-MM-DD');

export const dashboardQuery = z.strictObject({
  region: regionCode.optional().describe("the territory (default: the viewer's own)"),
  from: isoDay.optional().describe('first day of the period, in the city time zone (default: the first of this month)'),
  to: isoDay.optional().describe('last day of the period, inclusive (default: today)'),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const dashboardRegion = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(regionLevels),
  population: z.number().int(),
  /** From the city down to this region (this region last): the breadcrumb. */
  trail: z.array(z.object({ code: z.string(), name: z.string(), level: z.enum(regionLevels) })),
  /** False for grids and for the viewer's limits: nothing below to drill into. */
  hasChildren: z.boolean(),
});
export type DashboardRegion = z.infer<typeof dashboardRegion>;

export const dashboardPeriod = z.object({
  from: z.string(),
  to: z.string(),
  /** The period compared against: the same days of the month before (a month to date), else the days just before. */
  previousFrom: z.string(),
  previousTo: z.string(),
});

/** A number on the dashboard and the cases behind it. */
export const dashboardCount = z.object({ value: z.number(), cases: z.string().nullable() });
export type DashboardCount = z.infer<typeof dashboardCount>;

export const dashboardRate = z.object({
  key: z.enum(['response', 'resolution', 'satisfaction', 'onTime']),
  /** 0..1, null when nothing was rated (or replied, for onTime) in the period. */
  value: z.number().nullable(),
  previous: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
  cases: z.string().nullable(),
});
export type DashboardRate = z.infer<typeof dashboardRate>;

export const flowCountKeys = ['received', 'replied', 'closed', 'rated', 'contacted', 'solved', 'satisfied', 'onTime', 'overdue'] as const;
export type FlowCountKey = (typeof flowCountKeys)[number];

export const dashboardSummary = z.object({
  region: dashboardRegion,
  period: dashboardPeriod,
  asOf: z.string(),
  today: z.object({ received: dashboardCount, replied: dashboardCount, closed: dashboardCount, wentOverdue: dashboardCount }),
  /** Now: open (taken in, not yet replied), replied awaiting the callback, due soon (warned), overdue (open). */
  now: z.object({ open: dashboardCount, awaitingCallback: dashboardCount, dueSoon: dashboardCount, overdue: dashboardCount }),
  /** The period's flows, each with the previous period's value. */
  counts: z.record(z.enum(flowCountKeys), dashboardCount.extend({ previous: z.number() })),
  rates: z.array(dashboardRate),
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

export const dashboardMapRow = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(regionLevels),
  population: z.number().int(),
  open: dashboardCount,
  overdue: dashboardCount,
  received: dashboardCount,
  /** Cases received in the period per 10,000 residents (null without a population). */
  receivedPer10k: z.number().nullable(),
  rated: z.number(),
  /** 满意率 of the period, null when nothing was rated. */
  satisfaction: z.number().nullable(),
});
export type DashboardMapRow = z.infer<typeof dashboardMapRow>;

export const dashboardMap = z.object({ region: dashboardRegion, period: dashboardPeriod, children: z.array(dashboardMapRow) });
export type DashboardMap = z.infer<typeof dashboardMap>;

export const dashboardCategory = z.object({
  code: z.string().describe("the category code ('' for cases without one)"),
  name: z.string(),
  /** The top-level category (大类) it belongs to. */
  group: z.string(),
  received: dashboardCount,
  previous: z.number(),
});

export const dashboardCategories = z.object({
  period: dashboardPeriod,
  total: z.number(),
  /** The most frequent categories of the period, most first. */
  items: z.array(dashboardCategory),
  /** Every top-level category's total, most first. */
  groups: z.array(z.object({ code: z.string(), name: z.string(), received: z.number(), previous: z.number() })),
});
export type DashboardCategories = z.infer<typeof dashboardCategories>;

export const dashboardChannels = z.object({
  period: dashboardPeriod,
  items: z.array(z.object({ channel: z.enum(caseChannels), received: dashboardCount, previous: z.number() })),
});
export type DashboardChannels = z.infer<typeof dashboardChannels>;

export const dashboardSeries = z.object({
  /** The 30 days ending with the period's last day. */
  days: z.array(z.object({ day: z.string(), received: z.number(), replied: z.number(), closed: z.number(), overdue: z.number() })),
});
export type DashboardSeries = z.infer<typeof dashboardSeries>;

export const dashboardRanking = z.object({
  /** The assessment month ranked (this month). */
  period: z.string(),
  level: z.string(),
  items: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      score: z.number().nullable(),
      rank: z.number().int().nullable(),
      rankChange: z.number().int().nullable(),
      class: z.enum(assessmentClasses).nullable(),
      satisfaction: z.number().nullable(),
      insufficient: z.boolean(),
    }),
  ),
});
export type DashboardRanking = z.infer<typeof dashboardRanking>;

export const dashboardWhistles = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      problem: z.string(),
      status: z.enum(whistleStatuses),
      blownAt: z.string(),
      arriveBy: z.string(),
      blowingUnit: z.string(),
      regionName: z.string().nullable(),
      /** Each summoned department and whether it has arrived (on time, late) or is still awaited. */
      summons: z.array(
        z.object({ unitName: z.string(), arrival: z.enum(['awaited', 'on_time', 'late', 'missed']), checkedInAt: z.string().nullable() }),
      ),
    }),
  ),
});
export type DashboardWhistles = z.infer<typeof dashboardWhistles>;

export const dashboardPoints = z.object({
  /** Street level and below only; the most recent first, at most `limit`. */
  items: z.array(
    z.object({
      id: z.string(),
      trackingCode: z.string(),
      lng: z.number(),
      lat: z.number(),
      status: z.enum(caseStatuses),
      overdue: z.boolean(),
      receivedAt: z.string(),
    }),
  ),
  truncated: z.boolean(),
});
export type DashboardPoints = z.infer<typeof dashboardPoints>;

export const dashboardFeedKinds = ['case.created', 'case.overdue', 'case.replied', 'case.closed', 'whistle'] as const;

export const dashboardFeedItem = z.object({
  kind: z.enum(dashboardFeedKinds),
  at: z.string(),
  caseId: z.string().nullable(),
  whistleId: z.string().nullable(),
  trackingCode: z.string().nullable(),
  /** The first words of the complaint, or the whistle's title. */
  text: z.string(),
  category: z.string().nullable(),
  region: z.string().nullable(),
  status: z.string(),
});
export type DashboardFeedItem = z.infer<typeof dashboardFeedItem>;

/** GET /api/dashboard/feed: the latest items; GET /api/dashboard/stream sends each new one as an SSE `feed` event. */
export const dashboardFeed = z.object({ items: z.array(dashboardFeedItem) });
export type DashboardFeed = z.infer<typeof dashboardFeed>;
