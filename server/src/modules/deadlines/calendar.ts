// Working-time arithmetic for case deadlines (接诉即办): pure functions over a WorkCalendar, no I/O.
//
// Deadline rule of addWorkingDays (the usual rule of the 12345 citizen hotlines):
// - the day of receipt is never counted, whatever the hour the case arrived;
// - day 1 is the first working day after the day of receipt, so a case received on a weekend or
//   holiday starts counting on the next working day, one received on a working day on the day after;
// - the case is due at the end of the Nth working day, taken as the end of that day's last working
//   interval (17:00 by default): the office is closed afterwards, so a reply logged that evening is late.
// A date is a working day if it is an adjusted working day (调休上班); otherwise if it is neither a
// public holiday nor a weekend day.
//
// Instants are Dates (UTC); days and working intervals are in the city's local wall time. Only
// fixed-offset zones are accepted (China has had no daylight saving time since 1991), so local time is
// UTC plus the offset and no Intl time-zone lookup is needed.

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Day index 0 is 1970-01-01, a Thursday. */
const EPOCH_WEEKDAY = 4;

const FIXED_OFFSET_MINUTES = { 'Asia/Shanghai': 480 } as const;

/** A city time zone this module can compute in: one with a fixed UTC offset. */
export type CityTimeZone = keyof typeof FIXED_OFFSET_MINUTES;

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Local wall-clock start and end of a working interval, 'HH:MM' ('24:00' allowed as an end). */
export type WorkingInterval = readonly [start: string, end: string];

export interface WorkCalendarInput {
  timeZone?: CityTimeZone;
  /** Sorted, disjoint working intervals of a working day. */
  workingIntervals?: readonly WorkingInterval[];
  weekendDays?: readonly Weekday[];
  /** Local dates (YYYY-MM-DD) that are days off: public holidays and bridging days. */
  holidayDates?: readonly string[];
  /** Local weekend dates (YYYY-MM-DD) that are working days (调休上班). */
  adjustedWorkingDates?: readonly string[];
  /** Years whose holiday arrangements are completely listed above. */
  holidayYears?: readonly number[];
}

export interface WorkCalendar {
  readonly timeZone: CityTimeZone;
  readonly utcOffsetMinutes: number;
  /** Minutes after local midnight, sorted and disjoint. */
  readonly workingIntervals: readonly { readonly startMinute: number; readonly endMinute: number }[];
  readonly workingMinutesPerDay: number;
  readonly weekendDays: ReadonlySet<Weekday>;
  readonly holidayDates: ReadonlySet<string>;
  readonly adjustedWorkingDates: ReadonlySet<string>;
  readonly holidayYears: ReadonlySet<number>;
}

/** 09:00-12:00 and 13:00-17:00: 7 working hours a day. */
export const DEFAULT_WORKING_INTERVALS: readonly WorkingInterval[] = [
  ['09:00', '12:00'],
  ['13:00', '17:00'],
];

/** Tells whether a zone name (from a city's settings) is one this module can compute in. */
export function isSupportedTimeZone(name: string): name is CityTimeZone {
  return Object.hasOwn(FIXED_OFFSET_MINUTES, name);
}

/** Builds and validates a calendar; throws a RangeError on a malformed or contradictory input. */
export function createWorkCalendar(input: WorkCalendarInput = {}): WorkCalendar {
  const timeZone = input.timeZone ?? 'Asia/Shanghai';
  if (!isSupportedTimeZone(timeZone)) throw new RangeError(`unsupported time zone ${String(timeZone)}: only fixed-offset zones`);
  const workingIntervals = parseWorkingIntervals(input.workingIntervals ?? DEFAULT_WORKING_INTERVALS);
  const weekendDays = new Set<Weekday>(input.weekendDays ?? [0, 6]);
  if (weekendDays.size >= 7) throw new RangeError('a calendar needs at least one working weekday');
  const holidayDates = new Set((input.holidayDates ?? []).map(requireLocalDate));
  const adjustedWorkingDates = new Set((input.adjustedWorkingDates ?? []).map(requireLocalDate));
  for (const date of adjustedWorkingDates) {
    if (holidayDates.has(date)) throw new RangeError(`${date} is both a holiday and an adjusted working day`);
  }
  return {
    timeZone,
    utcOffsetMinutes: FIXED_OFFSET_MINUTES[timeZone],
    workingIntervals,
    workingMinutesPerDay: workingIntervals.reduce((sum, { startMinute, endMinute }) => sum + endMinute - startMinute, 0),
    weekendDays,
    holidayDates,
    adjustedWorkingDates,
    holidayYears: new Set(input.holidayYears ?? []),
  };
}

/** Whether a local date (YYYY-MM-DD) is a working day of the calendar. */
export function isWorkingDay(calendar: WorkCalendar, date: string): boolean {
  return isWorkingDayIndex(calendar, dayIndexOfDate(requireLocalDate(date)));
}

/** The local date (YYYY-MM-DD) of an instant in the calendar's time zone. */
export function localDateOf(calendar: WorkCalendar, at: Date): string {
  return dateOfDayIndex(localDayIndexOf(calendar, requireInstant(at)));
}

/** The deadline of an N-working-day limit for a case received at `from` (rule at the top of the file). */
export function addWorkingDays(calendar: WorkCalendar, from: Date, days: number): Date {
  const fromMs = requireInstant(from);
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`working days must be a positive integer, got ${days}`);
  let day = localDayIndexOf(calendar, fromMs);
  for (let counted = 0; counted < days;) {
    day += 1;
    if (isWorkingDayIndex(calendar, day)) counted += 1;
  }
  const lastEndMinute = calendar.workingIntervals[calendar.workingIntervals.length - 1].endMinute;
  return new Date(localMidnightMs(calendar, day) + lastEndMinute * MINUTE_MS);
}

/** The instant reached after `hours` working hours from `from`, moving only through working intervals. */
export function addWorkingHours(calendar: WorkCalendar, from: Date, hours: number): Date {
  const fromMs = requireInstant(from);
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`working hours must be a finite number ≥ 0, got ${hours}`);
  let remainingMs = Math.round(hours * HOUR_MS);
  if (remainingMs === 0) return new Date(fromMs);
  // Ends inside the interval that exhausts the budget, so an exact fit stops at 12:00, not 13:00.
  for (let day = localDayIndexOf(calendar, fromMs); ; day += 1) {
    if (!isWorkingDayIndex(calendar, day)) continue;
    for (const [startMs, endMs] of workingSpansOf(calendar, day)) {
      const spanStartMs = Math.max(startMs, fromMs);
      if (spanStartMs >= endMs) continue;
      if (remainingMs <= endMs - spanStartMs) return new Date(spanStartMs + remainingMs);
      remainingMs -= endMs - spanStartMs;
    }
  }
}

/** An emergency or utility limit (2 h, 24 h) that runs round the clock. */
export function addCalendarHours(from: Date, hours: number): Date {
  const fromMs = requireInstant(from);
  if (!Number.isFinite(hours)) throw new RangeError(`calendar hours must be finite, got ${hours}`);
  return new Date(fromMs + Math.round(hours * HOUR_MS));
}

/** Working hours elapsed between two instants; negative if `to` is before `from`. */
export function workingHoursBetween(calendar: WorkCalendar, from: Date, to: Date): number {
  const fromMs = requireInstant(from);
  const toMs = requireInstant(to);
  if (toMs < fromMs) {
    const hours = workingHoursBetween(calendar, to, from);
    return hours === 0 ? 0 : -hours;
  }
  let totalMs = 0;
  const lastDay = localDayIndexOf(calendar, toMs);
  for (let day = localDayIndexOf(calendar, fromMs); day <= lastDay; day += 1) {
    if (!isWorkingDayIndex(calendar, day)) continue;
    for (const [startMs, endMs] of workingSpansOf(calendar, day)) {
      totalMs += Math.max(0, Math.min(endMs, toMs) - Math.max(startMs, fromMs));
    }
  }
  return totalMs / HOUR_MS;
}

/**
 * Local years touched by [from, to] whose holiday arrangements the calendar lacks: a deadline crossing
 * one of them was computed with weekends only, so callers should refuse or warn.
 */
export function uncoveredYearsBetween(calendar: WorkCalendar, from: Date, to: Date): number[] {
  const fromYear = Number(localDateOf(calendar, from).slice(0, 4));
  const toYear = Number(localDateOf(calendar, to).slice(0, 4));
  const [firstYear, lastYear] = [Math.min(fromYear, toYear), Math.max(fromYear, toYear)];
  const years: number[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (!calendar.holidayYears.has(year)) years.push(year);
  }
  return years;
}

function parseWorkingIntervals(intervals: readonly WorkingInterval[]): WorkCalendar['workingIntervals'] {
  if (intervals.length === 0) throw new RangeError('a calendar needs at least one working interval');
  const parsed = intervals.map(([start, end]) => ({ startMinute: minutesOfClock(start), endMinute: minutesOfClock(end) }));
  parsed.forEach(({ startMinute, endMinute }, index) => {
    const previousEndMinute = index === 0 ? 0 : parsed[index - 1].endMinute;
    if (startMinute >= endMinute || startMinute < previousEndMinute) {
      throw new RangeError(`working intervals must be sorted, disjoint and non-empty: ${JSON.stringify(intervals)}`);
    }
  });
  return parsed;
}

function minutesOfClock(clock: string): number {
  const match = /^(\d{2}):([0-5]\d)$/.exec(clock);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes <= 24 * 60)) throw new RangeError(`not a wall-clock time HH:MM: ${clock}`);
  return minutes;
}

function requireLocalDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || dateOfDayIndex(dayIndexOfDate(date)) !== date) {
    throw new RangeError(`not a calendar date YYYY-MM-DD: ${date}`);
  }
  return date;
}

function requireInstant(at: Date): number {
  const atMs = at.getTime();
  if (Number.isNaN(atMs)) throw new RangeError('invalid Date');
  return atMs;
}

function dayIndexOfDate(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function dateOfDayIndex(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function localDayIndexOf(calendar: WorkCalendar, atMs: number): number {
  return Math.floor((atMs + calendar.utcOffsetMinutes * MINUTE_MS) / DAY_MS);
}

function localMidnightMs(calendar: WorkCalendar, day: number): number {
  return day * DAY_MS - calendar.utcOffsetMinutes * MINUTE_MS;
}

function isWorkingDayIndex(calendar: WorkCalendar, day: number): boolean {
  const date = dateOfDayIndex(day);
  if (calendar.adjustedWorkingDates.has(date)) return true;
  if (calendar.holidayDates.has(date)) return false;
  const weekday = ((((day + EPOCH_WEEKDAY) % 7) + 7) % 7) as Weekday;
  return !calendar.weekendDays.has(weekday);
}

/** The working intervals of a local day as [startMs, endMs) instants. */
function workingSpansOf(calendar: WorkCalendar, day: number): [number, number][] {
  const midnightMs = localMidnightMs(calendar, day);
  return calendar.workingIntervals.map(({ startMinute, endMinute }) => [
    midnightMs + startMinute * MINUTE_MS,
    midnightMs + endMinute * MINUTE_MS,
  ]);
}
