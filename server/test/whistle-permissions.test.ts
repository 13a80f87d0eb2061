// Whistle permissions as a truth table: role × level × action, through the real HTTP API.
// Whistle A is blown by the S1 street office at G1 and summons the D1 城管 department; whistle B is
// blown by the S3 street office at G3 and summons the city department.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role, WhistleList, WhistleView } from '@gongzhi/contracts';
import { actors, type ActorKey } from './actors.ts';
import { type Client, loginAs, makeAccount, testApp } from './harness.ts';
import { PLACES, makeCaseCity, type CaseCity } from './cases-harness.ts';

/** [GET A, GET B, POST /api/whistles at G1, acknowledge A, close A, GET /api/whistles] */
const table: Record<ActorKey, [number, number, number, number, number, number]> = {
  'admin@city': [200, 200, 403, 403, 403, 200],
  'admin@district': [200, 404, 403, 403, 403, 200],
  'leader@city': [200, 200, 403, 403, 403, 200],
  'leader@district': [200, 404, 403, 403, 403, 200],
  'leader@street': [200, 404, 201, 403, 200, 200],
  'secretary@community': [404, 404, 201, 404, 404, 200],
  'operator@hotline': [404, 404, 403, 404, 404, 200],
  'dispatcher@district': [404, 404, 403, 404, 404, 200],
  'handler@city-dept': [404, 200, 403, 404, 404, 200],
  'handler@district-dept': [200, 404, 403, 200, 403, 200],
  'handler@street': [200, 404, 403, 403, 403, 200],
  'grid_worker@community': [404, 404, 403, 404, 404, 200],
  'resident@community': [404, 404, 403, 404, 404, 403],
};

let city: CaseCity;
let s1Secretary: Client;
let s3Secretary: Client;
const clients = {} as Record<ActorKey, Client>;

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    const username = `wp-${key.replace(/[@_]/g, '-')}-${city.code}`;
    await makeAccount(ctx, city, username, [[role, unit]]);
    clients[key] = await loginAs(app, username, city.slug);
  }
  await makeAccount(ctx, city, `wp-s1sec-${city.code}`, [['secretary', 's1Office']]);
  await makeAccount(ctx, city, `wp-s3sec-${city.code}`, [['secretary', 's3Office']]);
  s1Secretary = await loginAs(app, `wp-s1sec-${city.code}`, city.slug);
  s3Secretary = await loginAs(app, `wp-s3sec-${city.code}`, city.slug);
});

const blowAs = async (client: Client, body: Record<string, unknown>): Promise<WhistleView> => {
  const response = await client.post('/api/whistles', body);
  if (response.statusCode !== 201) throw new Error(`blow failed: ${response.statusCode} ${response.body}`);
  return response.json();
};

describe('whistle permissions truth table', () => {
  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each action', async (key) => {
    const c = clients[key];
    const body = { problem: `权限测试吹哨：${key}`, location: PLACES.G1, unitIds: [city.units.d1Dept], reason: 'beyond_street' };
    const a = await blowAs(s1Secretary, body);
    const b = await blowAs(s3Secretary, { ...body, location: PLACES.G3, unitIds: [city.units.cityDept] });
    const got = [
      (await c.get(`/api/whistles/${a.id}`)).statusCode,
      (await c.get(`/api/whistles/${b.id}`)).statusCode,
      (await c.post('/api/whistles', body)).statusCode,
      (await c.post(`/api/whistles/${a.id}/actions`, { type: 'acknowledge' })).statusCode,
      (await c.post(`/api/whistles/${a.id}/actions`, { type: 'close', result: '处置完毕' })).statusCode,
      (await c.get('/api/whistles')).statusCode,
    ];
    expect(got).toEqual(table[key]);
  });

  it.each(Object.keys(actors) as ActorKey[])('%s lists only whistles it may read', async (key) => {
    const response = await clients[key].get('/api/whistles?limit=200');
    if (response.statusCode === 403) return expect(key).toBe('resident@community');
    const items = response.json<WhistleList>().items;
    const seesB = items.some((i) => i.blowingUnit.id === city.units.s3Office);
    const seesA = items.some((i) => i.blowingUnit.id === city.units.s1Office);
    expect([seesA, seesB]).toEqual([table[key][0] === 200, table[key][1] === 200]);
  });
});
