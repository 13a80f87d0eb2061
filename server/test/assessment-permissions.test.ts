// Assessment permissions as a truth table: role × level × request, through the real HTTP API.
// Leaders, secretaries and administrators of a territory read its units; departments read themselves;
// city-wide administrators change the settings and list the talks; everyone else is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentUnits, Role } from '@gongzhi/contracts';
import { DEFAULT_SETTINGS } from '../src/modules/assessment/index.ts';
import { actors, type ActorKey } from './actors.ts';
import { type Client, loginAs, makeAccount, testApp } from './harness.ts';
import { makeCaseCity, type CaseCity } from './cases-harness.ts';

const PERIOD = '2026-11';

/** [streets, departments, streets of D2, bulletin, bulletin of D2, GET settings, PUT settings, generate talks] */
const table: Record<ActorKey, [number, number, number, number, number, number, number, number]> = {
  'admin@city': [200, 200, 200, 200, 200, 200, 200, 200],
  'admin@district': [200, 200, 404, 200, 404, 200, 403, 403],
  'leader@city': [200, 200, 200, 200, 200, 200, 403, 403],
  'leader@district': [200, 200, 404, 200, 404, 200, 403, 403],
  'leader@street': [200, 200, 404, 200, 404, 200, 403, 403],
  'secretary@community': [200, 200, 404, 200, 404, 200, 403, 403],
  'operator@hotline': [403, 403, 403, 403, 403, 403, 403, 403],
  'dispatcher@district': [403, 403, 403, 403, 403, 403, 403, 403],
  'handler@city-dept': [403, 200, 403, 403, 403, 200, 403, 403],
  'handler@district-dept': [403, 200, 403, 403, 403, 200, 403, 403],
  'handler@street': [403, 403, 403, 403, 403, 403, 403, 403],
  'grid_worker@community': [403, 403, 403, 403, 403, 403, 403, 403],
  'resident@community': [403, 403, 403, 403, 403, 403, 403, 403],
};

/** The departments and utilities each reader sees: all the city's, the district's, or its own. */
const departmentsSeen: Partial<Record<ActorKey, string[]>> = {
  'admin@city': ['cityDept', 'd1Dept', 'water'],
  'leader@city': ['cityDept', 'd1Dept', 'water'],
  'admin@district': ['d1Dept'],
  'leader@district': ['d1Dept'],
  'leader@street': [],
  'secretary@community': [],
  'handler@city-dept': ['cityDept'],
  'handler@district-dept': ['d1Dept'],
};

let city: CaseCity;
const clients = {} as Record<ActorKey, Client>;

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    const username = `ap-${key.replace(/[@_]/g, '-')}-${city.code}`;
    await makeAccount(ctx, city, username, [[role, unit]]);
    clients[key] = await loginAs(app, username, city.slug);
  }
});

describe('assessment permissions truth table', () => {
  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each request', async (key) => {
    const c = clients[key];
    const d2 = city.regions.D2!.code;
    const got = [
      (await c.get(`/api/assessment/units?period=${PERIOD}&level=street`)).statusCode,
      (await c.get(`/api/assessment/units?period=${PERIOD}&level=department`)).statusCode,
      (await c.get(`/api/assessment/units?period=${PERIOD}&level=street&region=${d2}`)).statusCode,
      (await c.get(`/api/assessment/bulletin?period=${PERIOD}`)).statusCode,
      (await c.get(`/api/assessment/bulletin?period=${PERIOD}&region=${d2}`)).statusCode,
      (await c.get('/api/assessment/settings')).statusCode,
      (await c.request('PUT', '/api/assessment/settings', DEFAULT_SETTINGS)).statusCode,
      (await c.post(`/api/assessment/talks/generate?period=${PERIOD}`)).statusCode,
    ];
    expect(got).toEqual(table[key]);
  });

  it.each(Object.keys(departmentsSeen) as ActorKey[])('%s sees only the departments in its scope', async (key) => {
    const body = (await clients[key].get(`/api/assessment/units?period=${PERIOD}&level=department`)).json<AssessmentUnits>();
    const expected = departmentsSeen[key]!.map((unit) => city.units[unit]!);
    expect(body.rows.map((r) => r.key).sort()).toEqual(expected.sort());
  });
});
