// Permissions as a truth table: role × level × action, through the real HTTP API.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@gongzhi/contracts';
import { actors, type ActorKey } from './actors.ts';
import { type Client, loginAs, makeAccount, makeCity, testApp, type TestCity } from './harness.ts';

const allUnits = [
  'cityGov',
  'cityParty',
  'hotline',
  'cityDept',
  'd1Gov',
  'd1Dept',
  'd2Gov',
  's1Office',
  's2Office',
  's3Office',
  'k1Committee',
  'k2Committee',
  'k3Committee',
];
const d1Units = ['d1Gov', 'd1Dept', 's1Office', 's2Office', 'k1Committee', 'k2Committee'];
const s1Units = ['s1Office', 'k1Committee'];

/** The units each actor sees in GET /api/units (403 when it may not list units at all). */
const visibleUnits: Record<ActorKey, string[] | 403> = {
  'admin@city': allUnits,
  'admin@district': d1Units,
  'leader@city': allUnits,
  'leader@district': d1Units,
  'leader@street': s1Units,
  'secretary@community': ['k1Committee'],
  'operator@hotline': allUnits,
  'dispatcher@district': d1Units,
  'handler@city-dept': ['cityDept'],
  'handler@district-dept': ['d1Dept'],
  'handler@street': s1Units,
  'grid_worker@community': ['k1Committee'],
  'resident@community': 403,
};

/** Expected statuses: [GET unit s3Office, PATCH unit s1Office, POST unit in S3, POST region under S1, GET /api/accounts, GET /api/audit, GET region S3] */
const table: Record<ActorKey, [number, number, number, number, number, number, number]> = {
  'admin@city': [200, 200, 201, 201, 200, 200, 200],
  'admin@district': [404, 200, 404, 201, 200, 403, 200],
  'leader@city': [200, 403, 403, 403, 200, 403, 200],
  'leader@district': [404, 403, 403, 403, 200, 403, 200],
  'leader@street': [404, 403, 403, 403, 200, 403, 200],
  'secretary@community': [404, 404, 403, 403, 200, 403, 200],
  'operator@hotline': [200, 403, 403, 403, 403, 403, 200],
  'dispatcher@district': [404, 403, 403, 403, 403, 403, 200],
  'handler@city-dept': [404, 404, 403, 403, 403, 403, 200],
  'handler@district-dept': [404, 404, 403, 403, 403, 403, 200],
  'handler@street': [404, 403, 403, 403, 403, 403, 200],
  'grid_worker@community': [404, 404, 403, 403, 403, 403, 200],
  'resident@community': [404, 404, 403, 403, 403, 403, 200],
};

/** The accounts each actor sees in GET /api/accounts (besides itself). */
const visibleAccounts: Partial<Record<ActorKey, ActorKey[]>> = {
  'admin@city': Object.keys(actors) as ActorKey[],
  'admin@district': [
    'admin@district',
    'leader@district',
    'leader@street',
    'secretary@community',
    'dispatcher@district',
    'handler@district-dept',
    'handler@street',
    'grid_worker@community',
    'resident@community',
  ],
  'leader@street': ['leader@street', 'secretary@community', 'handler@street', 'grid_worker@community', 'resident@community'],
  'secretary@community': ['secretary@community', 'grid_worker@community', 'resident@community'],
};

let city: TestCity;
const clients = {} as Record<ActorKey, Client>;
const usernames = {} as Record<ActorKey, string>;

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCity(ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    usernames[key] = `p-${key.replace(/[@_]/g, '-')}`;
    await makeAccount(ctx, city, usernames[key], [[role, unit]]);
  }
  for (const key of Object.keys(actors) as ActorKey[]) clients[key] = await loginAs(app, usernames[key], city.slug);
});

describe('permissions truth table', () => {
  const unitName = (id: string) => Object.entries(city.units).find(([, v]) => v === id)?.[0];

  it.each(Object.keys(actors) as ActorKey[])('%s lists exactly the units in its scope', async (key) => {
    const response = await clients[key].get('/api/units?limit=500');
    const expected = visibleUnits[key];
    if (expected === 403) return expect(response.statusCode).toBe(403);
    const seen = response
      .json()
      .items.map((u: { id: string }) => unitName(u.id))
      .filter(Boolean);
    expect(seen.sort()).toEqual([...expected].sort());
  });

  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each action', async (key) => {
    const c = clients[key];
    const suffix = key.replace(/\W/g, '').slice(0, 20);
    const got = [
      (await c.get(`/api/units/${city.units.s3Office}`)).statusCode,
      (await c.patch(`/api/units/${city.units.s1Office}`, { name: `s1Office单位` })).statusCode,
      (await c.post('/api/units', { name: `新单位${suffix}`, kind: 'department', regionCode: city.regions.S3!.code })).statusCode,
      (
        await c.post('/api/regions', {
          parentCode: city.regions.S1!.code,
          code: `${city.regions.S1!.code}${String(100 + Object.keys(actors).indexOf(key))}`,
          name: `新社区${suffix}`,
          level: 'community',
        })
      ).statusCode,
      (await c.get('/api/accounts?limit=500')).statusCode,
      (await c.get('/api/audit')).statusCode,
      (await c.get(`/api/regions/${city.regions.S3!.code}`)).statusCode,
    ];
    expect(got).toEqual(table[key]);
  });

  it.each(Object.keys(visibleAccounts) as ActorKey[])('%s lists exactly the accounts in its scope', async (key) => {
    const items = (await clients[key].get('/api/accounts?limit=500')).json().items as { username: string }[];
    const expected = visibleAccounts[key]!.map((k) => usernames[k]);
    expect(items.map((a) => a.username).sort()).toEqual(expected.sort());
  });
});
