// Hotspot permissions as a truth table: role × level × action, through the real HTTP API. Hotspots A (and fresh
// copies for each step) lie in grid G1 (K1 / S1 / D1); hotspot B in G3 (D2).
import { beforeAll, describe, expect, it } from 'vitest';
import type { HotspotList, Role } from '@gongzhi/contracts';
import type { Context } from '../src/context.ts';
import { actors, type ActorKey } from './actors.ts';
import { type Client, loginAs, makeAccount, testApp } from './harness.ts';
import { PLACES, makeCaseCity, type CaseCity } from './cases-harness.ts';
import { insertHotspot } from './hotspots-harness.ts';

/** [GET A, GET B, acknowledge A, to_case A, to_whistle A, GET /api/hotspots] */
const table: Record<ActorKey, [number, number, number, number, number, number]> = {
  'admin@city': [200, 200, 200, 200, 403, 200],
  'admin@district': [200, 404, 200, 200, 403, 200],
  'leader@city': [200, 200, 200, 200, 403, 200],
  'leader@district': [200, 404, 200, 200, 403, 200],
  'leader@street': [200, 404, 200, 200, 200, 200],
  'secretary@community': [200, 404, 200, 200, 200, 200],
  'operator@hotline': [200, 200, 403, 403, 403, 200],
  'dispatcher@district': [200, 404, 200, 200, 403, 200],
  'handler@city-dept': [404, 404, 404, 404, 404, 200],
  'handler@district-dept': [404, 404, 404, 404, 404, 200],
  'handler@street': [200, 404, 403, 403, 403, 200],
  'grid_worker@community': [200, 404, 403, 403, 403, 200],
  'resident@community': [404, 404, 404, 404, 404, 403],
};

let ctx: Context;
let city: CaseCity;
const clients = {} as Record<ActorKey, Client>;

beforeAll(async () => {
  const started = await testApp();
  ctx = started.ctx;
  city = await makeCaseCity(started.app, ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    const username = `hp-${key.replace(/[@_]/g, '-')}-${city.code}`;
    await makeAccount(ctx, city, username, [[role, unit]]);
    clients[key] = await loginAs(started.app, username, city.slug);
  }
});

describe('hotspot permissions truth table', () => {
  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each action', async (key) => {
    const c = clients[key];
    const [a, forCase, forWhistle] = [
      await insertHotspot(ctx, city, 'G1', PLACES.G1),
      await insertHotspot(ctx, city, 'G1', PLACES.G1),
      await insertHotspot(ctx, city, 'G1', PLACES.G1),
    ];
    const b = await insertHotspot(ctx, city, 'G3', PLACES.G3);
    const got = [
      (await c.get(`/api/hotspots/${a}`)).statusCode,
      (await c.get(`/api/hotspots/${b}`)).statusCode,
      (await c.post(`/api/hotspots/${a}/actions`, { action: 'acknowledge' })).statusCode,
      (await c.post(`/api/hotspots/${forCase}/actions`, { action: 'to_case' })).statusCode,
      (await c.post(`/api/hotspots/${forWhistle}/actions`, { action: 'to_whistle', unitIds: [city.units.d1Dept] })).statusCode,
      (await c.get('/api/hotspots')).statusCode,
    ];
    expect(got).toEqual(table[key]);
  });

  it.each(Object.keys(actors) as ActorKey[])('%s lists only hotspots it may read', async (key) => {
    const response = await clients[key].get('/api/hotspots?limit=200');
    if (response.statusCode === 403) return expect(key).toBe('resident@community');
    const items = response.json<HotspotList>().items;
    const seesA = items.some((i) => i.regionPath === city.regions.G1!.path);
    const seesB = items.some((i) => i.regionPath === city.regions.G3!.path);
    expect([seesA, seesB]).toEqual([table[key][0] === 200, table[key][1] === 200]);
  });
});
