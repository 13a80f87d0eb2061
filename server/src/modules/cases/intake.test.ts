import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseCreated } from '@gongzhi/contracts';
import { errorCode, testApp } from '../../../test/harness.ts';
import { LEAVES, PLACES, act, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';

let city: CaseCity;
beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
});

describe('intake', () => {
  it('locates, routes straight to the street (直派街乡) and sets the working-day deadline', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase());
    expect(c.status).toBe('dispatched');
    expect(c.channel).toBe('hotline');
    expect(c.leadUnit?.id).toBe(city.units.s1Office);
    expect(c.routing.ruleId).toBe('direct_street');
    expect(c.regions.map((r) => r.level)).toEqual(['district', 'street', 'community', 'grid']);
    expect(c.category).toMatchObject({ code: LEAVES.street, deadlineTier: 'general' });
    expect(c.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    // 7 working days, ending at the close of the working day.
    const days = (Date.parse(c.dueAt!) - Date.parse(c.receivedAt)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(7);
    expect(days).toBeLessThan(7 + 14);
    expect(c.timeline.map((e) => e.type)).toEqual(['case.received', 'case.dispatched']);
    expect(c.timeline[1]!.data).toMatchObject({ ruleId: 'direct_street', automatic: true });
  });

  it('routes community, department and utility categories to their units', async () => {
    const expectations: [string, Record<string, unknown>, string, string][] = [
      [LEAVES.community, {}, city.units.k1Committee!, 'community'],
      [LEAVES.cityManagement, {}, city.units.d1Dept!, 'department:城管@district'],
      [LEAVES.water, { fields: { affected_household_count: 120 } }, city.units.water!, 'utility:供水'],
    ];
    for (const [categoryCode, extra, unitId, ruleId] of expectations) {
      const body = hotlineCase({ categoryCode, ...extra });
      const response = await city.operator.post('/api/cases', body);
      expect(response.statusCode, response.body).toBe(201);
      const { case: c } = response.json<CaseCreated>();
      expect([c.leadUnit?.id, c.routing.ruleId]).toEqual([unitId, ruleId]);
    }
  });

  it('a department category in a district without that department falls back to the district (区兜底)', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase({ categoryCode: LEAVES.cityManagement, location: PLACES.G3 }));
    // D2 has no 城管 bureau: the city one takes it.
    expect(c.leadUnit?.id).toBe(city.units.cityDept);
    const noise = await createCaseAs(
      city.operator,
      hotlineCase({ categoryCode: LEAVES.noise, fields: { noise_period: 'night', noise_source: ['square_dance'] }, location: PLACES.G3 }),
    );
    expect(noise.case.routing.ruleId).toBe('district_fallback');
    expect([noise.case.leadUnit?.id, noise.case.status, noise.case.needsDispatcher]).toEqual([city.units.d2Gov, 'dispatched', true]);
    const queue = (await city.dispatcher.get('/api/cases?view=queue&limit=200')).json<{ items: { id: string }[] }>();
    expect(queue.items.map((i) => i.id)).toContain(noise.case.id);
    // The dispatcher overrides before 签收: the case leaves the queue for the unit chosen.
    const overridden = await act(city.dispatcher, noise.case.id, { type: 'dispatch', unitId: city.units.s3Office });
    expect([overridden.leadUnit?.id, overridden.needsDispatcher, overridden.routing.ruleId]).toEqual([
      city.units.s3Office,
      false,
      'manual',
    ]);
  });

  it('an emergency gets the 2-hour limit, whatever its category', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase({ urgency: 'emergency' }));
    expect(c.deadlineTier).toBe('emergency');
    expect(Date.parse(c.dueAt!) - Date.parse(c.receivedAt)).toBe(2 * 3600_000);
  });

  it('refuses a place outside the city with outside_jurisdiction, and writes nothing', async () => {
    const before = (await city.operator.get('/api/cases?view=all&limit=200')).json<{ items: unknown[] }>().items.length;
    const response = await city.operator.post('/api/cases', hotlineCase({ location: PLACES.outside }));
    expect([response.statusCode, errorCode(response)]).toEqual([422, 'outside_jurisdiction']);
    const after = (await city.operator.get('/api/cases?view=all&limit=200')).json<{ items: unknown[] }>().items.length;
    expect(after).toBe(before);
  });

  it('an address without a point goes to the dispatch queue', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase({ location: undefined, address: '川汇区七一路与八一路交叉口' }));
    expect([c.status, c.needsDispatcher, c.leadUnit]).toEqual(['received', true, null]);
    const queue = (await city.dispatcher.get('/api/cases?view=queue&limit=200')).json<{ items: { id: string }[] }>();
    expect(queue.items.map((i) => i.id)).toContain(c.id);
  });

  it.each([
    [{ text: '短' }, 400, 'validation_failed'],
    [{ categoryCode: '999999' }, 400, 'unknown_category'],
    [{ location: undefined, address: undefined }, 400, 'place_required'],
    [{ categoryCode: LEAVES.noise }, 400, 'invalid_fields'],
    [{ categoryCode: LEAVES.noise, fields: { noise_period: 'midnight' } }, 400, 'invalid_fields'],
    [{ fields: { anything: 1 } }, 400, 'invalid_fields'],
    [{ surprise: 1 }, 400, 'validation_failed'],
  ])('refuses bad input %j with %i %s', async (override, status, code) => {
    const response = await city.operator.post('/api/cases', hotlineCase(override));
    expect([response.statusCode, errorCode(response)]).toEqual([status, code]);
  });

  it('Idempotency-Key: a retried submit answers the first case; another body with the same key is refused', async () => {
    const key = `retry-${Date.now()}`;
    const first = await city.operator.post('/api/cases', hotlineCase({ text: '幂等测试：路灯不亮已经一周了' }), { 'idempotency-key': key });
    const again = await city.operator.post('/api/cases', hotlineCase({ text: '幂等测试：路灯不亮已经一周了' }), { 'idempotency-key': key });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<CaseCreated>().case.id).toBe(first.json<CaseCreated>().case.id);
    const other = await city.operator.post('/api/cases', hotlineCase({ text: '另一件事情，完全不同的内容' }), { 'idempotency-key': key });
    expect([other.statusCode, errorCode(other)]).toEqual([422, 'idempotency_key_reused']);
  });

  it('concurrent retries with one key create one case', async () => {
    const key = `race-${Date.now()}`;
    const body = hotlineCase({ text: '并发重试：同一个请求发了五次' });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => city.operator.post('/api/cases', body, { 'idempotency-key': key })),
    );
    const ids = new Set(responses.map((r) => r.json<CaseCreated>().case.id));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(ids.size).toBe(1);
  });

  it('offers open cases nearby with similar text as duplicates', async () => {
    const first = await createCaseAs(city.operator, hotlineCase({ text: '重复检测：文昌大道路口垃圾堆积很久没有清运' }));
    const second = await createCaseAs(
      city.gridWorker,
      hotlineCase({ text: '文昌大道路口垃圾堆积好几天了没有清运', location: { lng: 100.0501, lat: 30.0501 } }),
    );
    expect(second.duplicates.map((d) => d.id)).toContain(first.case.id);
    expect(second.case.channel).toBe('grid');
  });

  it('masks the reporter for everyone; reveals to those who call them, audited', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase());
    expect(c.reporter).toMatchObject({ name: '王**', phone: '139****5678', masked: true });
    const forHandler = await city.s1Handler.get(`/api/cases/${c.id}`);
    expect(forHandler.json<CaseCreated['case']>().reporter.phone).toBe('139****5678');
    const forLeader = await city.leader.get(`/api/cases/${c.id}`);
    expect(forLeader.json<CaseCreated['case']>().reporter.phone).toBeNull();
    expect((await city.leader.get(`/api/cases/${c.id}/reporter`)).statusCode).toBe(403);
    const revealed = await city.s1Handler.get(`/api/cases/${c.id}/reporter`);
    expect(revealed.json()).toEqual({ name: '王秀英', phone: '13912345678', anonymous: false });
    const views = await Promise.all([1, 2, 3].map(() => city.operator.get(`/api/cases/${c.id}/reporter`)));
    expect(views.map((v) => v.statusCode)).toEqual([200, 200, 200]);
    const audit = (await city.admin.get('/api/audit?limit=50')).json<{ items: { action: string; entityId: string }[] }>();
    expect(audit.items.filter((e) => e.action === 'case.reporter_viewed' && e.entityId === c.id)).toHaveLength(4);
    expect((await city.admin.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('anonymous reports keep no name', async () => {
    const { case: c } = await createCaseAs(
      city.operator,
      hotlineCase({ reporter: { name: '李四', phone: '13700001111', anonymous: true } }),
    );
    expect(c.reporter).toMatchObject({ name: null, anonymous: true });
    const revealed = await city.operator.get(`/api/cases/${c.id}/reporter`);
    expect(revealed.json()).toMatchObject({ name: null, anonymous: true });
  });
});
