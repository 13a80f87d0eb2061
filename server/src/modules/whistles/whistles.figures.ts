import type { Db } from '../../db/database.ts';
import * as repo from './whistles.repo.ts';

// The whistle's own figures. The pure functions hold the formulas; whistleFigures reads one period
// of a city from the database and applies them per unit (the assessment module calls it).

const MINUTE_MS = 60_000;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * 吹哨率: whistles per 1,000 cases received, for one street in one period:
 * rate = whistles ÷ cases × 1000 (null when no case was received: the rate is undefined).
 */
export function whistleRatePerThousand(whistles: number, casesReceived: number): number | null {
  if (casesReceived === 0) return null;
  return round2((whistles / casesReceived) * 1000);
}

/**
 * Arrival time of a department: the minutes from the blow to its on-site check-in, over the whistles
 * it arrived at. median = the middle value (the mean of the two middle ones for an even count),
 * mean = sum ÷ count; both null when it never arrived.
 */
export function arrivalStats(minutes: readonly number[]): { medianMinutes: number | null; meanMinutes: number | null } {
  if (minutes.length === 0) return { medianMinutes: null, meanMinutes: null };
  const sorted = [...minutes].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { medianMinutes: round2(median), meanMinutes: round2(mean) };
}

export interface AttendanceFact {
  dueAt: Date;
  arrivedAt: Date | null;
}

/**
 * On-time arrival rate: arrivals at or before the deadline ÷ summons whose deadline has passed (a
 * department that has not arrived by then counts as not on time; a summons still within its time
 * counts in neither). null when no deadline has passed.
 */
export function onTimeRate(facts: readonly AttendanceFact[], now: Date): number | null {
  const { due, onTime } = arrivalCounts(facts, now);
  return due === 0 ? null : round2(onTime / due);
}

/** The two counts of the on-time arrival rate: summons counted (`due`) and arrivals by the deadline among them (`onTime`). */
export function arrivalCounts(facts: readonly AttendanceFact[], now: Date): { due: number; onTime: number } {
  let due = 0;
  let onTime = 0;
  for (const f of facts) {
    const inTime = f.arrivedAt !== null && f.arrivedAt.getTime() <= f.dueAt.getTime();
    if (!inTime && f.dueAt.getTime() > now.getTime()) continue;
    due++;
    if (inTime) onTime++;
  }
  return { due, onTime };
}

export interface RatingFact {
  arrival: number;
  attitude: number;
  result: number;
}

/**
 * 街道评价: the average of the street's ratings (1–5), per dimension and overall
 * (overall = the mean over ratings of (arrival + attitude + result) ÷ 3); null without a rating.
 */
export function averageRating(
  ratings: readonly RatingFact[],
): { arrival: number; attitude: number; result: number; overall: number } | null {
  if (ratings.length === 0) return null;
  const mean = (pick: (r: RatingFact) => number) => ratings.reduce((sum, r) => sum + pick(r), 0) / ratings.length;
  return {
    arrival: round2(mean((r) => r.arrival)),
    attitude: round2(mean((r) => r.attitude)),
    result: round2(mean((r) => r.result)),
    overall: round2(mean((r) => (r.arrival + r.attitude + r.result) / 3)),
  };
}

export interface DepartmentWhistleFigures {
  summoned: number;
  arrived: number;
  medianArrivalMinutes: number | null;
  meanArrivalMinutes: number | null;
  onTimeRate: number | null;
  /** The on-time rate's counts: summons whose deadline has passed (or met early), arrivals by the deadline among them. */
  due: number;
  onTime: number;
  rating: ReturnType<typeof averageRating>;
  /** Ratings given (all three dimensions), and the sum of their points (arrival + attitude + result) for exact means. */
  rated: number;
  ratingPoints: number;
}

export interface StreetWhistleFigures {
  name: string;
  whistles: number;
  casesReceived: number;
  ratePerThousand: number | null;
}

export interface WhistleFigures {
  /** Per summoned unit (any unit that was summoned in the period). */
  departments: Map<string, DepartmentWhistleFigures>;
  /** Per street office: whistles blown by it or its communities, cases received in its territory. */
  streets: Map<string, StreetWhistleFigures>;
}

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** The whistle figures of a city for whistles blown and cases received in [from, to), per unit. */
export async function whistleFigures(db: Db, cityId: string, period: { from: Date; to: Date }, now = new Date()): Promise<WhistleFigures> {
  const [rows, streets] = await Promise.all([
    repo.attendanceInPeriod(db, cityId, period.from, period.to),
    repo.streetCounts(db, cityId, period.from, period.to),
  ]);
  const byUnit = new Map<string, typeof rows>();
  for (const row of rows) byUnit.set(row.unit_id, [...(byUnit.get(row.unit_id) ?? []), row]);
  const departments = new Map<string, DepartmentWhistleFigures>();
  for (const [unitId, list] of byUnit) {
    const arrivals = list.filter((r) => r.arrived_at !== null);
    const stats = arrivalStats(arrivals.map((r) => (asDate(r.arrived_at!).getTime() - asDate(r.blown_at).getTime()) / MINUTE_MS));
    const rated = list.filter((r) => r.rating_arrival !== null && r.rating_attitude !== null && r.rating_result !== null);
    const facts = list.map((r) => ({ dueAt: asDate(r.due_at), arrivedAt: r.arrived_at === null ? null : asDate(r.arrived_at) }));
    const ratings = rated.map((r) => ({ arrival: r.rating_arrival!, attitude: r.rating_attitude!, result: r.rating_result! }));
    departments.set(unitId, {
      summoned: list.length,
      arrived: arrivals.length,
      medianArrivalMinutes: stats.medianMinutes,
      meanArrivalMinutes: stats.meanMinutes,
      onTimeRate: onTimeRate(facts, now),
      ...arrivalCounts(facts, now),
      rating: averageRating(ratings),
      rated: ratings.length,
      ratingPoints: ratings.reduce((sum, r) => sum + r.arrival + r.attitude + r.result, 0),
    });
  }
  return {
    departments,
    streets: new Map(
      streets.map((s) => [
        s.unit_id,
        { name: s.unit_name, whistles: s.whistles, casesReceived: s.cases, ratePerThousand: whistleRatePerThousand(s.whistles, s.cases) },
      ]),
    ),
  };
}
