// Case permissions as a truth table: role × level × action, through the real HTTP API.
// Case A lies in street S1 (led by the S1 office), case B in street S3 (led by the S3 office).
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseCreated, Role } from '@gongzhi/contracts';
import { actors, type ActorKey } from './actors.ts';
import { type Client, loginAs, makeAccount, testApp } from './harness.ts';
import { PLACES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from './cases-harness.ts';

/** [GET A, GET B, POST /api/cases, accept A, escalate A, reveal A's reporter, GET inbox] */
const table: Record<ActorKey, [number, number, number, number, number, number, number]> = {
  'admin@city': [200, 200, 201, 403, 200, 200, 200],
  'admin@district': [200, 404, 201, 403, 200, 200, 200],
  'leader@city': [200, 200, 403, 403, 403, 403, 403],
  'leader@district': [200, 404, 403, 403, 403, 403, 403],
  'leader@street': [200, 404, 403, 403, 403, 403, 403],
  'secretary@community': [200, 404, 403, 403, 403, 403, 403],
  'operator@hotline': [200, 200, 201, 403, 403, 200, 403],
  'dispatcher@district': [200, 404, 201, 403, 200, 200, 403],
  'handler@city-dept': [404, 404, 403, 404, 404, 404, 200],
  'handler@district-dept': [404, 404, 403, 404, 404, 404, 200],
  'handler@street': [200, 404, 403, 200, 403, 200, 200],
  'grid_worker@community': [200, 404, 201, 403, 403, 403, 403],
  'resident@community': [404, 404, 201, 404, 404, 404, 403],
};

let city: CaseCity;
const clients = {} as Record<ActorKey, Client>;

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    const username = `cp-${key.replace(/[@_]/g, '-')}-${city.code}`;
    await makeAccount(ctx, city, username, [[role, unit]]);
    clients[key] = await loginAs(app, username, city.slug);
  }
});

describe('case permissions truth table', () => {
  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each action', async (key) => {
    const c = clients[key];
    const a: CaseCreated = await createCaseAs(city.operator, hotlineCase({ text: `权限测试甲：${key}` }));
    const b: CaseCreated = await createCaseAs(city.operator, hotlineCase({ text: `权限测试乙：${key}`, location: PLACES.G3 }));
    const got = [
      (await c.get(`/api/cases/${a.case.id}`)).statusCode,
      (await c.get(`/api/cases/${b.case.id}`)).statusCode,
      (await c.post('/api/cases', hotlineCase({ text: `权限测试受理：${key}` }))).statusCode,
      (await c.post(`/api/cases/${a.case.id}/actions`, { type: 'accept' })).statusCode,
      (await c.post(`/api/cases/${a.case.id}/actions`, { type: 'escalate', reason: '督办' })).statusCode,
      (await c.get(`/api/cases/${a.case.id}/reporter`)).statusCode,
      (await c.get('/api/cases?view=inbox')).statusCode,
    ];
    expect(got).toEqual(table[key]);
  });

  it.each(Object.keys(actors) as ActorKey[])('%s lists only cases in its scope', async (key) => {
    const response = await clients[key].get('/api/cases?view=all&limit=200');
    if (response.statusCode === 403) return expect(['resident@community']).toContain(key);
    const items = response.json<{ items: { regionName: string | null; leadUnit: { id: string } | null }[] }>().items;
    const g3 = items.filter((i) => i.regionName === 'G3区域').length;
    const seesB = table[key][1] === 200;
    expect(g3 > 0).toBe(seesB);
  });
});
