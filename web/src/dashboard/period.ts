// The dashboard's periods: presets in the city's calendar (Beijing time), or any range of days.

export const PERIOD_PRESETS = ['today', 'week', 'month', 'last30'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface DayRange {
  from: string;
  to: string;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Today in the city (YYYY-MM-DD). */
export function cityToday(now = new Date()): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The days of a preset, ending today: a week starts on Monday, a month on its first. */
export function presetRange(preset: PeriodPreset, now = new Date()): DayRange {
  const today = cityToday(now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'week': {
      const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
      return { from: addDays(today, -weekday), to: today };
    }
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'last30':
      return { from: addDays(today, -29), to: today };
  }
}

/** The preset a range is, if it is one (this month when no range is given: the API's default). */
export function presetOf(range: Partial<DayRange>, now = new Date()): PeriodPreset | 'custom' {
  if (!range.from && !range.to) return 'month';
  return (
    PERIOD_PRESETS.find((preset) => {
      const days = presetRange(preset, now);
      return days.from === range.from && days.to === (range.to ?? cityToday(now));
    }) ?? 'custom'
  );
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A day from the URL, or undefined when it is not one. */
export function validDay(value: string | null): string | undefined {
  return value && DAY.test(value) ? value : undefined;
}
