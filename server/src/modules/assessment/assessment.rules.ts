import type { AssessmentClass, AssessmentSettings } from '@gongzhi/contracts';

// Pure rules of the assessment: periods in the city's time zone, ranks and the four classes.

const DAY_MS = 86_400_000;

export interface Period {
  key: string;
  kind: 'year' | 'month' | 'week' | 'day';
  from: Date;
  to: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local midnight of a calendar date as an instant (offset: the city's minutes ahead of UTC). */
const localMidnight = (y: number, m: number, d: number, offsetMinutes: number) => new Date(Date.UTC(y, m - 1, d) - offsetMinutes * 60_000);

/** Monday of ISO week 1 of a year, as a UTC date at midnight. */
function isoWeekOne(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - weekday * DAY_MS;
}

function isoWeekKey(utcMidnightMs: number): string {
  const date = new Date(utcMidnightMs);
  let year = date.getUTCFullYear();
  if (utcMidnightMs >= isoWeekOne(year + 1)) year += 1;
  else if (utcMidnightMs < isoWeekOne(year)) year -= 1;
  const week = Math.floor((utcMidnightMs - isoWeekOne(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${pad(week)}`;
}

/** The period named by YYYY, YYYY-MM, YYYY-Www (ISO week) or YYYY-MM-DD, from local midnight to local midnight. */
export function parsePeriod(key: string, offsetMinutes = 480): Period {
  const at = (ms: number) => new Date(ms - offsetMinutes * 60_000);
  let match = /^(\d{4})$/.exec(key);
  if (match) {
    const y = Number(match[1]);
    return { key, kind: 'year', from: localMidnight(y, 1, 1, offsetMinutes), to: localMidnight(y + 1, 1, 1, offsetMinutes) };
  }
  match = /^(\d{4})-(\d{2})$/.exec(key);
  if (match) {
    const [y, m] = [Number(match[1]), Number(match[2])];
    if (m < 1 || m > 12) throw new RangeError(`${key} is not a month`);
    return { key, kind: 'month', from: localMidnight(y, m, 1, offsetMinutes), to: localMidnight(y, m + 1, 1, offsetMinutes) };
  }
  match = /^(\d{4})-W(\d{2})$/.exec(key);
  if (match) {
    const start = isoWeekOne(Number(match[1])) + (Number(match[2]) - 1) * 7 * DAY_MS;
    if (isoWeekKey(start) !== key) throw new RangeError(`${key} is not a week of that year`);
    return { key, kind: 'week', from: at(start), to: at(start + 7 * DAY_MS) };
  }
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const start = Date.UTC(y, m - 1, d);
    if (new Date(start).getUTCDate() !== d) throw new RangeError(`${key} is not a date`);
    return { key, kind: 'day', from: at(start), to: at(start + DAY_MS) };
  }
  throw new RangeError(`${key} is not a period (YYYY, YYYY-MM, YYYY-Www or YYYY-MM-DD)`);
}

/** The period of the same kind just before. */
export function previousPeriod(period: Period, offsetMinutes = 480): Period {
  const localStart = period.from.getTime() + offsetMinutes * 60_000;
  const date = new Date(localStart);
  const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  switch (period.kind) {
    case 'year':
      return parsePeriod(String(y - 1), offsetMinutes);
    case 'month':
      return parsePeriod(m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`, offsetMinutes);
    case 'week':
      return parsePeriod(isoWeekKey(localStart - 7 * DAY_MS), offsetMinutes);
    case 'day': {
      const before = new Date(Date.UTC(y, m - 1, d) - DAY_MS);
      return parsePeriod(before.toISOString().slice(0, 10), offsetMinutes);
    }
  }
}

/** The month (YYYY-MM) an instant falls in, in the city's time zone. */
export function monthOf(at: Date, offsetMinutes = 480): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 7);
}

export interface Rankable {
  key: string;
  score: number | null;
  insufficient: boolean;
}

export interface Standing {
  rank: number | null;
  previousRank: number | null;
  rankChange: number | null;
  class: AssessmentClass | null;
}

/**
 * Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4). Units with too few rated
 * cases (or no score) are not ranked.
 */
export function rankRows(rows: readonly Rankable[]): Map<string, number> {
  const ranked = rows.filter((r) => !r.insufficient && r.score !== null).sort((a, b) => b.score! - a.score! || (a.key < b.key ? -1 : 1));
  const ranks = new Map<string, number>();
  ranked.forEach((row, i) => {
    const previous = ranked[i - 1];
    ranks.set(row.key, previous && previous.score === row.score ? ranks.get(previous.key)! : i + 1);
  });
  return ranks;
}

/**
 * The four classes, among the n ranked units, first match wins:
 * - 治理 govern: in the bottom `governBottomN` this period and the previous one (two periods running);
 * - 整改 rectify: in the bottom `rectifyShare` (at least one unit when the share is above 0);
 * - 先进 advanced: in the top `advancedShare`;
 * - 进步 progress: gained at least `progressPlaces` places since the previous period;
 * - otherwise none.
 */
export function standings(
  rows: readonly Rankable[],
  previous: ReadonlyMap<string, number>,
  settings: AssessmentSettings,
): Map<string, Standing> {
  const ranks = rankRows(rows);
  const n = ranks.size;
  const previousN = previous.size;
  const advancedCut = Math.ceil(settings.advancedShare * n);
  const rectifyCut = n - Math.ceil(settings.rectifyShare * n);
  const out = new Map<string, Standing>();
  for (const row of rows) {
    const rank = ranks.get(row.key) ?? null;
    const previousRank = previous.get(row.key) ?? null;
    const rankChange = rank !== null && previousRank !== null ? previousRank - rank : null;
    let klass: AssessmentClass | null = null;
    if (rank !== null) {
      const bottomNow = rank > n - settings.governBottomN;
      const bottomBefore = previousRank !== null && previousRank > previousN - settings.governBottomN;
      if (settings.governBottomN > 0 && bottomNow && bottomBefore) klass = 'govern';
      else if (rank > rectifyCut) klass = 'rectify';
      else if (rank <= advancedCut) klass = 'advanced';
      else if (rankChange !== null && rankChange >= settings.progressPlaces) klass = 'progress';
    }
    out.set(row.key, { rank, previousRank, rankChange, class: klass });
  }
  return out;
}

/** The talk list (约谈): the bottom N ranked units, worst first. */
export function bottomOf<T extends { rank: number | null }>(rows: readonly T[], n: number): T[] {
  return rows
    .filter((r) => r.rank !== null)
    .sort((a, b) => b.rank! - a.rank!)
    .slice(0, n);
}
