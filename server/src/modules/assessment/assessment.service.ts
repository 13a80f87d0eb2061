import type {
  AssessmentLevel,
  AssessmentRow,
  AssessmentSettings,
  AssessmentUnits,
  FigureDefinition,
  FigureValue,
} from '@gongzhi/contracts';
import { assessmentSettings as settingsSchema } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { badRequest, forbidden, notFound } from '../../lib/errors.ts';
import { cityRootPath, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { cityRefs, type Units } from '../cases/index.ts';
import {
  DEFAULT_SETTINGS,
  FIGURES,
  SCORABLE_KEYS,
  compositeScore,
  figureValue,
  isInsufficient,
  rollUp,
  zeroCounts,
  type CountLevel,
  type Counts,
  type Figure,
  type PlaceCounts,
} from './assessment.figures.ts';
import { assessmentScope, type AssessmentScope } from './assessment.access.ts';
import { refreshFacts } from './assessment.facts.ts';
import { whistleCounts } from './assessment.whistles.ts';
import * as repo from './assessment.repo.ts';
import { parsePeriod, previousPeriod, standings, type Period } from './assessment.rules.ts';

// The assessment of a level's units for a period: counts (one pass, assessment.repo.ts) → figures →
// score → rank and class against the previous period.

const HANDLING_KINDS = new Set(['department', 'utility']);

export const DEFINITIONS: FigureDefinition[] = FIGURES.map(
  ({ key, nameZh, nameEn, kind, higherIsBetter, source, scored, formula, formulaZh }) => ({
    key,
    nameZh,
    nameEn,
    kind,
    higherIsBetter,
    source,
    scored,
    formula,
    formulaZh,
  }),
);

/** The city's settings, the documented defaults where none are stored. */
export async function citySettings(ctx: Context, cityId: string): Promise<AssessmentSettings> {
  const stored = settingsSchema.safeParse(await repo.loadSettings(ctx.database.db, cityId));
  return stored.success ? stored.data : DEFAULT_SETTINGS;
}

/** The settings, for those who read the assessment. */
export async function getSettings(ctx: Context, actor: Actor): Promise<AssessmentSettings> {
  assessmentScope(actor);
  return citySettings(ctx, actor.cityId);
}

/** City-wide administrators set the weights, the fairness minimum and the thresholds. */
export async function saveSettings(ctx: Context, actor: Actor, settings: AssessmentSettings): Promise<AssessmentSettings> {
  const scope = assessmentScope(actor);
  if (!scope.admin || !scope.regionPaths.includes(cityRootPath(actor)))
    throw forbidden('The assessment settings are set by city-wide administrators');
  const unknown = Object.keys(settings.weights).filter((key) => !SCORABLE_KEYS.includes(key));
  if (unknown.length > 0)
    throw badRequest(
      'unknown_figure',
      `Only the scored figures (${SCORABLE_KEYS.join(', ')}) can be weighted; unknown: ${unknown.join(', ')}`,
    );
  if (!Object.values(settings.weights).some((w) => w > 0)) throw badRequest('no_weight', 'At least one figure needs a weight above 0');
  await ctx.database.db.transaction(async (tx) => {
    await repo.saveSettings(tx, actor.cityId, settings, actor.accountId, ctx.now());
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'assessment_settings.save',
      entityType: 'assessment_settings',
      detail: settings,
    });
  });
  return settings;
}

export interface Subject {
  key: string;
  name: string;
  kind: 'region' | 'unit';
  /** Where the subject sits: the region's path, or the unit's region path. */
  regionPath: string;
}

/** The units or territories a ranking compares. */
async function subjectsOf(
  ctx: Context,
  cityId: string,
  level: AssessmentLevel,
  region: repo.RegionRow,
  units: Units,
  counted: Set<string>,
) {
  if (level === 'department' || level === 'unit') {
    return units.list
      .filter((u) => u.regionPath.startsWith(region.path))
      .filter((u) => (level === 'department' ? HANDLING_KINDS.has(u.kind) : counted.has(u.id)))
      .map((u): Subject => ({ key: u.id, name: u.name, kind: 'unit', regionPath: u.regionPath }));
  }
  const regions = await repo.regionsAtLevel(ctx.database.db, cityId, level, region.path);
  return regions.map((r): Subject => ({ key: r.code, name: r.name, kind: 'region', regionPath: r.path }));
}

const iso = (d: Date) => d.toISOString();

/** The GET /api/cases query behind a figure of a subject in a period; null for a figure not made of cases. */
export function casesLink(figure: Figure, subject: Pick<Subject, 'key' | 'kind'>, period: Period): string | null {
  if (!figure.cases) return null;
  const params = new URLSearchParams({ view: 'all' });
  params.set(subject.kind === 'unit' ? 'unit' : 'region', subject.key);
  const [fromKey, toKey] = figure.cases.on === 'overdue' ? ['overdueFrom', 'overdueTo'] : ['repliedFrom', 'repliedTo'];
  params.set(fromKey, iso(period.from));
  params.set(toKey, iso(period.to));
  if (figure.cases.flag) params.set('flag', figure.cases.flag);
  return params.toString();
}

/** Figures, score and fairness of one subject's counts. */
export function assessCounts(subject: Pick<Subject, 'key' | 'kind'>, counts: Counts, period: Period, settings: AssessmentSettings) {
  const figures: FigureValue[] = FIGURES.map((figure) => ({
    ...figureValue(figure, counts),
    // A territory's returns cannot be listed by one filter; the unit's can.
    cases: figure.key === 'returnRate' && subject.kind === 'region' ? null : casesLink(figure, subject, period),
  }));
  return { figures, score: compositeScore(figures, settings.weights), insufficient: isInsufficient(counts, settings.minRated) };
}

/**
 * The counts of a period and the one before by unit and place, from one pass over the facts brought in
 * step first (assessment.facts.ts, assessment.repo.ts), joined by the whistle source's rows
 * (assessment.whistles.ts): every level and territory is summed from them. Kept for the city cache's few
 * seconds, so that the street and the department rankings and the bulletin of one period are computed once.
 */
function cityCounts(ctx: Context, cityId: string, period: Period): Promise<PlaceCounts[]> {
  return ctx.cache.get(cityId, `assessment:${period.key}`, async () => {
    const previous = previousPeriod(period);
    const [cases, whistles] = await Promise.all([
      refreshFacts(ctx, cityId).then(() => repo.placeCounts(ctx.database.db, cityId, period, previous)),
      whistleCounts(ctx, cityId, period, previous),
    ]);
    return [...cases, ...whistles];
  });
}

interface Ranking {
  period: Period;
  previous: Period;
  rows: AssessmentRow[];
}

/** Assesses every subject of a level under a territory, ranked and classed against the previous period. */
export async function rankLevel(
  ctx: Context,
  cityId: string,
  period: Period,
  level: AssessmentLevel,
  region: repo.RegionRow,
): Promise<Ranking> {
  const [settings, refs] = await Promise.all([citySettings(ctx, cityId), cityRefs(ctx, cityId)]);
  const previous = previousPeriod(period);
  const rows = await cityCounts(ctx, cityId, period);
  const [now, before] = [rollUp(rows, level, true, region.path), rollUp(rows, level, false, region.path)];
  const subjects = await subjectsOf(ctx, cityId, level, region, refs.units, new Set([...now.keys(), ...before.keys()]));
  const assess = (counts: Map<string, Counts>, p: Period) =>
    subjects.map((s) => {
      const c = counts.get(s.key) ?? zeroCounts();
      return { subject: s, counts: c, ...assessCounts(s, c, p, settings) };
    });
  const current = assess(now, period);
  const last = assess(before, previous);
  const lastRanks = new Map<string, number>();
  for (const [key, standing] of standings(
    last.map((r) => ({ key: r.subject.key, score: r.score, insufficient: r.insufficient })),
    new Map(),
    settings,
  )) {
    if (standing.rank !== null) lastRanks.set(key, standing.rank);
  }
  const ranks = standings(
    current.map((r) => ({ key: r.subject.key, score: r.score, insufficient: r.insufficient })),
    lastRanks,
    settings,
  );
  const lastScores = new Map(last.map((r) => [r.subject.key, r.score]));
  const ranked = current.map((r): AssessmentRow => {
    const standing = ranks.get(r.subject.key)!;
    const lastScore = lastScores.get(r.subject.key) ?? null;
    return {
      key: r.subject.key,
      name: r.subject.name,
      kind: r.subject.kind,
      counts: { ...r.counts, handlingMinutes: Math.round(r.counts.handlingMinutes) },
      figures: r.figures,
      score: r.score,
      insufficient: r.insufficient,
      ...standing,
      scoreChange: r.score !== null && lastScore !== null ? Math.round((r.score - lastScore) * 100) / 100 : null,
    };
  });
  ranked.sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (b.score ?? -1) - (a.score ?? -1) || a.name.localeCompare(b.name, 'zh'),
  );
  return { period, previous, rows: ranked };
}

function periodOrBadRequest(key: string): Period {
  try {
    return parsePeriod(key);
  } catch (error) {
    throw badRequest('invalid_period', (error as Error).message);
  }
}

/** The territory a reader asked for, or the widest of their scope; 404 outside it. */
export async function readerRegion(ctx: Context, actor: Actor, scope: AssessmentScope, code: string | undefined): Promise<repo.RegionRow> {
  const { db } = ctx.database;
  if (code) {
    const region = await repo.regionByCode(db, actor.cityId, code);
    const visible = region && scope.regionPaths.some((p) => region.path.startsWith(p));
    if (!region || !visible) throw notFound('region');
    return region;
  }
  const widest = [...scope.regionPaths].sort((a, b) => a.length - b.length)[0] ?? cityRootPath(actor);
  const region = await repo.regionByCode(db, actor.cityId, widest.split('/').at(-2)!);
  if (!region) throw notFound('region');
  return region;
}

/** GET /api/assessment/units: a level's units with counts, figures, score, rank and class, within the reader's scope. */
export async function assessUnits(
  ctx: Context,
  actor: Actor,
  query: { period: string; level: AssessmentLevel; region?: string | undefined },
): Promise<AssessmentUnits> {
  const scope = assessmentScope(actor);
  const territorial = query.level !== 'department' && query.level !== 'unit';
  // A department's reader sees itself among the city's departments, never the territories.
  if (scope.regionPaths.length === 0 && territorial) throw forbidden('Departments see their own assessment only');
  const period = periodOrBadRequest(query.period);
  const region = await readerRegion(ctx, actor, scope, scope.regionPaths.length === 0 ? undefined : query.region);
  const ranking = await rankLevel(ctx, actor.cityId, period, query.level, region);
  const own = new Set(scope.unitIds);
  const inTerritory = (row: AssessmentRow, regionPath: string | undefined) =>
    regionPath !== undefined && scope.regionPaths.some((p) => regionPath.startsWith(p));
  const units = territorial ? undefined : (await cityRefs(ctx, actor.cityId)).units;
  const rows = ranking.rows.filter((row) =>
    territorial ? true : own.has(row.key) || inTerritory(row, units!.byId.get(row.key)?.regionPath),
  );
  return { ...presentRanking(ranking, query.level, region), rows };
}

export function presentRanking(ranking: Ranking, level: AssessmentLevel, region: repo.RegionRow): AssessmentUnits {
  const { period, previous, rows } = ranking;
  return {
    period: { key: period.key, from: iso(period.from), to: iso(period.to), previous: previous.key },
    level,
    region: { code: region.code, name: region.name },
    definitions: DEFINITIONS,
    rows,
    ranked: rows.filter((r) => r.rank !== null).length,
  };
}

/** A territory's own figures (all cases placed in it), as a row without rank. */
export async function territoryTotal(ctx: Context, cityId: string, period: Period, region: repo.RegionRow): Promise<AssessmentRow> {
  const settings = await citySettings(ctx, cityId);
  const counts =
    rollUp(await cityCounts(ctx, cityId, period), region.level as CountLevel, true, region.path).get(region.code) ?? zeroCounts();
  const subject = { key: region.code, kind: 'region' as const };
  return {
    key: region.code,
    name: region.name,
    kind: 'region',
    counts: { ...counts, handlingMinutes: Math.round(counts.handlingMinutes) },
    ...assessCounts(subject, counts, period, settings),
    rank: null,
    previousRank: null,
    rankChange: null,
    scoreChange: null,
    class: null,
  };
}
