// Deadlines: pure working-time arithmetic for case time limits (接诉即办) over a city's work calendar,
// and mainland-China holiday data. No tables, no events, no I/O.
export {
  DEFAULT_WORKING_INTERVALS,
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
export type { CityTimeZone, WorkCalendar, WorkCalendarInput, Weekday, WorkingInterval } from './calendar.ts';
export { CHINA_HOLIDAY_ARRANGEMENTS, chinaCalendar2025to2026, isChinaHolidayYearCovered } from './holidays-cn.ts';
export type { HolidayArrangement } from './holidays-cn.ts';
export { installChinaHolidays, loadWorkCalendar, getCalendarYear, saveCalendarYear } from './deadlines.service.ts';
export { calendarYearProblems } from './deadlines.rules.ts';
