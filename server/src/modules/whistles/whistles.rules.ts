// The whistle (吹哨报到) as pure rules: what a step does to one department's attendance or to the
// whistle, or the stable code (answered as 409) that refuses it. No I/O: the service loads the rows,
// asks these rules, and writes what they return together with the timeline event.

import type { WhistleStatus } from '@gongzhi/contracts';
import { distanceMetres } from '../cases/index.ts';

export const DEFAULT_WHISTLE_SETTINGS = { arrivalMinutes: 30, checkInRadiusMeters: 500 };

const MINUTE_MS = 60_000;

/** The state of one summoned department that the rules read. */
export interface AttendanceState {
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  leftAt: Date | null;
  ratedAt: Date | null;
}

export interface Place {
  lng: number;
  lat: number;
}

export type RuleResult<T> = { ok: true; value: T } | { ok: false; code: WhistleErrorCode; message: string };

export type WhistleErrorCode =
  | 'whistle_closed'
  | 'whistle_open'
  | 'already_acknowledged'
  | 'already_checked_in'
  | 'not_checked_in'
  | 'may_not_leave_until_closed'
  | 'already_left'
  | 'already_rated';

const refuse = (code: WhistleErrorCode, message: string) => ({ ok: false as const, code, message });
const ok = <T>(value: T) => ({ ok: true as const, value });

/** Minutes after the deadline (whole minutes, rounded up), 0 when in time. */
export function lateMinutes(dueAt: Date, arrivedAt: Date): number {
  return Math.max(0, Math.ceil((arrivedAt.getTime() - dueAt.getTime()) / MINUTE_MS));
}

/** The arrival deadline: the blow plus the allowed minutes. */
export function arrivalDueAt(blownAt: Date, arrivalMinutes: number): Date {
  return new Date(blownAt.getTime() + arrivalMinutes * MINUTE_MS);
}

/** Where a check-in stands from the place: metres (rounded) and whether it is beyond the radius. */
export function checkInDistance(place: Place | null, position: Place, radiusMeters: number): { distanceMeters: number; far: boolean } {
  // A whistle placed only by an address cannot be measured against: no flag.
  if (!place) return { distanceMeters: 0, far: false };
  const distanceMeters = Math.round(distanceMetres(place, position));
  return { distanceMeters, far: distanceMeters > radiusMeters };
}

/** 签到 (acknowledge): once, while the whistle is open. */
export function acknowledge(status: WhistleStatus, a: AttendanceState, at: Date): RuleResult<Partial<AttendanceState>> {
  if (status !== 'open') return refuse('whistle_closed', 'the whistle is closed');
  if (a.acknowledgedAt) return refuse('already_acknowledged', 'the department has already acknowledged');
  return ok({ acknowledgedAt: at });
}

export interface CheckIn {
  acknowledgedAt: Date;
  arrivedAt: Date;
  checkInLng: number;
  checkInLat: number;
  checkInDistanceMeters: number;
  checkInFar: boolean;
  lateMinutes: number;
}

/** 报到 on site: once, while open; arriving acknowledges too. Lateness and distance are recorded. */
export function checkIn(
  whistle: { status: WhistleStatus; dueAt: Date; place: Place | null; checkInRadiusMeters: number },
  a: AttendanceState,
  position: Place,
  at: Date,
): RuleResult<CheckIn> {
  if (whistle.status !== 'open') return refuse('whistle_closed', 'the whistle is closed');
  if (a.arrivedAt) return refuse('already_checked_in', 'the department has already checked in');
  const { distanceMeters, far } = checkInDistance(whistle.place, position, whistle.checkInRadiusMeters);
  return ok({
    acknowledgedAt: a.acknowledgedAt ?? at,
    arrivedAt: at,
    checkInLng: position.lng,
    checkInLat: position.lat,
    checkInDistanceMeters: distanceMeters,
    checkInFar: far,
    lateMinutes: lateMinutes(whistle.dueAt, at),
  });
}

/** What a department did: recorded on site, after its check-in, while the whistle is open. */
export function act(status: WhistleStatus, a: AttendanceState): RuleResult<null> {
  if (status !== 'open') return refuse('whistle_closed', 'the whistle is closed');
  if (!a.arrivedAt) return refuse('not_checked_in', 'check in on site before recording what was done');
  return ok(null);
}

/** 事不完、人不撤: no department leaves an open whistle; after the close its departure is recorded once. */
export function leave(status: WhistleStatus, a: AttendanceState, at: Date): RuleResult<Partial<AttendanceState>> {
  if (status === 'open')
    return refuse('may_not_leave_until_closed', 'no department leaves before the street closes the whistle (事不完、人不撤)');
  if (a.leftAt) return refuse('already_left', 'the department has already left');
  return ok({ leftAt: at });
}

/** The blowing unit closes an open whistle with its result. */
export function close(status: WhistleStatus): RuleResult<{ status: 'closed' }> {
  if (status !== 'open') return refuse('whistle_closed', 'the whistle is already closed');
  return ok({ status: 'closed' });
}

/** 街道评价部门: each department is rated once, at or after the close. */
export function rate(status: WhistleStatus, a: AttendanceState): RuleResult<null> {
  if (status !== 'closed') return refuse('whistle_open', 'rate the departments when closing the whistle');
  if (a.ratedAt) return refuse('already_rated', 'the department has already been rated');
  return ok(null);
}

/** The report steps a summoned department may take now. */
export function reportSteps(status: WhistleStatus, a: AttendanceState): ('acknowledge' | 'check_in' | 'act' | 'leave')[] {
  const steps: ('acknowledge' | 'check_in' | 'act' | 'leave')[] = [];
  if (status === 'open') {
    if (!a.acknowledgedAt) steps.push('acknowledge');
    if (!a.arrivedAt) steps.push('check_in');
    else steps.push('act');
  } else if (!a.leftAt) steps.push('leave');
  return steps;
}
