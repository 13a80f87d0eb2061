import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  FIGURES,
  SCORABLE_KEYS,
  compositeScore,
  figureValue,
  isInsufficient,
  rollUp,
  zeroCounts,
  type Counts,
} from './assessment.figures.ts';

// A unit's month, counted by hand: 20 cases last replied, 16 of them rated; 15 residents say they were
// contacted, 12 that it is solved, 10 that they are satisfied; 17 replied by the deadline; 2 reopened;
// 4,200 working minutes of handling in all; 3 went overdue; 5 returns. Not summoned by any whistle.
const month: Counts = {
  ...zeroCounts(),
  replied: 20,
  rated: 16,
  contacted: 15,
  solved: 12,
  satisfied: 10,
  onTime: 17,
  reopened: 2,
  handlingMinutes: 4_200,
  overdue: 3,
  returned: 5,
};

// The same month with whistles (吹哨报到): 8 summons whose deadline has passed, 6 checked in by the deadline;
// 4 ratings by the streets (arrival, attitude, result) 5·4·5, 4·4·3, 3·4·4, 5·5·5: 14 + 11 + 11 + 15 = 51
// points; and, as a street, 3 whistles blown over 1,200 cases received.
const withWhistles: Counts = { ...month, summonsDue: 8, arrivedOnTime: 6, ratings: 4, ratingPoints: 51, whistles: 3, casesReceived: 1_200 };

const values = (counts: Counts) => Object.fromEntries(FIGURES.map((f) => [f.key, figureValue(f, counts).value]));

describe('the figures on a hand-computed example', () => {
  it('computes each figure from its numerator and denominator', () => {
    expect(values(month)).toEqual({
      responseRate: 15 / 16, // 0.9375
      resolutionRate: 12 / 16, // 0.75
      satisfactionRate: 10 / 16, // 0.625
      onTimeRate: 17 / 20, // 0.85
      overdueCount: 3,
      returnRate: 5 / 25, // 0.2: returns ÷ (returns + replied)
      reopenRate: 2 / 20, // 0.1
      handlingHours: 3.5, // 4,200 min ÷ 20 cases ÷ 60
      // Not summoned, no whistle blown: not applicable.
      arrivalOnTimeRate: null,
      streetRating: null,
      whistleRate: null,
    });
    const response = figureValue(FIGURES[0]!, month);
    expect([response.numerator, response.denominator]).toEqual([15, 16]);
  });

  it('computes the whistle figures: 报到及时率, 街道评价 (mean 1–5 and its count), 吹哨率 per 1,000', () => {
    const v = values(withWhistles);
    expect(v.arrivalOnTimeRate).toBe(0.75); // 6 ÷ 8
    expect(v.streetRating).toBe(4.25); // 51 ÷ 4 ratings ÷ 3 dimensions = 4.25
    expect(v.whistleRate).toBe(2.5); // 3 ÷ 1,200 × 1,000
    const rating = figureValue(
      FIGURES.find((f) => f.key === 'streetRating')!,
      withWhistles,
    );
    expect([rating.numerator, rating.denominator]).toEqual([51, 4]); // the denominator is the count of ratings
  });

  it('has no value where nothing was counted, and a count of 0 where it is a count', () => {
    const v = values(zeroCounts());
    expect(v.satisfactionRate).toBeNull();
    expect(v.handlingHours).toBeNull();
    expect(v.overdueCount).toBe(0);
  });

  // Never summoned: the whistle figures are not applicable and their weights drop out (100 of the 110 remain).
  it('scores with the default weights: 35·0.625 + 25·0.75 + 15·0.9375 + 15·0.85 + 5·(1−0.2) + 5·(1−0.1) = 75.9375', () => {
    const results = FIGURES.map((f) => figureValue(f, month));
    expect(compositeScore(results, DEFAULT_SETTINGS.weights)).toBe(75.94);
  });

  it('scores the whistle figures with theirs: (75.9375 + 5·0.75 + 5·(4.25−1)/4) / 110 = 83.75 / 110 = 76.136…', () => {
    const results = FIGURES.map((f) => figureValue(f, withWhistles));
    expect(compositeScore(results, DEFAULT_SETTINGS.weights)).toBe(76.14);
    // The whistle rate is shown, never scored, whatever weight it is given.
    expect(SCORABLE_KEYS).not.toContain('whistleRate');
    expect(compositeScore(results, { ...DEFAULT_SETTINGS.weights, whistleRate: 50 })).toBe(76.14);
    // A rating of 1 scores 0, of 5 scores 1: only the rating weighed.
    const only = (ratingPoints: number) =>
      compositeScore(
        FIGURES.map((f) => figureValue(f, { ...zeroCounts(), ratings: 2, ratingPoints })),
        DEFAULT_SETTINGS.weights,
      );
    expect([only(6), only(18), only(30)]).toEqual([0, 50, 100]);
  });

  it('drops figures without a value and scales the other weights up', () => {
    // No callbacks: (15·0.85 + 5·0.8 + 5·0.9) / 25 = 0.85.
    const results = FIGURES.map((f) => figureValue(f, { ...month, rated: 0, contacted: 0, solved: 0, satisfied: 0 }));
    expect(compositeScore(results, DEFAULT_SETTINGS.weights)).toBe(85);
    expect(
      compositeScore(
        FIGURES.map((f) => figureValue(f, zeroCounts())),
        DEFAULT_SETTINGS.weights,
      ),
    ).toBeNull();
  });

  it('marks a unit with fewer rated cases than the minimum as insufficient', () => {
    expect(isInsufficient(month, 10)).toBe(false);
    expect(isInsufficient({ ...month, rated: 9 }, 10)).toBe(true);
  });

  it('defines every figure once, with a formula', () => {
    expect(new Set(FIGURES.map((f) => f.key)).size).toBe(FIGURES.length);
    for (const f of FIGURES) expect(f.formula.length).toBeGreaterThan(10);
  });
});

describe('rolling the counts up to every level', () => {
  const c = (replied: number): Counts => ({ ...zeroCounts(), replied });
  const rows = [
    { unitId: 'u1', regionPath: null, current: true, counts: c(3) },
    { unitId: 'u2', regionPath: null, current: true, counts: c(4) },
    { unitId: 'u1', regionPath: null, current: false, counts: c(9) },
    { unitId: null, regionPath: '41/4101/4101001/4101001001/4101001001001/', current: true, counts: c(2) },
    { unitId: null, regionPath: '41/4101/4101001/4101001002/', current: true, counts: c(5) },
    { unitId: null, regionPath: '41/4102/', current: true, counts: c(1) },
  ];
  const replied = (m: Map<string, Counts>) => Object.fromEntries([...m].map(([k, v]) => [k, v.replied]));

  it('sums by unit and by the territory at each depth of the place; a case placed higher counts only above', () => {
    expect(replied(rollUp(rows, 'unit', true))).toEqual({ u1: 3, u2: 4 });
    expect(replied(rollUp(rows, 'unit', false))).toEqual({ u1: 9 });
    expect(replied(rollUp(rows, 'city', true))).toEqual({ '41': 8 });
    expect(replied(rollUp(rows, 'district', true))).toEqual({ '4101': 7, '4102': 1 });
    expect(replied(rollUp(rows, 'street', true))).toEqual({ '4101001': 7 });
    expect(replied(rollUp(rows, 'grid', true))).toEqual({ '4101001001001': 2 });
    expect(replied(rollUp(rows, 'street', true, '41/4102/'))).toEqual({});
  });
});
