// The classifier through HTTP on a real database: a model trained from the city's own cases suggests the
// category and the unit at intake; outcomes are recorded; the threshold and the active version are the city's.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassifierModelView, ClassifierOutcome, ClassifierQuality, ClassifierSuggestResponse } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { errorCode, testApp } from '../../../test/harness.ts';
import { LEAVES, PLACES, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { trainCityModel } from './classifier.service.ts';

const places = ['幸福小区', '人民路', '建设街', '文昌大道', '七一路', '滨河花园', '交通路', '光明社区', '新华街', '南环路'];
const stories: Record<string, string[]> = {
  [LEAVES.street]: ['门口的垃圾已经好几天没人清运，臭气熏天', '垃圾桶满了没人清理，垃圾堆成了山', '生活垃圾清运不及时，苍蝇蚊子很多'],
  [LEAVES.community]: ['物业公司不作为，楼道卫生没人打扫', '物业服务太差，门禁坏了也不修', '物业乱收费，服务质量却很差'],
  [LEAVES.cityManagement]: ['路面破损出现大坑，车辆经过很危险', '道路坑洼不平，下雨天积水严重', '马路塌陷破损好久了没人修补'],
};

let city: CaseCity;
let ctx: Context;

const suggest = async (
  client = city.operator,
  body: Record<string, unknown> = { text: '小区垃圾好几天没人清运了，味道很大', location: PLACES.G1 },
) => {
  const response = await client.post('/api/classifier/suggest', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ClassifierSuggestResponse>();
};

beforeAll(async () => {
  const harness = await testApp();
  ctx = harness.ctx;
  city = await makeCaseCity(harness.app, ctx);
  for (const [categoryCode, texts] of Object.entries(stories)) {
    for (let i = 0; i < 10; i++) {
      const text = `${places[i]}${texts[i % texts.length]}，请尽快处理（第${i + 1}次反映）`;
      const extra = categoryCode === LEAVES.water ? { fields: { affected_household_count: 10 } } : {};
      await createCaseAs(city.operator, hotlineCase({ text, categoryCode, ...extra }));
    }
  }
});

describe('the classifier at intake', () => {
  it('answers no_model before the city has trained one', async () => {
    expect(await suggest()).toEqual({ suggestion: null, reason: 'no_model' });
  });

  it('trains from the city’s cases and suggests the category and the unit the routing rules pick', async () => {
    const model = await trainCityModel(ctx, city.id, { trainedBy: 'test' });
    expect(model).toMatchObject({ version: 1, active: true, source: 'cases', itemCount: 30, labelCount: 3 });
    expect(model.macroF1).toBeGreaterThan(0.8);
    const { suggestion, reason } = await suggest();
    expect(reason).toBeNull();
    expect(suggestion).toMatchObject({
      modelVersion: 1,
      category: { code: LEAVES.street, name: '垃圾清运不及时' },
      unit: { id: city.units.s1Office },
      routeRuleId: 'direct_street',
      threshold: 0.8,
    });
    expect(suggestion!.confidence).toBeGreaterThan(0.34);
    expect(suggestion!.belowThreshold).toBe(suggestion!.confidence < 0.8);
    expect(suggestion!.alternatives.map((a) => a.code).sort()).toEqual([LEAVES.community, LEAVES.cityManagement].sort());
    // Without a place: the category, no unit.
    const road = await suggest(city.dispatcher, { text: '家门口的马路破损了，有个大坑' });
    expect(road.suggestion).toMatchObject({ category: { code: LEAVES.cityManagement }, unit: null, routeRuleId: null });
    // A place outside the city: no unit, and why.
    const outside = await suggest(city.operator, { text: '路面破损', location: PLACES.outside });
    expect(outside.suggestion).toMatchObject({ unit: null, routeReason: 'the place is outside the city' });
  });

  it('answers text it cannot read with a reason, and reads only the head of a very long one', async () => {
    for (const text of ['', '   ', '！？。……', '😀🙏'])
      expect(await suggest(city.operator, { text })).toEqual({ suggestion: null, reason: 'unreadable_text' });
    const long = await suggest(city.operator, { text: '垃圾没人清运'.repeat(16_000).slice(0, 100_000) });
    expect(long.suggestion?.category.code).toBe(LEAVES.street);
    const tooLong = await city.operator.post('/api/classifier/suggest', { text: 'x'.repeat(100_001) });
    expect(tooLong.statusCode).toBe(400);
  });

  it('is for staff who take cases in', async () => {
    for (const client of [city.resident, city.s1Handler, city.leader]) {
      const response = await client.post('/api/classifier/suggest', { text: '垃圾没人清运' });
      expect(response.statusCode, response.body).toBe(403);
    }
    expect((await suggest(city.gridWorker)).suggestion).not.toBeNull();
    const anonymous = await city.operator.app.inject({ method: 'POST', url: '/api/classifier/suggest', payload: { text: '垃圾' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('records whether the case was taken in with the suggested category or corrected, once', async () => {
    const first = (await suggest()).suggestion!;
    const accepted = await createCaseAs(city.operator, hotlineCase({ categoryCode: first.category.code }));
    const outcome = await city.operator.post(`/api/classifier/suggestions/${first.suggestionId}/outcome`, { caseId: accepted.case.id });
    expect(outcome.statusCode, outcome.body).toBe(200);
    expect(outcome.json<ClassifierOutcome>()).toMatchObject({ outcome: 'accepted', chosenCode: LEAVES.street });
    const again = await city.operator.post(`/api/classifier/suggestions/${first.suggestionId}/outcome`, { caseId: accepted.case.id });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'outcome_recorded']);

    const second = (await suggest()).suggestion!;
    // Another operator may not close someone else's suggestion; an unknown case is not found.
    const foreign = await city.dispatcher.post(`/api/classifier/suggestions/${second.suggestionId}/outcome`, { caseId: accepted.case.id });
    expect(foreign.statusCode).toBe(404);
    const unknownCase = await city.operator.post(`/api/classifier/suggestions/${second.suggestionId}/outcome`, { caseId: 'nope' });
    expect([unknownCase.statusCode, errorCode(unknownCase)]).toEqual([404, 'not_found']);
    const corrected = await createCaseAs(city.operator, hotlineCase({ categoryCode: LEAVES.community }));
    const correction = await city.operator.post(`/api/classifier/suggestions/${second.suggestionId}/outcome`, {
      caseId: corrected.case.id,
    });
    expect(correction.json<ClassifierOutcome>()).toMatchObject({
      outcome: 'corrected',
      suggestedCode: LEAVES.street,
      chosenCode: LEAVES.community,
    });

    const quality = await city.leader.get('/api/classifier/quality');
    expect(quality.statusCode, quality.body).toBe(200);
    const body = quality.json<ClassifierQuality>();
    expect(body).toMatchObject({ accepted: 1, corrected: 1, acceptanceRate: 0.5 });
    expect(body.suggested).toBeGreaterThanOrEqual(2);
    expect(body.byMonth.every((m) => m.modelVersion === 1)).toBe(true);
    expect(body.topCorrections).toEqual([{ suggestedCode: LEAVES.street, chosenCode: LEAVES.community, count: 1 }]);
    expect((await city.resident.get('/api/classifier/quality')).statusCode).toBe(403);
  });

  it('takes the threshold from the city settings, set by city-wide administrators', async () => {
    const put = (client = city.admin, threshold: number) => client.request('PUT', '/api/classifier/settings', { threshold });
    expect((await put(city.operator, 0.5)).statusCode).toBe(403);
    expect((await put(city.districtAdmin, 0.5)).statusCode).toBe(403);
    expect((await put(city.admin, 1.5)).statusCode).toBe(400);
    const saved = await put(city.admin, 0.999999);
    expect([saved.statusCode, saved.json()]).toEqual([200, { threshold: 0.999999 }]);
    // A text telling of all three kinds of problem.
    const { suggestion } = await suggest(city.operator, { text: '物业服务差，门口垃圾没人清运，路面还有个大坑' });
    expect(suggestion).toMatchObject({ threshold: 0.999999, belowThreshold: true });
    await put(city.admin, 0.2);
    expect((await suggest()).suggestion).toMatchObject({ threshold: 0.2, belowThreshold: false });
    expect((await city.operator.get('/api/classifier/settings')).json()).toEqual({ threshold: 0.2 });
  });

  it('keeps every version and rolls back to an earlier one', async () => {
    await trainCityModel(ctx, city.id, { trainedBy: 'test' });
    const list = async () => (await city.operator.get('/api/classifier/models')).json<{ items: ClassifierModelView[] }>().items;
    expect((await list()).map((m) => [m.version, m.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await suggest()).suggestion?.modelVersion).toBe(2);
    expect((await city.operator.post('/api/classifier/models/1/activate')).statusCode).toBe(403);
    expect((await city.districtAdmin.post('/api/classifier/models/1/activate')).statusCode).toBe(403);
    expect((await city.admin.post('/api/classifier/models/9/activate')).statusCode).toBe(404);
    const rolledBack = await city.admin.post('/api/classifier/models/1/activate');
    expect([rolledBack.statusCode, rolledBack.json<ClassifierModelView>().active]).toEqual([200, true]);
    expect((await list()).map((m) => [m.version, m.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect((await suggest()).suggestion?.modelVersion).toBe(1);
    const detail = await city.leader.get('/api/classifier/models/1');
    expect(
      detail
        .json<{ perClass: { label: string }[] }>()
        .perClass.map((c) => c.label)
        .sort(),
    ).toEqual([LEAVES.cityManagement, LEAVES.community, LEAVES.street].sort());
  });
});
