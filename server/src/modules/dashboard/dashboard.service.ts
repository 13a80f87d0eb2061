import {
  caseChannels,
  openAtUnitStatuses,
  type AssessmentLevel,
  type CaseChannel,
  type DashboardCategories,
  type DashboardChannels,
  type DashboardCount,
  type DashboardMap,
  type DashboardPoints,
  type DashboardQuery,
  type DashboardRanking,
  type DashboardRate,
  type DashboardRegion,
  type DashboardSeries,
  type DashboardSummary,
  type DashboardWhistles,
  type FlowCountKey,
  type RegionLevel,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { scopeOf, type Actor } from '../../lib/policy.ts';
import { rankLevel, parsePeriod } from '../assessment/index.ts';
import { cityUnits } from '../cases/index.ts';
import { childLevel, findCity, orgRepo, pathCodes } from '../org/index.ts';
import { addDays, dayStart, localDay, periodOf, type DashboardPeriod } from './dashboard.period.ts';
import * as repo from './dashboard.repo.ts';

// The panels of the dashboard, each from the rollups (dashboard.repo.ts) for one territory the viewer
// reads. Who sees a dashboard: whoever reads the cases of a territory (leaders, secretaries,
// administrators, dispatchers of a street, district or city); its numbers link to those cases.

/** Where a dashboard looks: the territory, its scope key (region path), the city's days. */
export interface View {
  cityId: string;
  timeZone: string;
  region: orgRepo.RegionSummaryRow;
  trail: { code: string; name: string; level: RegionLevel }[];
  period: DashboardPeriod;
  today: string;
}

/** The viewer's territories (path prefixes), or 403 for roles that read no territory's cases. */
export function dashboardPaths(actor: Actor): string[] {
  const paths = scopeOf(actor, 'case.read')?.regionPaths ?? [];
  if (paths.length === 0) throw forbidden("The dashboard shows a territory's cases: your roles read none");
  return paths;
}

async function cityTimeZone(ctx: Context, cityId: string): Promise<string> {
  return ctx.cache.get(cityId, 'timezone', async () => (await findCity(ctx.database.db, cityId))?.timezone ?? 'Asia/Shanghai');
}

/** The territory asked for (default: the viewer's widest), the period and today; 404 outside the viewer's scope. */
export async function viewOf(ctx: Context, actor: Actor, query: DashboardQuery): Promise<View> {
  const paths = dashboardPaths(actor);
  const { db } = ctx.database;
  const code = query.region ?? pathCodes([...paths].sort((a, b) => a.length - b.length)[0]!).at(-1)!;
  const region = await orgRepo.findRegionByCode(db, actor.cityId, code);
  if (!region || !paths.some((p) => region.path.startsWith(p))) throw notFound('region');
  const ancestors = await orgRepo.findRegionsByCodes(db, actor.cityId, pathCodes(region.path).slice(0, -1));
  ancestors.sort((a, b) => a.path.length - b.path.length);
  const timeZone = await cityTimeZone(ctx, actor.cityId);
  const today = localDay(ctx.now(), timeZone);
  return {
    cityId: actor.cityId,
    timeZone,
    region,
    trail: [...ancestors, region].map((r) => ({ code: r.code, name: r.name, level: r.level as RegionLevel })),
    period: periodOf(query, today),
    today,
  };
}

function presentRegion(view: View): DashboardRegion {
  const { region } = view;
  return {
    code: region.code,
    name: region.name,
    level: region.level as RegionLevel,
    population: region.population,
    trail: view.trail,
    hasChildren: region.childCount > 0,
  };
}

const presentPeriod = (p: DashboardPeriod) => ({ from: p.from, to: p.to, previousFrom: p.previousFrom, previousTo: p.previousTo });

// ── The case searches behind the numbers ──────────────────────────────────────────────────────────────

type Filters = Record<string, string>;

/** The GET /api/cases query of a territory's cases, with the filters given. */
const casesQuery = (code: string, filters: Filters): string => new URLSearchParams({ view: 'all', region: code, ...filters }).toString();

/** A day range as [from, to) instants under a pair of filter names (receivedFrom/receivedTo …). */
function during(view: View, on: 'received' | 'replied' | 'closed' | 'overdue', from: string, to: string): Filters {
  return {
    [`${on}From`]: dayStart(from, view.timeZone).toISOString(),
    [`${on}To`]: dayStart(addDays(to, 1), view.timeZone).toISOString(),
  };
}

const count = (value: number, cases: string | null): DashboardCount => ({ value, cases });

// ── Summary ───────────────────────────────────────────────────────────────────────────────────────────

const FLOW_MEASURES: Record<FlowCountKey, keyof repo.Flows> = {
  received: 'received',
  replied: 'replied',
  closed: 'closed',
  rated: 'rated',
  contacted: 'contacted',
  solved: 'solved',
  satisfied: 'satisfied',
  onTime: 'on_time',
  overdue: 'overdue',
};

const ZERO = Object.fromEntries(repo.FLOW_COLUMNS.map((c) => [c, 0])) as repo.Flows;

/** Rows of flows by a key (bucket, scope, day, part): a lookup giving zeros for a key without a row. */
function keyed(rows: repo.FlowRow[], key: (row: repo.FlowRow) => string): (k: string) => repo.Flows {
  const byKey = new Map(rows.map((r) => [key(r), r]));
  return (k) => byKey.get(k) ?? ZERO;
}

/** Taken in and not yet replied: in the dispatcher's queue or at a unit (the case list's state=open). */
const OPEN_STATUSES = new Set<string>(['received', 'returned', ...openAtUnitStatuses]);

/** The open cases of a scope: not yet replied, awaiting the callback, due soon and overdue among the open. */
function tallyOpen(rows: repo.OpenRow[]) {
  const tally = { open: 0, awaitingCallback: 0, dueSoon: 0, overdue: 0 };
  for (const r of rows) {
    if (r.status === 'replied') tally.awaitingCallback += r.n;
    else if (OPEN_STATUSES.has(r.status)) {
      tally.open += r.n;
      if (r.phase === 'due_soon') tally.dueSoon += r.n;
      if (r.phase === 'overdue') tally.overdue += r.n;
    }
  }
  return tally;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);

/** Where each flow's cases are found: the filters of its date and flag. */
function flowCases(view: View, key: FlowCountKey, from: string, to: string): string | null {
  const code = view.region.code;
  switch (key) {
    case 'received':
    case 'replied':
    case 'closed':
    case 'overdue':
      return casesQuery(code, during(view, key, from, to));
    case 'rated':
      return casesQuery(code, { ...during(view, 'replied', from, to), flag: 'rated' });
    case 'contacted':
    case 'solved':
    case 'satisfied':
    case 'onTime':
      return null; // the case list filters by what pulls a rate down: the rates link to those
  }
}

export async function summary(ctx: Context, view: View): Promise<DashboardSummary> {
  const { db } = ctx.database;
  const { period, today, region } = view;
  const scopes = [region.path];
  const [flows, open] = await Promise.all([
    repo.sumFlows(db, {
      cityId: view.cityId,
      scopes,
      parts: 'totals',
      by: [],
      buckets: [
        { name: 'current', from: period.from, to: period.to },
        { name: 'previous', from: period.previousFrom, to: period.previousTo },
        { name: 'today', from: today, to: today },
      ],
    }),
    repo.openNow(db, view.cityId, scopes),
  ]);
  const byBucket = keyed(flows, (r) => r.bucket);
  const flow = (measure: keyof repo.Flows, bucket: 'current' | 'previous' | 'today') => byBucket(bucket)[measure];
  const counts = Object.fromEntries(
    Object.entries(FLOW_MEASURES).map(([key, measure]) => [
      key,
      {
        value: flow(measure, 'current'),
        previous: flow(measure, 'previous'),
        cases: flowCases(view, key as FlowCountKey, period.from, period.to),
      },
    ]),
  ) as DashboardSummary['counts'];
  const rate = (key: DashboardRate['key'], numerator: keyof repo.Flows, denominator: keyof repo.Flows, flag: string): DashboardRate => ({
    key,
    value: ratio(flow(numerator, 'current'), flow(denominator, 'current')),
    previous: ratio(flow(numerator, 'previous'), flow(denominator, 'previous')),
    numerator: flow(numerator, 'current'),
    denominator: flow(denominator, 'current'),
    cases: casesQuery(region.code, { ...during(view, 'replied', period.from, period.to), flag }),
  });
  const now = tallyOpen(open);
  const state = (value: number, name: string) => count(value, casesQuery(region.code, { state: name }));
  return {
    region: presentRegion(view),
    period: presentPeriod(period),
    asOf: ctx.now().toISOString(),
    today: {
      received: count(flow('received', 'today'), flowCases(view, 'received', today, today)),
      replied: count(flow('replied', 'today'), flowCases(view, 'replied', today, today)),
      closed: count(flow('closed', 'today'), flowCases(view, 'closed', today, today)),
      wentOverdue: count(flow('overdue', 'today'), flowCases(view, 'overdue', today, today)),
    },
    now: {
      open: state(now.open, 'open'),
      awaitingCallback: state(now.awaitingCallback, 'awaiting_callback'),
      dueSoon: state(now.dueSoon, 'due_soon'),
      overdue: state(now.overdue, 'overdue'),
    },
    counts,
    rates: [
      rate('response', 'contacted', 'rated', 'not_contacted'),
      rate('resolution', 'solved', 'rated', 'not_solved'),
      rate('satisfaction', 'satisfied', 'rated', 'not_satisfied'),
      rate('onTime', 'on_time', 'replied', 'late'),
    ],
  };
}

// ── Map: the territories one level down ───────────────────────────────────────────────────────────────

export async function map(ctx: Context, view: View): Promise<DashboardMap> {
  const { db } = ctx.database;
  const { period } = view;
  const children = await orgRepo.listChildren(db, view.cityId, view.region.id);
  const scopes = children.map((c) => c.path);
  const [flows, open] =
    scopes.length === 0
      ? [[], []]
      : await Promise.all([
          repo.sumFlows(db, {
            cityId: view.cityId,
            scopes,
            parts: 'totals',
            by: ['scope'],
            buckets: [{ name: 'current', from: period.from, to: period.to }],
          }),
          repo.openNow(db, view.cityId, scopes),
        ]);
  const flow = keyed(flows, (r) => r.scope);
  return {
    region: presentRegion(view),
    period: presentPeriod(period),
    children: children.map((c) => {
      const now = tallyOpen(open.filter((r) => r.scope === c.path));
      const { received, rated, satisfied } = flow(c.path);
      return {
        code: c.code,
        name: c.name,
        level: c.level as RegionLevel,
        population: c.population,
        open: count(now.open, casesQuery(c.code, { state: 'open' })),
        overdue: count(now.overdue, casesQuery(c.code, { state: 'overdue' })),
        received: count(received, casesQuery(c.code, during(view, 'received', period.from, period.to))),
        receivedPer10k: c.population > 0 ? Math.round((received / c.population) * 100_000) / 10 : null,
        rated,
        satisfaction: ratio(satisfied, rated),
      };
    }),
  };
}

// ── Categories, channels, the 30 days ─────────────────────────────────────────────────────────────────

const TOP_CATEGORIES = 10;

/** Cases received per part (a category or a channel) in the current and the previous period. */
function receivedByPart(rows: repo.FlowRow[]): Map<string, { current: number; previous: number }> {
  const parts = new Map<string, { current: number; previous: number }>();
  for (const r of rows) {
    const entry = parts.get(r.part) ?? { current: 0, previous: 0 };
    if (r.bucket === 'current' || r.bucket === 'previous') entry[r.bucket] += r.received;
    parts.set(r.part, entry);
  }
  return parts;
}

/** Every category's name and top-level category (大类), by code. */
function categoryNames(ctx: Context, cityId: string) {
  return ctx.cache.get(cityId, 'dashboard:categories', async () => {
    const rows = await repo.categoryGroups(ctx.database.db, cityId);
    return new Map(rows.map((r) => [r.code, { name: r.name, groupCode: r.group_code, groupName: r.group_name }]));
  });
}

export async function categories(ctx: Context, view: View): Promise<DashboardCategories> {
  const { period, region } = view;
  const [rows, names] = await Promise.all([
    repo.sumFlows(ctx.database.db, {
      cityId: view.cityId,
      scopes: [region.path],
      parts: 'categories',
      by: ['part'],
      buckets: [
        { name: 'current', from: period.from, to: period.to },
        { name: 'previous', from: period.previousFrom, to: period.previousTo },
      ],
    }),
    categoryNames(ctx, view.cityId),
  ]);
  const items = [...receivedByPart(rows)]
    .map(([part, r]) => {
      const code = part.slice('cat:'.length);
      const leaf = names.get(code);
      return {
        code,
        name: leaf?.name ?? (code || '未分类'),
        group: leaf?.groupName ?? '未分类',
        groupCode: leaf?.groupCode ?? '',
        received: count(
          r.current,
          casesQuery(region.code, { ...during(view, 'received', period.from, period.to), category: code || 'none' }),
        ),
        previous: r.previous,
      };
    })
    .filter((item) => item.received.value > 0 || item.previous > 0);
  const groups = new Map<string, { code: string; name: string; received: number; previous: number }>();
  for (const item of items) {
    const group = groups.get(item.groupCode) ?? { code: item.groupCode, name: item.group, received: 0, previous: 0 };
    group.received += item.received.value;
    group.previous += item.previous;
    groups.set(item.groupCode, group);
  }
  items.sort((a, b) => b.received.value - a.received.value || a.code.localeCompare(b.code));
  return {
    period: presentPeriod(period),
    total: items.reduce((sum, item) => sum + item.received.value, 0),
    // Cases still waiting for a dispatcher's category are no hot category: they count in the total and the groups.
    items: items
      .filter((item) => item.code !== '')
      .slice(0, TOP_CATEGORIES)
      .map(({ groupCode: _, ...item }) => item),
    groups: [...groups.values()].sort((a, b) => b.received - a.received || a.code.localeCompare(b.code)),
  };
}

export async function channels(ctx: Context, view: View): Promise<DashboardChannels> {
  const { period, region } = view;
  const rows = await repo.sumFlows(ctx.database.db, {
    cityId: view.cityId,
    scopes: [region.path],
    parts: 'channels',
    by: ['part'],
    buckets: [
      { name: 'current', from: period.from, to: period.to },
      { name: 'previous', from: period.previousFrom, to: period.previousTo },
    ],
  });
  const byChannel = receivedByPart(rows);
  return {
    period: presentPeriod(period),
    items: caseChannels
      .map((channel: CaseChannel) => ({
        channel,
        received: count(
          byChannel.get(`ch:${channel}`)?.current ?? 0,
          casesQuery(region.code, { ...during(view, 'received', period.from, period.to), channel }),
        ),
        previous: byChannel.get(`ch:${channel}`)?.previous ?? 0,
      }))
      .sort((a, b) => b.received.value - a.received.value),
  };
}

const SERIES_DAYS = 30;

export async function series(ctx: Context, view: View): Promise<DashboardSeries> {
  const to = view.period.to;
  const from = addDays(to, -(SERIES_DAYS - 1));
  const rows = await repo.sumFlows(ctx.database.db, {
    cityId: view.cityId,
    scopes: [view.region.path],
    parts: 'totals',
    by: ['day'],
    buckets: [{ name: 'n', from, to }],
  });
  const at = keyed(rows, (r) => r.day);
  return {
    days: Array.from({ length: SERIES_DAYS }, (_, i) => {
      const day = addDays(from, i);
      const { received, replied, closed, overdue } = at(day);
      return { day, received, replied, closed, overdue };
    }),
  };
}

// ── Rankings, whistles, case points ───────────────────────────────────────────────────────────────────

/** How old a ranking may be before a request has it computed again (in the background: the old one answers meanwhile). */
const RANKINGS_FRESH_MS = 30_000;
const rankingsCache = new WeakMap<Context, Map<string, { at: number; value: Promise<DashboardRanking>; refreshing: boolean }>>();

/**
 * This month's assessment of the territories one level down: the assessment module's own ranking, the one
 * the bulletin publishes. It is the one panel that does not come from the rollups (the score weighs
 * handling time, returns and whistles too): it is computed at most every 30 s per territory and served
 * from the last computation meanwhile, so only the first request for a territory waits for it.
 */
export function rankings(ctx: Context, view: View): Promise<DashboardRanking> {
  let cache = rankingsCache.get(ctx);
  if (!cache) rankingsCache.set(ctx, (cache = new Map()));
  const key = `${view.cityId} ${view.region.path} ${view.today.slice(0, 7)}`;
  const entry = cache.get(key);
  const compute = () => computeRankings(ctx, view);
  if (!entry) {
    const value = compute();
    cache.set(key, { at: Date.now(), value, refreshing: false });
    value.catch(() => cache.delete(key));
    return value;
  }
  if (Date.now() - entry.at > RANKINGS_FRESH_MS && !entry.refreshing) {
    entry.refreshing = true;
    compute().then(
      (fresh) => cache.set(key, { at: Date.now(), value: Promise.resolve(fresh), refreshing: false }),
      () => (entry.refreshing = false),
    );
  }
  return entry.value;
}

async function computeRankings(ctx: Context, view: View): Promise<DashboardRanking> {
  const level = childLevel[view.region.level as RegionLevel] as AssessmentLevel | undefined;
  const month = view.today.slice(0, 7);
  if (!level) return { period: month, level: view.region.level, items: [] };
  const ranking = await rankLevel(ctx, view.cityId, parsePeriod(month), level, view.region);
  return {
    period: month,
    level,
    items: ranking.rows.map((row) => ({
      key: row.key,
      name: row.name,
      score: row.score,
      rank: row.rank,
      rankChange: row.rankChange,
      class: row.class,
      satisfaction: row.figures.find((f) => f.key === 'satisfactionRate')?.value ?? null,
      insufficient: row.insufficient,
    })),
  };
}

const WHISTLES = 20;

export async function whistles(ctx: Context, view: View): Promise<DashboardWhistles> {
  const [rows, units] = await Promise.all([
    repo.openWhistles(ctx.database.db, view.cityId, view.region.path, WHISTLES),
    cityUnits(ctx, view.cityId),
  ]);
  const now = ctx.now();
  const name = (id: string) => units.byId.get(id)?.name ?? '—';
  return {
    items: rows.map((w) => ({
      id: w.id,
      problem: w.problem,
      status: w.status,
      blownAt: w.blown_at.toISOString(),
      arriveBy: w.due_at.toISOString(),
      blowingUnit: name(w.unit_id),
      regionName: w.region_name,
      summons: w.attendance
        .map((a) => ({
          unitName: name(a.unitId),
          arrival: a.arrivedAt
            ? new Date(a.arrivedAt) <= w.due_at
              ? ('on_time' as const)
              : ('late' as const)
            : now > w.due_at
              ? ('missed' as const)
              : ('awaited' as const),
          checkedInAt: a.arrivedAt ? new Date(a.arrivedAt).toISOString() : null,
        }))
        .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    })),
  };
}

const POINTS = 2_000;
const POINT_LEVELS: readonly string[] = ['street', 'community', 'grid'];

export async function points(ctx: Context, view: View): Promise<DashboardPoints> {
  if (!POINT_LEVELS.includes(view.region.level)) return { items: [], truncated: false };
  const { period } = view;
  const rows = await repo.casePoints(
    ctx.database.db,
    view.cityId,
    view.region.path,
    dayStart(period.from, view.timeZone),
    dayStart(addDays(period.to, 1), view.timeZone),
    POINTS + 1,
  );
  return {
    items: rows.slice(0, POINTS).map((r) => ({
      id: r.id,
      trackingCode: r.tracking_code,
      lng: r.lng,
      lat: r.lat,
      status: r.status as DashboardPoints['items'][number]['status'],
      overdue: r.overdue,
      receivedAt: new Date(r.received_at).toISOString(),
    })),
    truncated: rows.length > POINTS,
  };
}
