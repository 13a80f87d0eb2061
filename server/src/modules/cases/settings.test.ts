import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@gongzhi/contracts';
import { errorCode, testApp } from '../../../test/harness.ts';
import { LEAVES, PLACES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
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

describe('explicit routing rules (category × territory → unit)', () => {
  it('send a category in a district to a chosen unit before the catalogue’s handler, and only there', async () => {
    const rule = {
      categoryCode: LEAVES.street.slice(0, 4),
      regionCode: city.regions.D1!.code,
      unitId: city.units.d1Dept,
      note: '本区垃圾清运统一由城管局承办',
    };
    expect((await city.leader.post('/api/routing-rules', rule)).statusCode).toBe(403);
    const outside = await city.districtAdmin.post('/api/routing-rules', { ...rule, regionCode: city.regions.D2!.code });
    expect(outside.statusCode).toBe(404);
    const cityWide = await city.districtAdmin.post('/api/routing-rules', { ...rule, regionCode: undefined });
    expect(cityWide.statusCode).toBe(403);
    expect(errorCode(await city.districtAdmin.post('/api/routing-rules', { ...rule, categoryCode: '99' }))).toBe('unknown_category');
    const created = await city.districtAdmin.post('/api/routing-rules', rule);
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: string }>();

    const inD1 = await createCaseAs(city.operator, hotlineCase({ text: '规则测试：垃圾清运不及时（一区）' }));
    expect([inD1.case.leadUnit?.id, inD1.case.routing.ruleId]).toEqual([city.units.d1Dept, `override:${id}`]);
    const inD2 = await createCaseAs(city.operator, hotlineCase({ text: '规则测试：垃圾清运不及时（二区）', location: PLACES.G3 }));
    // The catalogue's own handler elsewhere (the test above made this leaf a community one).
    expect(inD2.case.routing.ruleId).toBe('community');
    const listed = (await city.dispatcher.get('/api/routing-rules')).json<{ items: { id: string; regionCode: string }[] }>();
    expect(listed.items).toEqual([expect.objectContaining({ id, regionCode: city.regions.D1!.code })]);

    expect((await city.districtAdmin.delete(`/api/routing-rules/${id}`)).statusCode).toBe(204);
    const after = await createCaseAs(city.operator, hotlineCase({ text: '规则删除后：垃圾清运不及时' }));
    expect(after.case.routing.ruleId).toBe('community');
  });
});
