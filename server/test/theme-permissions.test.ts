// Monthly theme permissions as a truth table: role × level × action, through the real HTTP API.
// For each actor a fresh programme A concerns S1 (its category's cases were there), led by the D1 城管
// department with the city department as co-unit; programme B concerns S3 only, led by the D2 government.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role, ThemeList, ThemeView } from '@gongzhi/contracts';
import { monthOf } from '../src/modules/assessment/index.ts';
import { loadCatalogueFile } from '../src/modules/catalogue/index.ts';
import { addMonths } from '../src/modules/themes/themes.rules.ts';
import { actors, type ActorKey } from './actors.ts';
import { type Client, loginAs, makeAccount, testApp } from './harness.ts';
import { makeCaseCity, type CaseCity } from './cases-harness.ts';
import { dayOf, insertThemeCases } from './themes-harness.ts';

/** [GET proposals, POST /api/themes, GET A, GET B, add an action to A, mark A's co-unit action done, close A, GET /api/themes] */
const table: Record<ActorKey, [number, number, number, number, number, number, number, number]> = {
  'admin@city': [200, 201, 200, 200, 201, 200, 200, 200],
  'admin@district': [403, 403, 200, 404, 403, 403, 403, 200],
  'leader@city': [200, 201, 200, 200, 201, 200, 200, 200],
  'leader@district': [403, 403, 200, 404, 403, 403, 403, 200],
  'leader@street': [403, 403, 200, 404, 403, 403, 403, 200],
  'secretary@community': [403, 403, 200, 404, 403, 403, 403, 200],
  'operator@hotline': [200, 403, 200, 200, 403, 403, 403, 200],
  'dispatcher@district': [403, 403, 200, 404, 403, 403, 403, 200],
  'handler@city-dept': [403, 403, 200, 404, 403, 200, 403, 200],
  'handler@district-dept': [403, 403, 200, 404, 201, 200, 403, 200],
  'handler@street': [403, 403, 200, 404, 403, 403, 403, 200],
  'grid_worker@community': [403, 403, 200, 404, 403, 403, 403, 200],
  'resident@community': [403, 403, 404, 404, 404, 404, 404, 403],
};

const P = addMonths(monthOf(new Date()), -1);
let city: CaseCity;
const clients = {} as Record<ActorKey, Client>;
/** Three second-level categories per actor (A, B, its own pick), each with a leaf. */
let codes: { l2: string; leaf: string }[];

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
  for (const [key, [role, unit]] of Object.entries(actors) as [ActorKey, [Role, string]][]) {
    const username = `tp-${key.replace(/[@_]/g, '-')}-${city.code}`;
    await makeAccount(ctx, city, username, [[role, unit]]);
    clients[key] = await loginAs(app, username, city.slug);
  }
  const catalogue = await loadCatalogueFile();
  codes = catalogue.categories.flatMap((top) => top.children.map((l2) => ({ l2: l2.code, leaf: l2.children[0]!.code })));
  const keys = Object.keys(actors);
  await insertThemeCases(
    ctx,
    city,
    keys.flatMap((_, i) => [
      ...[1, 2].map((d) => ({ categoryCode: codes[3 * i]!.leaf, regionPath: city.regions.G1!.path, receivedAt: dayOf(P, d) })),
      ...[1, 2].map((d) => ({ categoryCode: codes[3 * i + 1]!.leaf, regionPath: city.regions.G3!.path, receivedAt: dayOf(P, d) })),
    ]),
  );
});

const body = (code: string, leadUnitId: string, coUnitIds: string[]) => ({
  month: P,
  categoryCode: code,
  title: `权限测试 ${code}`,
  leadUnitId,
  coUnitIds,
  target: '月均件数下降三成',
});

async function created(response: { statusCode: number; body: string; json: <T>() => T }): Promise<ThemeView> {
  if (response.statusCode !== 201) throw new Error(`${response.statusCode} ${response.body}`);
  return response.json<ThemeView>();
}

describe('monthly theme permissions truth table', () => {
  it.each(Object.keys(actors) as ActorKey[])('%s gets the expected status for each action', async (key) => {
    const i = Object.keys(actors).indexOf(key);
    const admin = clients['admin@city'];
    const a = await created(await admin.post('/api/themes', body(codes[3 * i]!.l2, city.units.d1Dept, [city.units.cityDept])));
    const b = await created(await admin.post('/api/themes', body(codes[3 * i + 1]!.l2, city.units.d2Gov, [])));
    const withAction = await created(
      await admin.post(`/api/themes/${a.id}/actions`, { title: '配合整治', ownerUnitId: city.units.cityDept, workingDays: 5 }),
    );
    const actionId = withAction.actions[0]!.id;
    const c = clients[key];
    const got = [
      (await c.get(`/api/themes/proposals?month=${P}`)).statusCode,
      (await c.post('/api/themes', body(codes[3 * i + 2]!.l2, city.units.d1Dept, []))).statusCode,
      (await c.get(`/api/themes/${a.id}`)).statusCode,
      (await c.get(`/api/themes/${b.id}`)).statusCode,
      (await c.post(`/api/themes/${a.id}/actions`, { title: '新增措施', ownerUnitId: city.units.d1Dept, workingDays: 3 })).statusCode,
      (await c.post(`/api/themes/${a.id}/actions/${actionId}/done`, { note: '已完成' })).statusCode,
      (await c.post(`/api/themes/${a.id}/close`, { summary: '结束', reason: '权限测试' })).statusCode,
      (await c.get('/api/themes')).statusCode,
    ];
    expect(got).toEqual(table[key]);
    if (got[7] !== 200) return;
    const list = (await c.get('/api/themes')).json<ThemeList>();
    expect([list.items.some((t) => t.id === a.id), list.items.some((t) => t.id === b.id)]).toEqual([
      table[key][2] === 200,
      table[key][3] === 200,
    ]);
    // What the page offers follows the same table.
    expect([list.mayReadProposals, list.mayCreate]).toEqual([table[key][0] === 200, table[key][1] === 201]);
  });
});
