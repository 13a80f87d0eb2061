import type { ThemeEffect, ThemeFigures, ThemePart, ThemeProposal, ThemeReason } from '@gongzhi/contracts';
import { FIGURES, figureValue, zeroCounts } from '../assessment/index.ts';

// Pure rules of the monthly theme (每月一题): scoring the month's categories, the measured effect of a
// programme, an action's status and the closing rule. No I/O.

/**
 * The weights of the combined score (sum 1). Volume weighs most (a theme is a frequent problem), then
 * dissatisfaction (a hard one: the residents are not satisfied with how it is handled), repeats (it comes
 * back: reopened, merged duplicates, the same reporter or grid again), spread (many streets: no single
 * street can solve it, a department must lead) and growth.
 */
export const WEIGHTS: Readonly<Record<ThemePart, number>> = {
  volume: 0.3,
  dissatisfaction: 0.25,
  repeated: 0.2,
  spread: 0.15,
  trend: 0.1,
};

/** A category needs this many cases in the month to be proposed (fewer is noise). */
export const MIN_VOLUME = 3;
/**
 * Satisfaction counts only from this many rated cases (fewer: the part is 0 and the rate shown as unknown): the
 * city's assessment fairness minimum (`minRated`, default 10, the demo city 5), so that two answers out of three
 * never make a theme.
 */
export const DEFAULT_MIN_RATED = 10;
/** Months before a programme's month whose cases are its baseline. */
export const BASELINE_MONTHS = 6;

/** What the repo counts of one second-level category in one month. */
export interface CategoryCounts {
  code: string;
  name: string;
  parentName: string | null;
  volume: number;
  previousVolumes: number[];
  repeated: number;
  reopened: number;
  merged: number;
  sameReporter: number;
  samePlace: number;
  rated: number;
  satisfied: number;
  streets: number;
  leadUnits: number;
}

const SATISFACTION = FIGURES.find((f) => f.key === 'satisfactionRate')!;

/** The assessment's 满意率 (satisfied ÷ rated), or null under `minRated` rated cases. */
export function satisfactionRate(rated: number, satisfied: number, minRated = DEFAULT_MIN_RATED): number | null {
  if (rated < minRated) return null;
  return figureValue(SATISFACTION, { ...zeroCounts(), rated, satisfied }).value;
}

/** Growth of the month's volume over the mean of the months before, in percent; null without history. */
export function trendPercent(volume: number, previous: readonly number[]): number | null {
  const mean = previous.length === 0 ? 0 : previous.reduce((a, b) => a + b, 0) / previous.length;
  if (mean === 0) return null;
  return round1(((volume - mean) / mean) * 100);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The raw value of each part (higher = more of a theme), before normalising. */
function rawParts(c: CategoryCounts, minRated: number): Record<ThemePart, number> {
  const rate = satisfactionRate(c.rated, c.satisfied, minRated);
  return {
    volume: c.volume,
    dissatisfaction: rate === null ? 0 : 1 - rate,
    repeated: c.volume === 0 ? 0 : c.repeated / c.volume,
    spread: c.streets,
    trend: Math.max(0, trendPercent(c.volume, c.previousVolumes) ?? 0),
  };
}

/** 1-based ranks by a value, highest first; equal values share a rank; entries without a value get none. */
function ranksOf(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v === null ? null : 1 + values.filter((o) => o !== null && o > v).length));
}

/**
 * Scores the month's categories: each part divided by the month's largest (0..1), weighted and summed
 * (0..100). Categories under MIN_VOLUME or excluded (under an active programme) are left out. The reasons
 * are the parts that add most to the score among those where the category stands in the top quarter (at
 * least the top 3), at most three, each with its figure and its rank among the candidates.
 */
export function scoreCategories(
  all: readonly CategoryCounts[],
  exclude: ReadonlySet<string> = new Set(),
  minRated = DEFAULT_MIN_RATED,
): ThemeProposal[] {
  const candidates = all.filter((c) => c.volume >= MIN_VOLUME && !exclude.has(c.code));
  const raws = candidates.map((c) => rawParts(c, minRated));
  const parts = Object.keys(WEIGHTS) as ThemePart[];
  const max = Object.fromEntries(parts.map((p) => [p, Math.max(0, ...raws.map((r) => r[p]))])) as Record<ThemePart, number>;
  const rates = candidates.map((c) => satisfactionRate(c.rated, c.satisfied, minRated));
  const trends = candidates.map((c) => trendPercent(c.volume, c.previousVolumes));
  const ranks: Record<ThemePart, (number | null)[]> = {
    volume: ranksOf(candidates.map((c) => c.volume)),
    dissatisfaction: ranksOf(rates.map((r) => (r === null ? null : -r))),
    repeated: ranksOf(candidates.map((c) => c.repeated)),
    spread: ranksOf(candidates.map((c) => c.streets)),
    trend: ranksOf(trends),
  };
  const scored = candidates.map((c, i) => {
    const normalised = Object.fromEntries(parts.map((p) => [p, max[p] === 0 ? 0 : raws[i]![p] / max[p]])) as Record<ThemePart, number>;
    const score = round1(100 * parts.reduce((sum, p) => sum + WEIGHTS[p] * normalised[p], 0));
    const figures: ThemeFigures = {
      volume: c.volume,
      previousVolumes: c.previousVolumes,
      trendPercent: trends[i]!,
      repeated: c.repeated,
      reopened: c.reopened,
      merged: c.merged,
      sameReporter: c.sameReporter,
      samePlace: c.samePlace,
      rated: c.rated,
      satisfied: c.satisfied,
      satisfactionRate: rates[i]!,
      streets: c.streets,
      leadUnits: c.leadUnits,
    };
    const value: Record<ThemePart, number | null> = {
      volume: c.volume,
      dissatisfaction: rates[i]!,
      repeated: c.repeated,
      spread: c.streets,
      trend: trends[i]!,
    };
    const ranked = parts
      .filter((p) => normalised[p] > 0 && value[p] !== null && ranks[p][i] !== null)
      .map((p) => ({ part: p, value: value[p]!, rank: ranks[p][i]!, of: ranks[p].filter((r) => r !== null).length }))
      .sort((a, b) => WEIGHTS[b.part] * normalised[b.part] - WEIGHTS[a.part] * normalised[a.part]);
    const standing = ranked.filter((r) => r.rank <= Math.max(3, Math.ceil(r.of / 4)));
    const reasons: ThemeReason[] = (standing.length > 0 ? standing : ranked).slice(0, 3);
    return { categoryCode: c.code, categoryName: c.name, parentName: c.parentName, score, parts: normalised, figures, reasons };
  });
  scored.sort((a, b) => b.score - a.score || b.figures.volume - a.figures.volume || a.categoryCode.localeCompare(b.categoryCode));
  return scored.map((s, i) => ({ rank: i + 1, ...s }));
}

/** YYYY-MM shifted by a number of months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `first` to `last` inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The measured effect: cases of the category in each of the BASELINE_MONTHS months before the programme's
 * month, the month itself, and every month after it up to the current one (partial, shown but not in the
 * mean). The change compares the mean of the complete months after with the mean before.
 */
export function measureEffect(month: string, currentMonth: string, counts: ReadonlyMap<string, number>): ThemeEffect {
  const last = currentMonth > month ? currentMonth : month;
  const months = monthsBetween(addMonths(month, -BASELINE_MONTHS), last).map((m) => ({
    month: m,
    cases: counts.get(m) ?? 0,
    phase: m < month ? ('before' as const) : m === month ? ('month' as const) : ('after' as const),
    partial: m === currentMonth,
  }));
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const before = mean(months.filter((m) => m.phase === 'before').map((m) => m.cases));
  const after = mean(months.filter((m) => m.phase === 'after' && !m.partial).map((m) => m.cases));
  const changePercent = before === null || after === null || before === 0 ? null : round1(((after - before) / before) * 100);
  return { months, beforeMean: before === null ? null : round1(before), afterMean: after === null ? null : round1(after), changePercent };
}

/** True for a real calendar date YYYY-MM-DD (not 2026-02-31). */
export function isCalendarDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === date;
}

/** The end of a local date (YYYY-MM-DD): the next local midnight, as an instant. */
export function endOfLocalDay(date: string, utcOffsetMinutes: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - utcOffsetMinutes * 60_000);
}

/** An action as shown: done, or open, or overdue when open past its deadline. */
export function actionStatus(action: { status: 'open' | 'done'; dueAt: Date }, now: Date): 'open' | 'done' | 'overdue' {
  if (action.status === 'done') return 'done';
  return now.getTime() >= action.dueAt.getTime() ? 'overdue' : 'open';
}

export type RuleResult = { ok: true } | { ok: false; code: string; message: string };

const refuse = (code: string, message: string): RuleResult => ({ ok: false, code, message });
const ok: RuleResult = { ok: true };

/** A change on a programme: only while it is active. */
export const mayChange = (status: 'active' | 'closed'): RuleResult =>
  status === 'active' ? ok : refuse('programme_closed', 'the programme is closed');

/** Marking an action done: once. */
export function mayMarkDone(status: 'active' | 'closed', action: { status: 'open' | 'done' }): RuleResult {
  const open = mayChange(status);
  if (!open.ok) return open;
  return action.status === 'done' ? refuse('action_done', 'the action is already done') : ok;
}

/** Closing: every action done, or an explicit reason why not. */
export function mayClose(status: 'active' | 'closed', openActions: number, reason: string | undefined): RuleResult {
  const open = mayChange(status);
  if (!open.ok) return open;
  if (openActions > 0 && !reason)
    return refuse('actions_open', `${openActions} action(s) are not done: finish them or give the reason for closing now`);
  return ok;
}
