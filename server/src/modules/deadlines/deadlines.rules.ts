// Checks of a year's holiday arrangement as an administrator enters it.

export interface CalendarYearInput {
  daysOff: string[];
  adjustedWorkingDays: string[];
}

const isRealDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The problems of one year's arrangement: real dates of that year, no date twice, 调休 working days on weekends only. */
export function calendarYearProblems(year: number, input: CalendarYearInput): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const check = (date: string, list: string) => {
    if (!isRealDate(date)) return problems.push(`${list}: ${date} is not a date (YYYY-MM-DD)`);
    if (!date.startsWith(`${year}-`)) return problems.push(`${list}: ${date} is not in ${year}`);
    if (seen.has(date)) return problems.push(`${list}: ${date} is listed twice`);
    seen.add(date);
    return undefined;
  };
  for (const date of input.daysOff) check(date, 'daysOff');
  for (const date of input.adjustedWorkingDays) {
    if (check(date, 'adjustedWorkingDays') !== undefined) continue;
    const weekday = weekdayOf(date);
    if (weekday !== 0 && weekday !== 6) problems.push(`adjustedWorkingDays: ${date} is a weekday, already a working day`);
  }
  return problems;
}
