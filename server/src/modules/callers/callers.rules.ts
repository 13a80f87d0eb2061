import { createHmac } from 'node:crypto';
import type { CallerFlagReason, CallerSettings } from '@gongzhi/contracts';

/**
 * Defaults: three marks by operators or dispatchers within 30 days, or five cases from one number within
 * 24 hours (a resident with several real problems rarely has more in a day; a caller repeating the same
 * demand does).
 */
export const DEFAULT_CALLER_SETTINGS: CallerSettings = { marksToFlag: 3, marksWindowDays: 30, casesToFlag: 5, casesWindowHours: 24 };

const HOUR_MS = 3_600_000;

/** One number however it is written: digits only, the mainland's +86 / 0086 left off. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.replace(/^(0086|86)(?=1\d{10}$)/, '');
}

/** The number as the flags know it: HMAC-SHA256 under the city's key, so the tables never hold it in clear. */
export function phoneHash(hashKey: string, phone: string): string {
  return createHmac('sha256', hashKey).update(normalizePhone(phone)).digest('base64url');
}

/** Why the number is flagged with these counts, or null. Marks weigh more than repeats. */
export function flagReasonFor(counts: { marks: number; cases: number }, settings: CallerSettings): CallerFlagReason | null {
  if (counts.marks >= settings.marksToFlag) return 'marks';
  if (counts.cases >= settings.casesToFlag) return 'repeated_cases';
  return null;
}

/** Where the counting of marks and of cases starts: the window, or the last clearing of a flag if later. */
export function countingFrom(at: Date, settings: CallerSettings, lastClearedAt: Date | null): { marks: Date; cases: Date } {
  const later = (d: Date) => (lastClearedAt && lastClearedAt > d ? lastClearedAt : d);
  return {
    marks: later(new Date(at.getTime() - settings.marksWindowDays * 24 * HOUR_MS)),
    cases: later(new Date(at.getTime() - settings.casesWindowHours * HOUR_MS)),
  };
}
