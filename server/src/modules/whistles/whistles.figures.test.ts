import { describe, expect, it } from 'vitest';
import { arrivalCounts, arrivalStats, averageRating, onTimeRate, whistleRatePerThousand } from './whistles.figures.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));

describe('whistle figures (hand-computed examples)', () => {
  it('吹哨率: whistles per 1,000 cases received', () => {
    // 7 whistles over 2,450 cases: 7 / 2450 × 1000 = 2.857… → 2.86.
    expect(whistleRatePerThousand(7, 2450)).toBe(2.86);
    expect(whistleRatePerThousand(0, 300)).toBe(0);
    expect(whistleRatePerThousand(3, 0)).toBeNull();
  });

  it('arrival time: median and mean minutes from the blow to the check-in', () => {
    // sorted 12, 18, 25, 40: median (18 + 25) / 2 = 21.5; mean 95 / 4 = 23.75.
    expect(arrivalStats([25, 12, 40, 18])).toEqual({ medianMinutes: 21.5, meanMinutes: 23.75 });
    // sorted 10, 20, 90: median 20; mean 120 / 3 = 40.
    expect(arrivalStats([90, 10, 20])).toEqual({ medianMinutes: 20, meanMinutes: 40 });
    expect(arrivalStats([])).toEqual({ medianMinutes: null, meanMinutes: null });
  });

  it('on-time rate: arrivals by the deadline over summons whose deadline has passed', () => {
    const now = at(100);
    const facts = [
      { dueAt: at(30), arrivedAt: at(25) }, // on time
      { dueAt: at(30), arrivedAt: at(30) }, // on time (at the deadline)
      { dueAt: at(30), arrivedAt: at(45) }, // late
      { dueAt: at(30), arrivedAt: null }, // never came: not on time
      { dueAt: at(120), arrivedAt: null }, // still in time: not counted
      { dueAt: at(120), arrivedAt: at(90) }, // arrived early: on time
    ];
    // on time 3 of 5 counted = 0.6.
    expect(onTimeRate(facts, now)).toBe(0.6);
    expect(arrivalCounts(facts, now)).toEqual({ due: 5, onTime: 3 });
    expect(onTimeRate([{ dueAt: at(120), arrivedAt: null }], now)).toBeNull();
  });

  it('average street rating, per dimension and overall', () => {
    const ratings = [
      { arrival: 5, attitude: 4, result: 3 }, // mean 4
      { arrival: 3, attitude: 5, result: 5 }, // mean 4.333…
      { arrival: 4, attitude: 3, result: 2 }, // mean 3
    ];
    // arrival 12/3 = 4; attitude 12/3 = 4; result 10/3 = 3.33; overall (4 + 4.333 + 3) / 3 = 3.78.
    expect(averageRating(ratings)).toEqual({ arrival: 4, attitude: 4, result: 3.33, overall: 3.78 });
    expect(averageRating([])).toBeNull();
  });
});
