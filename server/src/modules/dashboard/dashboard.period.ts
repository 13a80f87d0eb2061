import { badRequest } from '../../lib/errors.ts';

// Days of the dashboard: calendar days in the city's time zone, as YYYY-MM-DD.

const formats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone. */
export function localDay(at: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(at);
}

const utcMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

export const addDays = (day: string, n: number): string => new Date(utcMs(day) + n * 86_400_000).toISOString().slice(0, 10);

export const daysBetween = (from: string, to: string): number => Math.round((utcMs(to) - utcMs(from)) / 86_400_000);

/** The instant a day begins in a time zone. */
export function dayStart(day: string, timeZone: string): Date {
  const guess = utcMs(day);
  // The zone's offset at that moment: the wall clock there, read as if it were UTC, minus the moment.
  const wall = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(at);
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  };
  const offset = wall(guess) - guess;
  return new Date(guess - offset);
}

export interface DayRange {
  from: string;
  to: string;
}

export interface DashboardPeriod extends DayRange {
  previousFrom: string;
  previousTo: string;
}

/** The longest period asked for: three years and a bit. */
const MAX_DAYS = 1_100;

/**
 * The period asked for (default: this month to today) and the one it is compared with: for a period
 * starting on the 1st within one month, the same days of the month before (clamped to its length);
 * otherwise the same number of days just before.
 */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, today: string): DashboardPeriod {
  const to = query.to ?? today;
  const from = query.from ?? `${to.slice(0, 8)}01`;
  if (Number.isNaN(utcMs(from)) || Number.isNaN(utcMs(to)) || addDays(from, 0) !== from || addDays(to, 0) !== to) {
    throw badRequest('invalid_period', 'from and to must be real days (YYYY-MM-DD)');
  }
  if (from > to) throw badRequest('invalid_period', 'from must not be after to');
  if (daysBetween(from, to) >= MAX_DAYS) throw badRequest('invalid_period', `a period is at most ${MAX_DAYS} days`);
  if (from.endsWith('-01') && from.slice(0, 7) === to.slice(0, 7)) {
    const previousFrom = addDays(from, -1).slice(0, 8) + '01';
    const lastOfPrevious = addDays(from, -1);
    const sameDay = `${previousFrom.slice(0, 8)}${to.slice(8)}`;
    return { from, to, previousFrom, previousTo: sameDay < lastOfPrevious && addDays(sameDay, 0) === sameDay ? sameDay : lastOfPrevious };
  }
  const length = daysBetween(from, to) + 1;
  return { from, to, previousFrom: addDays(from, -length), previousTo: addDays(from, -1) };
}
