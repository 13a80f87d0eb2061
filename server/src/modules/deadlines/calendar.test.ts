import { describe, expect, it } from 'vitest';
import { createRandom } from '../../lib/random.ts';
import {
  addCalendarHours,
  addWorkingDays,
  addWorkingHours,
  createWorkCalendar,
  isSupportedTimeZone,
  isWorkingDay,
  localDateOf,
  uncoveredYearsBetween,
  workingHoursBetween,
} from './calendar.ts';
import { CHINA_HOLIDAY_ARRANGEMENTS, chinaCalendar2025to2026, isChinaHolidayYearCovered } from './holidays-cn.ts';

const calendar = createWorkCalendar(chinaCalendar2025to2026());

/** An instant written in Beijing wall time. */
function at(localDateTime: string): Date {
  return new Date(`${localDateTime}+08:00`);
}

describe('working days', () => {
  it('follows the 2025 National Day arrangement', () => {
    expect(isWorkingDay(calendar, '2025-09-28')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay(calendar, '2025-10-08')).toBe(false); // Wednesday, holiday
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay(calendar, '2025-10-12')).toBe(false); // ordinary Sunday
    expect(isWorkingDay(calendar, '2025-10-09')).toBe(true); // ordinary Thursday
  });

  it('rejects a malformed date', () => {
    expect(() => isWorkingDay(calendar, '2025-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay(calendar, '2025-2-3')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('counts 7 working days across the 2025 National Day holiday', () => {
    // Received Fri 09-26 16:00; the day of receipt is not counted.
    // Sat 09-27 off · Sun 09-28 调休 = 1 · Mon 09-29 = 2 · Tue 09-30 = 3 · Oct 1-8 off ·
    // Thu 10-09 = 4 · Fri 10-10 = 5 · Sat 10-11 调休 = 6 · Sun 10-12 off · Mon 10-13 = 7 → due 17:00.
    expect(addWorkingDays(calendar, at('2025-09-26T16:00'), 7)).toEqual(at('2025-10-13T17:00'));
  });

  it('starts counting on the next working day for a case received on a Saturday', () => {
    // Sat 03-15: Mon 03-17 = 1, Tue 03-18 = 2, Wed 03-19 = 3.
    expect(addWorkingDays(calendar, at('2025-03-15T10:00'), 3)).toEqual(at('2025-03-19T17:00'));
    // Sat 04-26: the next working day is Sun 04-27 (调休上班 before Labour Day).
    expect(addWorkingDays(calendar, at('2025-04-26T10:00'), 1)).toEqual(at('2025-04-27T17:00'));
    // Sat 02-08 is itself a working day (调休), so it is the day of receipt: Sun off, Mon 02-10 = 1.
    expect(addWorkingDays(calendar, at('2025-02-08T10:00'), 1)).toEqual(at('2025-02-10T17:00'));
  });

  it('uses the local day of receipt, not the UTC one', () => {
    // Fri 23:30 in Beijing is still Friday: Mon 03-17 = 1.
    expect(addWorkingDays(calendar, at('2025-03-14T23:30'), 1)).toEqual(at('2025-03-17T17:00'));
    // Sunday 17:00 UTC is already Monday 01:00 in Beijing: Tue 03-18 = 1.
    expect(addWorkingDays(calendar, new Date('2025-03-16T17:00:00Z'), 1)).toEqual(at('2025-03-18T17:00'));
    expect(localDateOf(calendar, new Date('2025-03-16T17:00:00Z'))).toBe('2025-03-17');
  });

  it('counts across the 2026 Spring Festival', () => {
    // Fri 02-13: Sat 02-14 调休 = 1 · Feb 15-23 off · Tue 02-24 = 2 · Wed 02-25 = 3.
    expect(addWorkingDays(calendar, at('2026-02-13T10:00'), 3)).toEqual(at('2026-02-25T17:00'));
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => addWorkingDays(calendar, at('2025-03-14T10:00'), 0)).toThrow(RangeError);
    expect(() => addWorkingDays(calendar, at('2025-03-14T10:00'), 1.5)).toThrow(RangeError);
  });
});

describe('addCalendarHours', () => {
  it('runs round the clock, holidays included', () => {
    expect(addCalendarHours(at('2025-10-01T23:00'), 2)).toEqual(at('2025-10-02T01:00'));
    expect(addCalendarHours(at('2025-10-01T23:00'), 24)).toEqual(at('2025-10-02T23:00'));
  });
});

describe('addWorkingHours and workingHoursBetween', () => {
  it('skips the lunch break', () => {
    // Mon 03-17 11:00: 11-12 = 1 h, 13-14 = 1 h.
    expect(addWorkingHours(calendar, at('2025-03-17T11:00'), 2)).toEqual(at('2025-03-17T14:00'));
    // An exact fit stops at the end of the morning, not at the start of the afternoon.
    expect(addWorkingHours(calendar, at('2025-03-17T11:00'), 1)).toEqual(at('2025-03-17T12:00'));
    expect(addWorkingHours(calendar, at('2025-03-17T12:30'), 0.5)).toEqual(at('2025-03-17T13:30'));
    expect(workingHoursBetween(calendar, at('2025-03-17T11:00'), at('2025-03-17T14:00'))).toBe(2);
  });

  it('skips the weekend', () => {
    // Fri 03-14 16:00-17:00 = 1 h, then Mon 03-17 09:00-11:00 = 2 h.
    expect(addWorkingHours(calendar, at('2025-03-14T16:00'), 3)).toEqual(at('2025-03-17T11:00'));
    expect(addWorkingHours(calendar, at('2025-03-14T20:00'), 1)).toEqual(at('2025-03-17T10:00'));
    expect(workingHoursBetween(calendar, at('2025-03-14T16:00'), at('2025-03-17T11:00'))).toBe(3);
    expect(workingHoursBetween(calendar, at('2025-03-17T11:00'), at('2025-03-14T16:00'))).toBe(-3);
    expect(workingHoursBetween(calendar, at('2025-03-15T09:00'), at('2025-03-16T17:00'))).toBe(0);
  });

  it('works on an adjusted Saturday during the 2026 Spring Festival', () => {
    // Fri 02-13 16:00-17:00 = 1 h, Sat 02-14 (调休) 09:00-12:00 = 3 h.
    expect(addWorkingHours(calendar, at('2026-02-13T16:00'), 4)).toEqual(at('2026-02-14T12:00'));
    // Only Sat 02-14 lies between Friday's close and Tuesday's opening: one 7-hour day.
    expect(workingHoursBetween(calendar, at('2026-02-13T17:00'), at('2026-02-24T09:00'))).toBe(7);
  });

  it('are inverse of each other on random instants (seeded)', () => {
    const random = createRandom(20250926);
    const startMs = at('2025-01-01T00:00').getTime();
    const spanMs = at('2026-11-01T00:00').getTime() - startMs;
    for (let run = 0; run < 300; run += 1) {
      const from = new Date(startMs + Math.floor(random() * spanMs));
      const hours = random() * 300;
      const due = addWorkingHours(calendar, from, hours);
      expect(workingHoursBetween(calendar, from, due)).toBeCloseTo(hours, 6);

      const to = new Date(startMs + Math.floor(random() * spanMs));
      const between = workingHoursBetween(calendar, from, to);
      expect(workingHoursBetween(calendar, to, from)).toBe(between === 0 ? 0 : -between);
      if (between < 0) continue;
      const reached = addWorkingHours(calendar, from, between);
      expect(reached.getTime()).toBeLessThanOrEqual(to.getTime());
      expect(workingHoursBetween(calendar, reached, to)).toBeCloseTo(0, 6);
    }
  });
});

describe('China holiday data', () => {
  it.each(CHINA_HOLIDAY_ARRANGEMENTS)('$year: adjusted working days are weekend days and no date repeats', (arrangement) => {
    for (const date of arrangement.adjustedWorkingDays) {
      expect([0, 6], date).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
    }
    const dates = [...arrangement.daysOff, ...arrangement.adjustedWorkingDays];
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.every((date) => date.startsWith(`${arrangement.year}-`))).toBe(true);
  });

  it('has the number of days off the notices announce', () => {
    // 2025: 1 + 8 + 3 + 5 + 3 + 8; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
    expect(CHINA_HOLIDAY_ARRANGEMENTS.map((arrangement) => [arrangement.year, arrangement.daysOff.length])).toEqual([
      [2025, 28],
      [2026, 33],
    ]);
  });

  it('detects years without holiday data', () => {
    expect([2024, 2025, 2026, 2027].map(isChinaHolidayYearCovered)).toEqual([false, true, true, false]);
    const lateDecember = at('2026-12-28T10:00');
    expect(uncoveredYearsBetween(calendar, lateDecember, addWorkingDays(calendar, lateDecember, 7))).toEqual([2027]);
    expect(uncoveredYearsBetween(calendar, at('2025-09-26T16:00'), at('2025-10-13T17:00'))).toEqual([]);
    expect(uncoveredYearsBetween(createWorkCalendar(), at('2025-03-14T10:00'), at('2025-03-17T10:00'))).toEqual([2025]);
  });
});

describe('createWorkCalendar', () => {
  it('defaults to Asia/Shanghai, Sat-Sun weekend and 7 working hours', () => {
    const plain = createWorkCalendar();
    expect([plain.timeZone, plain.utcOffsetMinutes, plain.workingMinutesPerDay]).toEqual(['Asia/Shanghai', 480, 420]);
    expect(isSupportedTimeZone('America/New_York')).toBe(false);
  });

  it('rejects contradictory input', () => {
    expect(() =>
      createWorkCalendar({
        workingIntervals: [
          ['09:00', '12:00'],
          ['11:00', '17:00'],
        ],
      }),
    ).toThrow(RangeError);
    expect(() => createWorkCalendar({ workingIntervals: [['09:00', '25:00']] })).toThrow(RangeError);
    expect(() => createWorkCalendar({ holidayDates: ['2025-10-11'], adjustedWorkingDates: ['2025-10-11'] })).toThrow(RangeError);
    expect(() => createWorkCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
  });
});
