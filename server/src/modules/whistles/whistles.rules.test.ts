import { describe, expect, it } from 'vitest';
import * as rules from './whistles.rules.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 2, minute));
const fresh: rules.AttendanceState = { acknowledgedAt: null, arrivedAt: null, leftAt: null, ratedAt: null };
const place = { lng: 114.65, lat: 33.62 };
const whistle = { status: 'open' as const, dueAt: at(30), place, checkInRadiusMeters: 500 };

describe('whistle rules', () => {
  it('measures lateness in whole minutes after the deadline, rounded up', () => {
    expect(rules.lateMinutes(at(30), at(20))).toBe(0);
    expect(rules.lateMinutes(at(30), at(30))).toBe(0);
    expect(rules.lateMinutes(at(30), new Date(at(30).getTime() + 1_000))).toBe(1);
    expect(rules.lateMinutes(at(30), at(47))).toBe(17);
    expect(rules.arrivalDueAt(at(0), 30)).toEqual(at(30));
  });

  it('flags a check-in beyond the radius', () => {
    // 0.001° of latitude ≈ 111 m; 0.006° ≈ 667 m.
    expect(rules.checkInDistance(place, { lng: 114.65, lat: 33.621 }, 500)).toEqual({ distanceMeters: 111, far: false });
    expect(rules.checkInDistance(place, { lng: 114.65, lat: 33.626 }, 500)).toEqual({ distanceMeters: 667, far: true });
    expect(rules.checkInDistance(null, place, 500)).toEqual({ distanceMeters: 0, far: false });
  });

  it('checks in once, acknowledging on the way, and records lateness', () => {
    const result = rules.checkIn(whistle, fresh, { lng: 114.65, lat: 33.621 }, at(42));
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ acknowledgedAt: at(42), arrivedAt: at(42), lateMinutes: 12, checkInFar: false }),
    });
    expect(rules.checkIn(whistle, { ...fresh, arrivedAt: at(10) }, place, at(42))).toMatchObject({ ok: false, code: 'already_checked_in' });
    expect(rules.checkIn({ ...whistle, status: 'closed' }, fresh, place, at(42))).toMatchObject({ ok: false, code: 'whistle_closed' });
    const acked = rules.checkIn(whistle, { ...fresh, acknowledgedAt: at(2) }, place, at(5));
    expect(acked.ok && acked.value.acknowledgedAt).toEqual(at(2));
  });

  it('acknowledges once while open', () => {
    expect(rules.acknowledge('open', fresh, at(1))).toEqual({ ok: true, value: { acknowledgedAt: at(1) } });
    expect(rules.acknowledge('open', { ...fresh, acknowledgedAt: at(1) }, at(2))).toMatchObject({ code: 'already_acknowledged' });
    expect(rules.acknowledge('closed', fresh, at(2))).toMatchObject({ code: 'whistle_closed' });
  });

  it('records actions only on site while open', () => {
    expect(rules.act('open', fresh)).toMatchObject({ code: 'not_checked_in' });
    expect(rules.act('open', { ...fresh, arrivedAt: at(3) })).toEqual({ ok: true, value: null });
    expect(rules.act('closed', { ...fresh, arrivedAt: at(3) })).toMatchObject({ code: 'whistle_closed' });
  });

  it('事不完、人不撤: nobody leaves before the close', () => {
    expect(rules.leave('open', { ...fresh, arrivedAt: at(3) }, at(60))).toMatchObject({ code: 'may_not_leave_until_closed' });
    expect(rules.leave('closed', { ...fresh, arrivedAt: at(3) }, at(60))).toEqual({ ok: true, value: { leftAt: at(60) } });
    expect(rules.leave('closed', { ...fresh, leftAt: at(60) }, at(61))).toMatchObject({ code: 'already_left' });
  });

  it('closes once and rates each department once after the close', () => {
    expect(rules.close('open')).toEqual({ ok: true, value: { status: 'closed' } });
    expect(rules.close('closed')).toMatchObject({ code: 'whistle_closed' });
    expect(rules.rate('open', fresh)).toMatchObject({ code: 'whistle_open' });
    expect(rules.rate('closed', fresh)).toEqual({ ok: true, value: null });
    expect(rules.rate('closed', { ...fresh, ratedAt: at(70) })).toMatchObject({ code: 'already_rated' });
  });

  it('offers the report steps the state allows', () => {
    expect(rules.reportSteps('open', fresh)).toEqual(['acknowledge', 'check_in']);
    expect(rules.reportSteps('open', { ...fresh, acknowledgedAt: at(1) })).toEqual(['check_in']);
    expect(rules.reportSteps('open', { ...fresh, acknowledgedAt: at(1), arrivedAt: at(9) })).toEqual(['act']);
    expect(rules.reportSteps('closed', { ...fresh, arrivedAt: at(9) })).toEqual(['leave']);
    expect(rules.reportSteps('closed', { ...fresh, leftAt: at(90) })).toEqual([]);
  });
});
