import { describe, expect, it } from 'vitest';
import {
  actionStatus,
  addMonths,
  endOfLocalDay,
  isCalendarDate,
  mayClose,
  mayMarkDone,
  measureEffect,
  scoreCategories,
  type CategoryCounts,
} from './themes.rules.ts';

// The scoring on a constructed example whose answer is worked out by hand (README: weights 30/25/20/15/10).

const category = (code: string, over: Partial<CategoryCounts>): CategoryCounts => ({
  code,
  name: code,
  parentName: null,
  volume: 0,
  previousVolumes: [0, 0, 0],
  repeated: 0,
  reopened: 0,
  merged: 0,
  sameReporter: 0,
  samePlace: 0,
  rated: 0,
  satisfied: 0,
  streets: 1,
  leadUnits: 1,
  ...over,
});

// A: high volume, everyone satisfied, two streets, steady. B: half the volume, 25 % satisfied, 4 of 15 repeats,
// six streets, tripled. C: half the volume, 40 % satisfied, one street, new. D: too few cases to propose.
const A = category('A', { volume: 30, previousVolumes: [30, 30, 30], rated: 20, satisfied: 20, streets: 2 });
const B = category('B', {
  volume: 15,
  previousVolumes: [5, 5, 5],
  repeated: 4,
  reopened: 2,
  merged: 1,
  sameReporter: 1,
  rated: 12,
  satisfied: 3,
  streets: 6,
});
const C = category('C', { volume: 15, rated: 15, satisfied: 6, streets: 1 });
const D = category('D', { volume: 2, rated: 2, satisfied: 0 });

describe('scoreCategories', () => {
  it('ranks the spread, repeated, unsatisfying problem first and the concentrated one below it', () => {
    const scored = scoreCategories([A, B, C, D]);
    // B = 100 × (0.3 × 15/30 + 0.25 × 1 + 0.2 × 1 + 0.15 × 6/6 + 0.1 × 1)
    // C = 100 × (0.3 × 0.5 + 0.25 × 0.6/0.75 + 0 + 0.15 × 1/6 + 0)
    // A = 100 × (0.3 × 1 + 0 + 0 + 0.15 × 2/6 + 0)
    expect(scored.map((s) => [s.categoryCode, s.score])).toEqual([
      ['B', 85],
      ['C', 37.5],
      ['A', 35],
    ]);
    const b = scored[0]!;
    expect(b.figures.satisfactionRate).toBe(0.25);
    expect(b.figures.trendPercent).toBe(200);
    expect(b.reasons.slice(0, 2)).toEqual([
      { part: 'dissatisfaction', value: 0.25, rank: 1, of: 3 },
      { part: 'repeated', value: 4, rank: 1, of: 3 },
    ]);
    expect(scored[2]!.reasons[0]).toEqual({ part: 'volume', value: 30, rank: 1, of: 3 });
    expect(scored.find((s) => s.categoryCode === 'C')!.figures.trendPercent).toBeNull();
  });

  it('leaves out the categories under an active programme and renormalises the rest', () => {
    const scored = scoreCategories([A, B, C], new Set(['B']));
    // Without B, C has the lowest satisfaction (part 1) and A the most streets (part 1): C 47.5, A 45.
    expect(scored.map((s) => [s.categoryCode, s.score])).toEqual([
      ['C', 47.5],
      ['A', 45],
    ]);
  });

  it('does not count satisfaction from fewer rated cases than the assessment’s minimum', () => {
    const [only] = scoreCategories([category('E', { volume: 5, rated: 9, satisfied: 0 })], new Set(), 10);
    expect(only!.figures.satisfactionRate).toBeNull();
    expect(only!.parts.dissatisfaction).toBe(0);
  });
});

describe('measureEffect', () => {
  it('counts six months before, the month, and the months after; the current month is partial', () => {
    const counts = new Map([
      ['2026-03', 6],
      ['2026-08', 12],
      ['2026-09', 9],
      ['2026-10', 3],
      ['2026-11', 1],
    ]);
    const effect = measureEffect('2026-09', '2026-11', counts);
    expect(effect.months.map((m) => m.month)).toEqual([
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(effect.months.map((m) => m.phase).join()).toBe('before,before,before,before,before,before,month,after,after');
    expect(effect.months.at(-1)!.partial).toBe(true);
    expect(effect.beforeMean).toBe(3);
    expect(effect.afterMean).toBe(3);
    expect(effect.changePercent).toBe(0);
    expect(measureEffect('2026-11', '2026-11', counts).afterMean).toBeNull();
  });
});

describe('actions and closing', () => {
  const due = new Date('2026-11-20T16:00:00Z');
  it('marks an open action overdue from its deadline on', () => {
    expect(actionStatus({ status: 'open', dueAt: due }, new Date('2026-11-20T15:59:59Z'))).toBe('open');
    expect(actionStatus({ status: 'open', dueAt: due }, due)).toBe('overdue');
    expect(actionStatus({ status: 'done', dueAt: due }, new Date('2026-12-01T00:00:00Z'))).toBe('done');
  });
  it('closes with every action done or a reason; nothing changes a closed programme', () => {
    expect(mayClose('active', 0, undefined)).toEqual({ ok: true });
    expect(mayClose('active', 2, undefined)).toMatchObject({ ok: false, code: 'actions_open' });
    expect(mayClose('active', 2, '转入常态化管理')).toEqual({ ok: true });
    expect(mayClose('closed', 0, undefined)).toMatchObject({ code: 'programme_closed' });
    expect(mayMarkDone('active', { status: 'done' })).toMatchObject({ code: 'action_done' });
    expect(mayMarkDone('closed', { status: 'open' })).toMatchObject({ code: 'programme_closed' });
  });
  it('does month and date arithmetic in the city time zone', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(endOfLocalDay('2026-11-30', 480).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(isCalendarDate('2026-02-31')).toBe(false);
    expect(isCalendarDate('2026-02-28')).toBe(true);
  });
});
