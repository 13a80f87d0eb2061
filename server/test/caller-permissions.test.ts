// Caller flag permissions as a truth table: role × level × action, through the real HTTP API.
// Case A and flag A lie at G1 (S1, D1); case B and flag B at G3 (S3, D2). The city flags a number at its
// second case within 24 hours, so each row gets fresh flags to clear and fresh cases to mark.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallerFlagList, CaseCreated, Role } from '@gongzhi/contracts';
import { actors, type ActorKey } from './actors.ts';
import { LEAVES, PLACES, makeCaseCity, type CaseCity } from './cases-harness.ts';
import { type Client, loginAs, makeAccount, testApp } from './harness.ts';

/** [mark case A, mark case B, GET /api/caller-flags, clear flag A, clear flag B] */
const table: Record<ActorKey, [number, number, number, number, number]> = {
  'admin@city': [200, 200, 200, 200, 200],
  'admin@district': [200, 404, 200, 200, 404],
  'leader@city': [403, 403, 403, 403, 403],
  'leader@district': [403, 404, 403, 403, 403],
  'leader@street': [403, 404, 403, 403, 403],
  'secretary@community': [403, 404, 403, 403, 403],
  'operator@hotline': [200, 200, 200, 403, 403],
  'dispatcher@district': [200, 404, 200, 200, 404],
  'handler@city-dept': [404, 404, 403, 403, 403],
  'handler@district-dept': [404, 404, 403, 403, 403],
  'handler@street': [403, 404, 403, 403, 403],
  'grid_worker@community': [403, 404, 403, 403, 403],
  'resident@community': [404, 404, 403, 403, 403],
};

let city: CaseCity;
const clients = {} as Record<ActorKey, Client>;
let seq = 0;

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    const username = `cp-${key.replace(/[@_]/g, '-')}-${city.code}`;
    await makeAccount(ctx, city, username, [[role, unit]]);
    clients[key] = await loginAs(app, username, city.slug);
  }
  const saved = await city.admin.request('PUT', '/api/caller-settings', {
    marksToFlag: 3,
    marksWindowDays: 30,
    casesToFlag: 2,
    casesWindowHours: 24,
  });
  expect(saved.statusCode).toBe(200);
});

async function takeIn(phone: string, place: { lng: number; lat: number }): Promise<CaseCreated['case']> {
  const body = { text: '深夜施工噪音扰民，多次反映', categoryCode: LEAVES.street, location: place, reporter: { phone, anonymous: false } };
  const response = await city.operator.post('/api/cases', body);
  if (response.statusCode !== 201) throw new Error(`intake failed: ${response.statusCode} ${response.body}`);
  return response.json<CaseCreated>().case;
}

/** A number flagged at a place (its second case there), and its flag's id. */
async function flagAt(place: { lng: number; lat: number }): Promise<{ caseId: string; flagId: string }> {
  const phone = `136${String(Date.now() % 1e6).padStart(6, '0')}${String(seq++).padStart(2, '0')}`;
  await takeIn(phone, place);
  const second = await takeIn(phone, place);
  return { caseId: second.id, flagId: second.callerFlag!.id };
}

describe('caller flag permissions truth table', () => {
  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each action', async (key) => {
    const c = clients[key];
    const [a, b] = [await flagAt(PLACES.G1), await flagAt(PLACES.G3)];
    const got = [
      (await c.post(`/api/cases/${a.caseId}/malicious`, { reason: 'abuse' })).statusCode,
      (await c.post(`/api/cases/${b.caseId}/malicious`, { reason: 'false_report' })).statusCode,
      (await c.get('/api/caller-flags')).statusCode,
      (await c.post(`/api/caller-flags/${a.flagId}/clear`, { reason: '核实' })).statusCode,
      (await c.post(`/api/caller-flags/${b.flagId}/clear`, { reason: '核实' })).statusCode,
    ];
    expect(got).toEqual(table[key]);
  });

  it.each(Object.keys(actors) as ActorKey[])('%s lists only flags with a case in its territory, masked', async (key) => {
    const [a, b] = [await flagAt(PLACES.G1), await flagAt(PLACES.G3)];
    const response = await clients[key].get('/api/caller-flags?limit=500');
    if (table[key][2] === 403) return expect(response.statusCode).toBe(403);
    const items = response.json<CallerFlagList>().items;
    for (const item of items) expect(item.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const ids = new Set(items.map((i) => i.id));
    expect([ids.has(a.flagId), ids.has(b.flagId)]).toEqual([table[key][3] !== 404, table[key][4] !== 404]);
  });
});
