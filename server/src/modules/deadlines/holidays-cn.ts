// Public holidays of mainland China as data, from the State Council General Office's yearly notices
// (国务院办公厅关于XXXX年部分节假日安排的通知), usually published in November of the year before.
// Only years whose notice is published and checked here are shipped: a deadline reaching a later year
// must be refused or flagged (see isChinaHolidayYearCovered and uncoveredYearsBetween in calendar.ts).
// To add a year, copy its notice date by date; the tests check that adjusted working days fall on
// weekends and that no date is listed twice.
import type { WorkCalendarInput } from './calendar.ts';

export interface HolidayArrangement {
  readonly year: number;
  /** Days off (法定节假日 and the bridging days of 放假调休), as local dates YYYY-MM-DD. */
  readonly daysOff: readonly string[];
  /** Weekend dates that are working days (调休上班). */
  readonly adjustedWorkingDays: readonly string[];
}

/** Every local date from `first` to `last`, both included, as the notices write them ("1月28日至2月4日"). */
function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day.toISOString().slice(0, 10) <= last; day.setUTCDate(day.getUTCDate() + 1)) {
    dates.push(day.toISOString().slice(0, 10));
  }
  return dates;
}

// From 2025 the Spring Festival and Labour Day each have one more statutory day (revised 全国年节及纪念日放假办法).
const ARRANGEMENT_2025: HolidayArrangement = {
  year: 2025,
  daysOff: [
    '2025-01-01', // 元旦 New Year's Day: 1 day
    ...datesFrom('2025-01-28', '2025-02-04'), // 春节 Spring Festival: 8 days
    ...datesFrom('2025-04-04', '2025-04-06'), // 清明节 Qingming: 3 days
    ...datesFrom('2025-05-01', '2025-05-05'), // 劳动节 Labour Day: 5 days
    ...datesFrom('2025-05-31', '2025-06-02'), // 端午节 Dragon Boat: 3 days
    ...datesFrom('2025-10-01', '2025-10-08'), // 国庆节、中秋节 National Day with Mid-Autumn: 8 days
  ],
  adjustedWorkingDays: [
    '2025-01-26', // 春节 (Sunday)
    '2025-02-08', // 春节 (Saturday)
    '2025-04-27', // 劳动节 (Sunday)
    '2025-09-28', // 国庆节、中秋节 (Sunday)
    '2025-10-11', // 国庆节、中秋节 (Saturday)
  ],
};

// Notice published in November 2025.
const ARRANGEMENT_2026: HolidayArrangement = {
  year: 2026,
  daysOff: [
    ...datesFrom('2026-01-01', '2026-01-03'), // 元旦 New Year's Day: 3 days
    ...datesFrom('2026-02-15', '2026-02-23'), // 春节 Spring Festival: 9 days
    ...datesFrom('2026-04-04', '2026-04-06'), // 清明节 Qingming: 3 days
    ...datesFrom('2026-05-01', '2026-05-05'), // 劳动节 Labour Day: 5 days
    ...datesFrom('2026-06-19', '2026-06-21'), // 端午节 Dragon Boat: 3 days
    ...datesFrom('2026-09-25', '2026-09-27'), // 中秋节 Mid-Autumn: 3 days
    ...datesFrom('2026-10-01', '2026-10-07'), // 国庆节 National Day: 7 days
  ],
  adjustedWorkingDays: [
    '2026-01-04', // 元旦 (Sunday)
    '2026-02-14', // 春节 (Saturday)
    '2026-02-28', // 春节 (Saturday)
    '2026-05-09', // 劳动节 (Saturday)
    '2026-09-20', // 国庆节 (Sunday)
    '2026-10-10', // 国庆节 (Saturday)
  ],
};

/** The shipped arrangements, one per year, in year order. */
export const CHINA_HOLIDAY_ARRANGEMENTS: readonly HolidayArrangement[] = [ARRANGEMENT_2025, ARRANGEMENT_2026];

/** Whether the holiday arrangements of a year are shipped; outside them only weekends are days off. */
export function isChinaHolidayYearCovered(year: number): boolean {
  return CHINA_HOLIDAY_ARRANGEMENTS.some((arrangement) => arrangement.year === year);
}

/** The mainland-China calendar input for 2025-2026 (Asia/Shanghai, Sat-Sun weekend, default hours). */
export function chinaCalendar2025to2026(): WorkCalendarInput {
  return {
    timeZone: 'Asia/Shanghai',
    weekendDays: [0, 6],
    holidayDates: CHINA_HOLIDAY_ARRANGEMENTS.flatMap((arrangement) => arrangement.daysOff),
    adjustedWorkingDates: CHINA_HOLIDAY_ARRANGEMENTS.flatMap((arrangement) => arrangement.adjustedWorkingDays),
    holidayYears: CHINA_HOLIDAY_ARRANGEMENTS.map((arrangement) => arrangement.year),
  };
}
