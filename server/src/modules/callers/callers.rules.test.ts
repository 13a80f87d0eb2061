import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLER_SETTINGS, countingFrom, flagReasonFor, normalizePhone, phoneHash } from './callers.rules.ts';

describe('caller flag rules', () => {
  it('flags at N marks or M cases, not before; marks first', () => {
    const s = DEFAULT_CALLER_SETTINGS;
    const table: [number, number, string | null][] = [
      [0, 0, null],
      [s.marksToFlag - 1, s.casesToFlag - 1, null],
      [s.marksToFlag, 0, 'marks'],
      [0, s.casesToFlag, 'repeated_cases'],
      [s.marksToFlag, s.casesToFlag, 'marks'],
    ];
    for (const [marks, cases, reason] of table) expect(flagReasonFor({ marks, cases }, s)).toBe(reason);
  });

  it('counts from the window, or from the last clearing when it is later', () => {
    const at = new Date('2026-11-28T08:00:00Z');
    expect(countingFrom(at, DEFAULT_CALLER_SETTINGS, null)).toEqual({
      marks: new Date('2026-10-29T08:00:00Z'),
      cases: new Date('2026-11-27T08:00:00Z'),
    });
    const cleared = new Date('2026-11-28T07:00:00Z');
    expect(countingFrom(at, DEFAULT_CALLER_SETTINGS, cleared)).toEqual({ marks: cleared, cases: cleared });
    expect(countingFrom(at, DEFAULT_CALLER_SETTINGS, new Date('2026-01-01T00:00:00Z')).cases).toEqual(new Date('2026-11-27T08:00:00Z'));
  });

  it('hashes one number however it is written, differently per city key', () => {
    expect(['13812345678', '+86 138-1234-5678', '008613812345678'].map(normalizePhone)).toEqual(Array(3).fill('13812345678'));
    expect(phoneHash('k1', '+8613812345678')).toBe(phoneHash('k1', '13812345678'));
    expect(phoneHash('k1', '13812345678')).not.toBe(phoneHash('k2', '13812345678'));
    expect(phoneHash('k1', '13812345678')).not.toContain('5678');
  });
});
