import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './assessment.figures.ts';
import { bottomOf, monthOf, parsePeriod, previousPeriod, rankRows, standings } from './assessment.rules.ts';

describe('periods in the city time zone (UTC+8)', () => {
  it.each([
    ['2026', '2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z', '2025'],
    ['2026-11', '2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z', '2026-10'],
    ['2026-01', '2025-12-31T16:00:00.000Z', '2026-01-31T16:00:00.000Z', '2025-12'],
    // ISO week 1 of 2026 starts on Monday 2025-12-29; 2025 has 52 weeks.
    ['2026-W01', '2025-12-28T16:00:00.000Z', '2026-01-04T16:00:00.000Z', '2025-W52'],
    ['2026-W48', '2026-11-22T16:00:00.000Z', '2026-11-29T16:00:00.000Z', '2026-W47'],
    ['2026-03-01', '2026-02-28T16:00:00.000Z', '2026-03-01T16:00:00.000Z', '2026-02-28'],
  ])('%s runs from %s to %s; the one before is %s', (key, from, to, before) => {
    const period = parsePeriod(key);
    expect([period.from.toISOString(), period.to.toISOString(), previousPeriod(period).key]).toEqual([from, to, before]);
  });

  it('refuses what is not a period', () => {
    expect(() => parsePeriod('2026-02-30')).toThrow(RangeError);
    expect(() => parsePeriod('2025-W53')).toThrow(RangeError);
    expect(() => parsePeriod('11/2026')).toThrow(RangeError);
    expect(() => parsePeriod('2026-13')).toThrow(RangeError);
  });

  it('tells the local month of an instant', () => {
    expect(monthOf(new Date('2026-10-31T16:30:00Z'))).toBe('2026-11');
  });
});

describe('ranks and classes', () => {
  // Ten units scored 90, 85 … 45 (a … j), and one with too few rated cases.
  const keys = [...'abcdefghij'];
  const rows = [...keys.map((key, i) => ({ key, score: 90 - 5 * i, insufficient: false })), { key: 'k', score: 99, insufficient: true }];

  it('ranks by score; equal scores share a rank; the insufficient are not ranked', () => {
    const ranks = rankRows([...rows, { key: 'b2', score: 85, insufficient: false }]);
    expect([ranks.get('a'), ranks.get('b'), ranks.get('b2'), ranks.get('c'), ranks.get('k')]).toEqual([1, 2, 2, 4, undefined]);
  });

  it('classes: top 20 % 先进, bottom 10 % 整改, bottom 3 twice running 治理, +3 places 进步', () => {
    // Last month: i was 1st, a … d 2nd … 5th, f g 6th 7th, h 8th, e 9th, j 10th.
    const previous = new Map(Object.entries({ i: 1, a: 2, b: 3, c: 4, d: 5, f: 6, g: 7, h: 8, e: 9, j: 10 }));
    const result = standings(rows, previous, DEFAULT_SETTINGS);
    const classOf = (key: string) => result.get(key)!.class;
    expect(keys.map(classOf)).toEqual(['advanced', 'advanced', null, null, 'progress', null, null, 'govern', null, 'govern']);
    expect(result.get('e')).toEqual({ rank: 5, previousRank: 9, rankChange: 4, class: 'progress' });
    expect(result.get('i')!.rankChange).toBe(-8);
    expect(result.get('k')).toEqual({ rank: null, previousRank: null, rankChange: null, class: null });
    // Without a previous month the bottom 10 % are 整改.
    expect(standings(rows, new Map(), DEFAULT_SETTINGS).get('j')!.class).toBe('rectify');
  });

  it('puts the bottom N ranked on the talk list, worst first', () => {
    const ranked = keys.map((key, i) => ({ key, rank: i + 1 }));
    expect(bottomOf([...ranked, { key: 'k', rank: null }], 3).map((r) => r.key)).toEqual(['j', 'i', 'h']);
  });
});
