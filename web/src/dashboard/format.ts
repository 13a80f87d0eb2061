// How the dashboard writes its numbers: counts with separators, rates in per cent, changes with a sign.

export function formatCount(value: number, lang: string): string {
  return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 1 });
}

/** A rate of 0..1 as `87.5%`; a dash when nothing was counted. */
export function formatRate(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** The change of a count against the previous period, in per cent (null when there was nothing before). */
export function countChange(value: number, previous: number): number | null {
  if (previous === 0) return value === 0 ? 0 : null;
  return ((value - previous) / previous) * 100;
}

/** The change of a rate in percentage points (null when either period has none). */
export function rateChange(value: number | null, previous: number | null): number | null {
  return value === null || previous === null ? null : (value - previous) * 100;
}

/** `+12.3%`, `-4.0 pt`: a change with its sign. */
export function formatChange(change: number, unit: '%' | 'pt'): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${sign}${Math.abs(change).toFixed(1)}${unit === '%' ? '%' : ' pt'}`;
}

/** `14:05` of a timestamp in the city's time zone. */
export function formatClock(value: string | Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(value),
  );
}

/** `11-28 14:05` of a timestamp in the city's time zone. */
export function formatShortDateTime(value: string | Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(value))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
