// The city's clock: /api/me does not carry the city's time zone yet, and every demo city is in China.
export const CITY_TIME_ZONE = 'Asia/Shanghai';

const dateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2025-03-01 14:05:09` in the city's time zone: the same in every language, sortable by eye. */
export function formatDateTime(value: string | Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(value)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
