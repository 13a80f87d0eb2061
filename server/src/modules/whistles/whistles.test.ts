import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, WhistleList, WhistleView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { errorCode, loginAs, makeAccount, testApp, type Client } from '../../../test/harness.ts';
import { LEAVES, PLACES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { whistleFigures } from './index.ts';

// Whistles through the real HTTP API: the S1 street secretary blows, the district 城管 department
// (d1Dept) and the city department (cityDept) report.

let city: CaseCity;
let ctx: Context;
let secretary: Client;
let cityDeptHandler: Client;

const NEAR = { lng: 100.051, lat: 30.05 }; // ≈ 96 m from G1
const FAR = { lng: 100.07, lat: 30.05 }; // ≈ 1.9 km from G1

beforeAll(async () => {
  const test = await testApp();
  ctx = test.ctx;
  city = await makeCaseCity(test.app, ctx);
  await makeAccount(ctx, city, `wsec${city.code}`, [['secretary', 's1Office']]);
  await makeAccount(ctx, city, `wcity${city.code}`, [['handler', 'cityDept']]);
  secretary = await loginAs(test.app, `wsec${city.code}`, city.slug);
  cityDeptHandler = await loginAs(test.app, `wcity${city.code}`, city.slug);
});

const whistleBody = (overrides: Record<string, unknown> = {}) => ({
  problem: '小区外墙脱落砸坏车辆，需城管、住建联合处置',
  location: PLACES.G1,
  address: '文昌大道 18 号',
  unitIds: [city.units.d1Dept, city.units.cityDept],
  reason: 'beyond_street',
  ...overrides,
});

async function blow(overrides: Record<string, unknown> = {}, key?: string): Promise<WhistleView> {
  const response = await secretary.post('/api/whistles', whistleBody(overrides), key ? { 'idempotency-key': key } : {});
  if (response.statusCode !== 201) throw new Error(`blow failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function step(client: Client, id: string, action: Record<string, unknown>): Promise<WhistleView> {
  const response = await client.post(`/api/whistles/${id}/actions`, action);
  if (response.statusCode !== 200) throw new Error(`${String(action.type)} failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const attendanceOf = (w: WhistleView, unitId: string) => w.attendance.find((a) => a.unit.id === unitId)!;

/** Runs fn with the server's clock moved forward. */
async function later<T>(minutes: number, fn: () => Promise<T>): Promise<T> {
  const real = ctx.now;
  ctx.now = () => new Date(Date.now() + minutes * 60_000);
  try {
    return await fn();
  } finally {
    ctx.now = real;
  }
}

describe('blowing a whistle', () => {
  it('summons each department with the default 30 minutes and tells it at once', async () => {
    const w = await blow();
    expect(w.status).toBe('open');
    expect(w.arrivalMinutes).toBe(30);
    expect(Date.parse(w.dueAt) - Date.parse(w.blownAt)).toBe(30 * 60_000);
    expect(w.blowingUnit.id).toBe(city.units.s1Office);
    expect(w.regionName).toBe('G1区域');
    expect(w.attendance.map((a) => a.unit.id).sort()).toEqual([city.units.d1Dept, city.units.cityDept].sort());
    expect(w.allowedActions).toEqual(expect.arrayContaining(['close', 'spawn_case']));
    expect(w.timeline.map((e) => e.type)).toEqual(['whistle.blown']);
    const inbox = (await city.d1DeptHandler.get('/api/notifications')).json<{ items: { kind: string; whistleId: string | null }[] }>();
    expect(inbox.items).toContainEqual(expect.objectContaining({ kind: 'whistle.blown', whistleId: w.id }));
    const open = (await city.d1DeptHandler.get('/api/whistles?status=open&mine=true')).json<WhistleList>();
    expect(open.items.map((i) => i.id)).toContain(w.id);
    const mine = (await city.d1DeptHandler.get(`/api/whistles/${w.id}`)).json<WhistleView>();
    expect(mine.allowedActions.sort()).toEqual(['acknowledge', 'check_in']);
    expect(mine.actingUnitIds).toEqual([city.units.d1Dept]);
  });

  it('on a case takes its text and place', async () => {
    const c = (await createCaseAs(city.operator, hotlineCase())).case;
    const w = await blow({
      problem: undefined,
      location: undefined,
      address: undefined,
      caseId: c.id,
      reason: 'joint_enforcement',
      arrivalMinutes: 45,
    });
    expect(w.caseId).toBe(c.id);
    expect(w.problem).toBe(c.text);
    expect(w.location).toEqual(PLACES.G1);
    expect(w.arrivalMinutes).toBe(45);
  });

  it('refuses bad input with stable codes', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ unitIds: [] }, 400, 'validation_failed'],
      [{ reason: 'because' }, 400, 'validation_failed'],
      [{ unitIds: ['00000000-0000-0000-0000-000000000000'] }, 400, 'unknown_unit'],
      [{ unitIds: [city.units.s1Office] }, 400, 'invalid_unit'],
      [{ location: undefined }, 400, 'place_required'],
      [{ problem: undefined }, 400, 'problem_required'],
      [{ location: PLACES.outside }, 400, 'outside_city'],
      [{ caseId: '00000000-0000-0000-0000-000000000000' }, 400, 'unknown_case'],
      [{ location: PLACES.G3 }, 403, 'outside_territory'],
    ];
    for (const [overrides, status, code] of cases) {
      const response = await secretary.post('/api/whistles', whistleBody(overrides));
      expect([overrides, response.statusCode, errorCode(response)]).toEqual([overrides, status, code]);
    }
  });

  it('is idempotent: a retry with the same key answers the first whistle', async () => {
    const key = `blow-${Date.now()}`;
    const first = await blow({}, key);
    const retry = await secretary.post('/api/whistles', whistleBody(), { 'idempotency-key': key });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json<WhistleView>().id).toBe(first.id);
    const reused = await secretary.post('/api/whistles', whistleBody({ reason: 'emergency' }), { 'idempotency-key': key });
    expect([reused.statusCode, errorCode(reused)]).toEqual([422, 'idempotency_key_reused']);
  });
});

describe('reporting (报到)', () => {
  it('acknowledge, check in near, act; the street sees it all', async () => {
    const w = await blow();
    const acked = await step(city.d1DeptHandler, w.id, { type: 'acknowledge' });
    expect(attendanceOf(acked, city.units.d1Dept).acknowledgedAt).not.toBeNull();
    const again = await city.d1DeptHandler.post(`/api/whistles/${w.id}/actions`, { type: 'acknowledge' });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'already_acknowledged']);
    const early = await city.d1DeptHandler.post(`/api/whistles/${w.id}/actions`, { type: 'act', text: '到场前' });
    expect([early.statusCode, errorCode(early)]).toEqual([409, 'not_checked_in']);
    const arrived = await step(city.d1DeptHandler, w.id, { type: 'check_in', position: NEAR });
    const a = attendanceOf(arrived, city.units.d1Dept);
    expect(a.checkIn).toMatchObject({ lng: NEAR.lng, lat: NEAR.lat, far: false });
    expect(a.checkIn!.distanceMeters).toBeGreaterThan(80);
    expect(a.checkIn!.distanceMeters).toBeLessThan(110);
    expect(a.lateMinutes).toBe(0);
    await step(city.d1DeptHandler, w.id, { type: 'act', text: '已拉设警戒线，清理脱落物' });
    const seen = (await secretary.get(`/api/whistles/${w.id}`)).json<WhistleView>();
    expect(attendanceOf(seen, city.units.d1Dept).actions).toEqual([expect.objectContaining({ text: '已拉设警戒线，清理脱落物' })]);
    expect(seen.arrived).toBe(1);
    expect(seen.timeline.map((e) => e.type)).toEqual(['whistle.blown', 'whistle.acknowledged', 'whistle.checked_in', 'whistle.acted']);
  });

  it('flags a check-in far from the place and tells the street', async () => {
    const w = await blow();
    const arrived = await step(cityDeptHandler, w.id, { type: 'check_in', position: FAR });
    const a = attendanceOf(arrived, city.units.cityDept);
    expect(a.checkIn!.far).toBe(true);
    expect(a.checkIn!.distanceMeters).toBeGreaterThan(1500);
    expect(a.acknowledgedAt).not.toBeNull();
    const inbox = (await secretary.get('/api/notifications')).json<{ items: { kind: string; whistleId: string | null; text: string }[] }>();
    expect(inbox.items).toContainEqual(expect.objectContaining({ kind: 'whistle.checked_in', whistleId: w.id }));
  });

  it('measures lateness: minutes after the deadline, running before arrival', async () => {
    const w = await blow({ arrivalMinutes: 10 });
    const running = await later(25, async () => (await secretary.get(`/api/whistles/${w.id}`)).json<WhistleView>());
    expect(attendanceOf(running, city.units.d1Dept).lateMinutes).toBeGreaterThanOrEqual(15);
    const arrived = await later(40, () => step(city.d1DeptHandler, w.id, { type: 'check_in', position: NEAR }));
    const late = attendanceOf(arrived, city.units.d1Dept).lateMinutes!;
    expect(late).toBeGreaterThanOrEqual(30);
    expect(late).toBeLessThanOrEqual(31);
  });

  it('no department leaves an open whistle (事不完、人不撤); after the close it may', async () => {
    const w = await blow();
    await step(city.d1DeptHandler, w.id, { type: 'check_in', position: NEAR });
    const leave = await city.d1DeptHandler.post(`/api/whistles/${w.id}/actions`, { type: 'leave' });
    expect([leave.statusCode, errorCode(leave)]).toEqual([409, 'may_not_leave_until_closed']);
    await step(secretary, w.id, { type: 'close', result: '已处置完毕' });
    const left = await step(city.d1DeptHandler, w.id, { type: 'leave' });
    expect(attendanceOf(left, city.units.d1Dept).leftAt).not.toBeNull();
  });

  it('only staff of a summoned department report; only the blowing unit closes', async () => {
    const w = await blow({ unitIds: [city.units.d1Dept] });
    const stranger = await cityDeptHandler.get(`/api/whistles/${w.id}`);
    expect(stranger.statusCode).toBe(404);
    const notSummoned = await cityDeptHandler.post(`/api/whistles/${w.id}/actions`, { type: 'acknowledge' });
    expect(notSummoned.statusCode).toBe(404);
    const deptCloses = await city.d1DeptHandler.post(`/api/whistles/${w.id}/actions`, { type: 'close', result: '我们说结束了' });
    expect([deptCloses.statusCode, errorCode(deptCloses)]).toEqual([403, 'forbidden']);
    const streetReports = await secretary.post(`/api/whistles/${w.id}/actions`, { type: 'acknowledge' });
    expect([streetReports.statusCode, errorCode(streetReports)]).toEqual([403, 'forbidden']);
  });
});

describe('closing and rating (街道评价部门)', () => {
  it('closes with the result and the ratings; a closed whistle takes no reports', async () => {
    const w = await blow();
    await step(city.d1DeptHandler, w.id, { type: 'check_in', position: NEAR });
    const earlyRate = await secretary.post(`/api/whistles/${w.id}/actions`, {
      type: 'rate',
      ratings: [{ unitId: city.units.d1Dept, arrival: 5, attitude: 5, result: 5 }],
    });
    expect([earlyRate.statusCode, errorCode(earlyRate)]).toEqual([409, 'whistle_open']);
    const closed = await step(secretary, w.id, {
      type: 'close',
      result: '脱落物已清理，外墙已加固',
      ratings: [{ unitId: city.units.d1Dept, arrival: 5, attitude: 4, result: 5, comment: '响应迅速' }],
    });
    expect(closed.status).toBe('closed');
    expect(closed.result).toBe('脱落物已清理，外墙已加固');
    expect(attendanceOf(closed, city.units.d1Dept).rating).toEqual({ arrival: 5, attitude: 4, result: 5, comment: '响应迅速' });
    expect(closed.allowedActions).toEqual(expect.arrayContaining(['rate']));
    const rated = await step(secretary, w.id, {
      type: 'rate',
      ratings: [{ unitId: city.units.cityDept, arrival: 1, attitude: 2, result: 2 }],
    });
    expect(attendanceOf(rated, city.units.cityDept).rating).toMatchObject({ arrival: 1 });
    const twice = await secretary.post(`/api/whistles/${w.id}/actions`, {
      type: 'rate',
      ratings: [{ unitId: city.units.d1Dept, arrival: 1, attitude: 1, result: 1 }],
    });
    expect([twice.statusCode, errorCode(twice)]).toEqual([409, 'already_rated']);
    const stranger = await secretary.post(`/api/whistles/${w.id}/actions`, {
      type: 'rate',
      ratings: [{ unitId: city.units.s2Office, arrival: 1, attitude: 1, result: 1 }],
    });
    expect([stranger.statusCode, errorCode(stranger)]).toEqual([400, 'not_summoned']);
    const late = await cityDeptHandler.post(`/api/whistles/${w.id}/actions`, { type: 'check_in', position: NEAR });
    expect([late.statusCode, errorCode(late)]).toEqual([409, 'whistle_closed']);
    const reclose = await secretary.post(`/api/whistles/${w.id}/actions`, { type: 'close', result: '再次' });
    expect([reclose.statusCode, errorCode(reclose)]).toEqual([409, 'whistle_closed']);
    const bad = await secretary.post(`/api/whistles/${w.id}/actions`, {
      type: 'rate',
      ratings: [{ unitId: city.units.d1Dept, arrival: 6, attitude: 1, result: 1 }],
    });
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'validation_failed']);
  });
});

describe('follow-up cases', () => {
  it('spawns a case through the intake, linked both ways', async () => {
    const w = await blow();
    const spawned = await step(secretary, w.id, {
      type: 'spawn_case',
      text: '外墙整体排查加固，需住建部门跟进',
      categoryCode: LEAVES.street,
    });
    expect(spawned.spawnedCaseIds).toHaveLength(1);
    const caseId = spawned.spawnedCaseIds[0]!;
    expect(spawned.timeline.at(-1)).toMatchObject({ type: 'whistle.case_spawned', data: { caseId } });
    const c = (await city.dispatcher.get(`/api/cases/${caseId}`)).json<CaseView>();
    expect(c.timeline[0]).toMatchObject({ type: 'case.received', data: { whistleId: w.id } });
    expect(c.location).toEqual(PLACES.G1);
    expect(c.leadUnit?.id).toBe(city.units.s1Office);
  });
});

describe('figures', () => {
  it('counts whistles per street and arrival per department', async () => {
    const from = new Date(Date.now() - 3_600_000);
    const to = new Date(Date.now() + 24 * 3_600_000);
    const figures = await whistleFigures(ctx.database.db, city.id, { from, to }, new Date(Date.now() + 24 * 3_600_000));
    const street = figures.streets.get(city.units.s1Office)!;
    expect(street.whistles).toBeGreaterThan(5);
    expect(street.casesReceived).toBeGreaterThan(0);
    expect(street.ratePerThousand).toBe(Math.round((street.whistles / street.casesReceived) * 1000 * 100) / 100);
    expect(figures.streets.get(city.units.s3Office)!.whistles).toBe(0);
    const dept = figures.departments.get(city.units.d1Dept)!;
    expect(dept.arrived).toBeGreaterThan(0);
    expect(dept.summoned).toBeGreaterThan(dept.arrived);
    expect(dept.onTimeRate).toBeGreaterThan(0);
    expect(dept.onTimeRate).toBeLessThan(1);
    expect(dept.rating?.arrival).toBe(5);
  });
});

describe('settings', () => {
  it('city-wide administrators set the default deadline; new whistles take it', async () => {
    const denied = await city.districtAdmin.request('PUT', '/api/whistle-settings', { arrivalMinutes: 20, checkInRadiusMeters: 300 });
    expect(denied.statusCode).toBe(403);
    const saved = await city.admin.request('PUT', '/api/whistle-settings', { arrivalMinutes: 20, checkInRadiusMeters: 300 });
    expect(saved.json()).toEqual({ arrivalMinutes: 20, checkInRadiusMeters: 300 });
    const w = await blow();
    expect(w.arrivalMinutes).toBe(20);
    expect(w.checkInRadiusMeters).toBe(300);
    await city.admin.request('PUT', '/api/whistle-settings', { arrivalMinutes: 30, checkInRadiusMeters: 500 });
  });
});

describe('the units a street may summon', () => {
  it('lists departments first, never its own unit, and only to blowers', async () => {
    const { items } = (await secretary.get('/api/whistles/units')).json<{ items: { id: string; kind: string }[] }>();
    expect(items[0]!.kind).toBe('department');
    expect(items.map((u) => u.id)).toContain(city.units.d1Dept);
    expect(items.map((u) => u.id)).not.toContain(city.units.s1Office);
    const searched = (await secretary.get(`/api/whistles/units?q=${encodeURIComponent('d1Dept')}`)).json<{ items: { id: string }[] }>();
    expect(searched.items.map((u) => u.id)).toEqual([city.units.d1Dept]);
    expect((await city.d1DeptHandler.get('/api/whistles/units')).statusCode).toBe(403);
  });
});
