import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { type Client, errorCode, loginAs, makeAccount, makeCity, testApp, type TestCity } from '../../../test/harness.ts';
import { addWorkingDays, installChinaHolidays, loadWorkCalendar } from './index.ts';

let app: FastifyInstance;
let ctx: Context;
let city: TestCity;
let admin: Client;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCity(ctx);
  await installChinaHolidays(ctx.database.db, city.id);
  await makeAccount(ctx, city, 'cal-admin', [['admin', 'cityGov']]);
  await makeAccount(ctx, city, 'cal-district-admin', [['admin', 'd1Gov']]);
  await makeAccount(ctx, city, 'cal-handler', [['handler', 's1Office']]);
  admin = await loginAs(app, 'cal-admin', city.slug);
});

describe('the working calendar of a city', () => {
  it('starts with the national arrangements, readable by every role', async () => {
    const handler = await loginAs(app, 'cal-handler', city.slug);
    const year = (await handler.get('/api/calendar/2026')).json();
    expect(year).toMatchObject({ year: 2026, covered: true });
    expect(year.daysOff).toContain('2026-02-17');
    expect(year.adjustedWorkingDays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect((await handler.get('/api/calendar/2027')).json()).toMatchObject({ year: 2027, covered: false, daysOff: [] });
  });

  it('lets a city-wide administrator enter a year, which moves deadlines at once', async () => {
    const receivedAt = new Date('2027-01-29T02:00:00Z'); // Friday 10:00 in 周口
    const before = addWorkingDays(await loadWorkCalendar(ctx.database.db, city.id), receivedAt, 1);
    expect(before.toISOString()).toBe('2027-02-01T09:00:00.000Z'); // Monday 17:00
    const saved = await admin.request('PUT', '/api/calendar/2027', { daysOff: ['2027-02-01', '2027-01-01'], adjustedWorkingDays: [] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ covered: true, daysOff: ['2027-01-01', '2027-02-01'] });
    const after = addWorkingDays(await loadWorkCalendar(ctx.database.db, city.id), receivedAt, 1);
    expect(after.toISOString()).toBe('2027-02-02T09:00:00.000Z'); // Tuesday 17:00
    const audit = (await admin.get('/api/audit?entityType=calendar')).json();
    expect(audit.items[0]).toMatchObject({ action: 'calendar.save_year', entityId: '2027' });
  });

  it('refuses an arrangement that cannot be right', async () => {
    const cases: [unknown, string][] = [
      [{ daysOff: ['2027-02-30'], adjustedWorkingDays: [] }, 'not a date'],
      [{ daysOff: ['2026-12-31'], adjustedWorkingDays: [] }, 'not in 2027'],
      [{ daysOff: ['2027-05-03'], adjustedWorkingDays: ['2027-05-03'] }, 'listed twice'],
      [{ daysOff: [], adjustedWorkingDays: ['2027-05-04'] }, 'is a weekday'],
    ];
    for (const [body, message] of cases) {
      const r = await admin.request('PUT', '/api/calendar/2027', body);
      expect([r.statusCode, errorCode(r)]).toEqual([400, 'invalid_calendar']);
      expect(r.json().error.message).toContain(message);
    }
    expect(errorCode(await admin.request('PUT', '/api/calendar/2027', { daysOff: [] }))).toBe('validation_failed');
  });

  it('is set only by city-wide administrators, and each city has its own', async () => {
    const district = await loginAs(app, 'cal-district-admin', city.slug);
    expect((await district.request('PUT', '/api/calendar/2028', { daysOff: [], adjustedWorkingDays: [] })).statusCode).toBe(403);
    const handler = await loginAs(app, 'cal-handler', city.slug);
    expect((await handler.request('PUT', '/api/calendar/2028', { daysOff: [], adjustedWorkingDays: [] })).statusCode).toBe(403);
    const other = await makeCity(ctx);
    await makeAccount(ctx, other, 'cal-other', [['admin', 'cityGov']]);
    const otherAdmin = await loginAs(app, 'cal-other', other.slug);
    expect((await otherAdmin.get('/api/calendar/2027')).json().covered).toBe(false);
  });
});
