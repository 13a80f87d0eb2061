import { z } from 'zod';
import { deadlineTiers, type CaseStatus, type CaseUrgency, type DeadlineTier } from '@gongzhi/contracts';
import { addCalendarHours, addWorkingDays, addWorkingHours, workingHoursBetween, type WorkCalendar } from '../deadlines/index.ts';

// A city's case policy (time limits, first contact, warnings, reopen limit) and the pure clock
// arithmetic over it. Deadlines are data on the case row; the sweep acts on them.

const limit = z.strictObject({ amount: z.number().positive().max(1000), unit: z.enum(['hours', 'working_hours', 'working_days']) });
export type TimeLimit = z.infer<typeof limit>;

export const casePolicySchema = z.strictObject({
  tiers: z.strictObject(Object.fromEntries(deadlineTiers.map((tier) => [tier, limit])) as Record<DeadlineTier, typeof limit>),
  firstContact: limit.describe('the unit reaches the resident within this time of receipt (先联系)'),
  dueSoonFraction: z.number().min(0.05).max(0.9).describe('warn when this share of the allowed time is left'),
  maxReopens: z.number().int().min(0).max(10).describe('how many times an unsatisfied callback sends a case back'),
  callbackLinkDays: z.number().int().min(1).max(60),
});
export type CasePolicy = z.infer<typeof casePolicySchema>;

/** The defaults of the issue: emergency 2 h, water/power/gas/heating 24 h, general 7 and complex 15 working days. */
export const DEFAULT_CASE_POLICY: CasePolicy = {
  tiers: {
    emergency: { amount: 2, unit: 'hours' },
    utility: { amount: 24, unit: 'hours' },
    general: { amount: 7, unit: 'working_days' },
    complex: { amount: 15, unit: 'working_days' },
  },
  firstContact: { amount: 4, unit: 'working_hours' },
  dueSoonFraction: 0.25,
  maxReopens: 2,
  callbackLinkDays: 7,
};

/** The tier that governs a case: an emergency is always the emergency tier; urgent is at most the 24-hour tier. */
export function effectiveTier(leafTier: DeadlineTier | null, urgency: CaseUrgency): DeadlineTier {
  if (urgency === 'emergency') return 'emergency';
  const tier = leafTier ?? 'general';
  if (urgency === 'urgent' && (tier === 'general' || tier === 'complex')) return 'utility';
  return tier;
}

export function addLimit(calendar: WorkCalendar, from: Date, time: TimeLimit): Date {
  switch (time.unit) {
    case 'hours':
      return addCalendarHours(from, time.amount);
    case 'working_hours':
      return addWorkingHours(calendar, from, time.amount);
    case 'working_days':
      return addWorkingDays(calendar, from, Math.ceil(time.amount));
  }
}

export interface CaseClocks {
  firstContactDueAt: Date;
  dueAt: Date;
  dueSoonAt: Date;
}

/** The clocks of a case received at `receivedAt`. */
export function clocksFor(policy: CasePolicy, calendar: WorkCalendar, receivedAt: Date, tier: DeadlineTier): CaseClocks {
  const dueAt = addLimit(calendar, receivedAt, policy.tiers[tier]);
  const firstContact = addLimit(calendar, receivedAt, policy.firstContact);
  return {
    dueAt,
    // First contact can never be due after the case itself.
    firstContactDueAt: firstContact < dueAt ? firstContact : dueAt,
    dueSoonAt: new Date(dueAt.getTime() - (dueAt.getTime() - receivedAt.getTime()) * policy.dueSoonFraction),
  };
}

/** Statuses in which the clock runs (a suspended case's clock is stopped, a replied one has met it). */
const CLOCK_RUNS: readonly string[] = ['received', 'returned', 'dispatched', 'accepted', 'handling'];

export interface ClockState {
  status: CaseStatus | (string & {});
  firstContactDueAt: Date | null;
  firstContactAt: Date | null;
  firstContactOverdueAt: Date | null;
  dueAt: Date | null;
  dueSoonAt: Date | null;
  dueSoonWarnedAt: Date | null;
  overdueAt: Date | null;
}

/** When the deadline sweep must next look at the case, or null when nothing is pending. */
export function nextCheckAt(c: ClockState): Date | null {
  if (!CLOCK_RUNS.includes(c.status)) return null;
  const pending: Date[] = [];
  if (c.firstContactDueAt && !c.firstContactAt && !c.firstContactOverdueAt) pending.push(c.firstContactDueAt);
  if (c.dueSoonAt && !c.dueSoonWarnedAt && !c.overdueAt) pending.push(c.dueSoonAt);
  if (c.dueAt && !c.overdueAt) pending.push(c.dueAt);
  if (pending.length === 0) return null;
  return new Date(Math.min(...pending.map((d) => d.getTime())));
}

export type DeadlineMark = 'first_contact_overdue' | 'due_soon' | 'overdue';

/** What has come due by `now` and not yet been marked (the sweep marks each once). */
export function dueMarks(c: ClockState, now: Date): DeadlineMark[] {
  if (!CLOCK_RUNS.includes(c.status)) return [];
  const marks: DeadlineMark[] = [];
  if (c.firstContactDueAt && !c.firstContactAt && !c.firstContactOverdueAt && c.firstContactDueAt <= now)
    marks.push('first_contact_overdue');
  if (c.dueAt && !c.overdueAt && c.dueAt <= now) marks.push('overdue');
  else if (c.dueSoonAt && !c.dueSoonWarnedAt && c.dueSoonAt <= now) marks.push('due_soon');
  return marks;
}

/** How a case's due state reads at `now`. */
export function dueState(c: Pick<ClockState, 'status' | 'dueAt' | 'dueSoonAt'>, now: Date): 'none' | 'ok' | 'due_soon' | 'overdue' {
  if (!c.dueAt || !CLOCK_RUNS.includes(c.status)) return 'none';
  if (c.dueAt <= now) return 'overdue';
  if (c.dueSoonAt && c.dueSoonAt <= now) return 'due_soon';
  return 'ok';
}

/** On resume from 挂起: each clock that had not run out moves on by the working time the case was suspended. */
export function shiftForSuspension(calendar: WorkCalendar, suspendedAt: Date, now: Date, clock: Date | null): Date | null {
  if (!clock || clock <= suspendedAt) return clock;
  const stoppedHours = workingHoursBetween(calendar, suspendedAt, now);
  return addWorkingHours(calendar, clock, stoppedHours);
}

/** 张** : the family name only. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
