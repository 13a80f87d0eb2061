import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@gongzhi/contracts';
import { errorCode, testApp } from '../../../test/harness.ts';
import { LEAVES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { loadCatalogueFile } from '../catalogue/index.ts';
import { DEFAULT_CASE_POLICY } from './cases.policy.ts';

let city: CaseCity;
beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
});

describe('the case policy is data, set by city-wide administrators', () => {
  it('defaults to the issue’s limits and changes the deadlines of new cases only', async () => {
    expect((await city.operator.get('/api/case-settings')).json()).toEqual(DEFAULT_CASE_POLICY);
    const before = await createCaseAs(city.operator, hotlineCase({ text: '政策变更前受理的工单' }));
    const policy = { ...DEFAULT_CASE_POLICY, tiers: { ...DEFAULT_CASE_POLICY.tiers, general: { amount: 3, unit: 'hours' } } };
    const denied = await city.districtAdmin.request('PUT', '/api/case-settings', policy);
    expect([denied.statusCode, errorCode(denied)]).toEqual([403, 'forbidden']);
    const bad = await city.admin.request('PUT', '/api/case-settings', { ...policy, maxReopens: -1 });
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'validation_failed']);
    expect((await city.admin.request('PUT', '/api/case-settings', policy)).statusCode).toBe(200);
    const after = await createCaseAs(city.operator, hotlineCase({ text: '政策变更后受理的工单' }));
    expect(Date.parse(after.case.dueAt!) - Date.parse(after.case.receivedAt)).toBe(3 * 3600_000);
    const old = (await city.operator.get(`/api/cases/${before.case.id}`)).json<CaseView>();
    expect(old.dueAt).toBe(before.case.dueAt);
    await city.admin.request('PUT', '/api/case-settings', DEFAULT_CASE_POLICY);
  });
});

describe('the catalogue is edited by city-wide administrators; cases keep the category they came in with', () => {
  it('renaming a leaf and changing its handler does not rewrite a routed case', async () => {
    const routed = await createCaseAs(city.operator, hotlineCase());
    const catalogue = await loadCatalogueFile();
    const leaf = catalogue.categories.flatMap((f) => f.children.flatMap((s) => s.children)).find((l) => l.code === LEAVES.street)!;
    leaf.name = '生活垃圾清运不及时（改）';
    leaf.handler = { kind: 'community' };
    expect((await city.districtAdmin.request('PUT', '/api/catalogue', catalogue)).statusCode).toBe(403);
    const saved = await city.admin.request('PUT', '/api/catalogue', catalogue);
    expect(saved.statusCode, saved.body).toBe(200);
    const old = (await city.operator.get(`/api/cases/${routed.case.id}`)).json<CaseView>();
    expect([old.category?.name, old.leadUnit?.id]).toEqual(['垃圾清运不及时', city.units.s1Office]);
    const fresh = await createCaseAs(city.operator, hotlineCase({ text: '目录修改后的新工单：垃圾没人清运' }));
    expect([fresh.case.category?.name, fresh.case.leadUnit?.id]).toEqual(['生活垃圾清运不及时（改）', city.units.k1Committee]);
  });

  it('refuses an invalid tree, naming the node', async () => {
    const response = await city.admin.request('PUT', '/api/catalogue', { categories: [{ code: '99', name: '缺子类' }] });
    expect([response.statusCode, errorCode(response)]).toEqual([400, 'invalid_catalogue']);
  });
});
