// Malicious and repeated callers (12345 恶意来电, 重复来电) through the real API: marks flag a number at N, repeated
// cases at M, the case records the flag, clearing restarts the counting; every step audited; no answer holds the number.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallerFlagList, CallerFlagView, CallerMarkResult, CaseCreated, CaseView } from '@gongzhi/contracts';
import { LEAVES, PLACES, makeCaseCity, type CaseCity } from './cases-harness.ts';
import { errorCode, testApp } from './harness.ts';

let city: CaseCity;
let seq = 0;
/** A number no other test uses. */
const newPhone = () => `137${String(Date.now() % 1e6).padStart(6, '0')}${String(seq++).padStart(2, '0')}`;

beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
});

async function takeIn(phone: string | undefined, text = '小区门口垃圾三天没人清运'): Promise<CaseView> {
  const body = { text, categoryCode: LEAVES.street, location: PLACES.G1, ...(phone && { reporter: { phone, anonymous: false } }) };
  const response = await city.operator.post('/api/cases', body);
  expect(response.statusCode).toBe(201);
  return response.json<CaseCreated>().case;
}

const mark = (caseId: string, reason = 'harassment', client = city.operator) =>
  client.post(`/api/cases/${caseId}/malicious`, { reason, note: '多次辱骂话务员' });

/** The number must appear in no answer: masked only (137****1234). */
const expectNoPlainPhone = (body: string, phone: string) => {
  expect(body).not.toContain(phone);
  expect(body).not.toContain(phone.slice(3, 7));
};

describe('caller flags', () => {
  it('marks flag the number at the third (the default N), with the masked number; one mark per case', async () => {
    const phone = newPhone();
    const cases = [await takeIn(phone), await takeIn(phone), await takeIn(phone)];
    const results: CallerMarkResult[] = [];
    for (const [i, c] of cases.entries()) {
      const response = await mark(c.id, i === 0 ? 'abuse' : 'harassment', i === 2 ? city.dispatcher : city.operator);
      expect(response.statusCode).toBe(200);
      expectNoPlainPhone(response.body, phone);
      results.push(response.json());
    }
    expect(results.map((r) => [r.markCount, r.flag?.reason ?? null])).toEqual([
      [1, null],
      [2, null],
      [3, 'marks'],
    ]);
    expect(results[2]!.flag).toMatchObject({
      phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      markCount: 3,
      caseCount: 3,
      clearedAt: null,
    });
    const again = await mark(cases[0]!.id);
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'already_marked']);
    // The next case from the number records the flag; those who call the caller back see it, other readers do not.
    const next = await takeIn(phone);
    expect(next.callerFlag).toEqual({ id: results[2]!.flag!.id, reason: 'marks', since: results[2]!.flag!.since });
    expect((await city.dispatcher.get(`/api/cases/${next.id}`)).json<CaseView>().callerFlag?.reason).toBe('marks');
    expect((await city.s1Handler.get(`/api/cases/${next.id}`)).json<CaseView>().callerFlag?.reason).toBe('marks');
    expect((await city.leader.get(`/api/cases/${next.id}`)).json<CaseView>().callerFlag).toBeNull();
  });

  it('refuses to mark a case without a number, and a bad reason', async () => {
    const anonymous = await takeIn(undefined);
    const response = await mark(anonymous.id);
    expect([response.statusCode, errorCode(response)]).toEqual([422, 'no_caller_phone']);
    const bad = await mark((await takeIn(newPhone())).id, 'rude');
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'validation_failed']);
    expect((await city.operator.post('/api/cases/not-a-case/malicious', { reason: 'abuse' })).statusCode).toBe(404);
  });

  it('repeated cases flag the number at the fifth within 24 hours (the default M); the case is still taken in', async () => {
    const phone = newPhone();
    const flags = [];
    for (let i = 0; i < 6; i++) flags.push((await takeIn(phone, `第${i + 1}次反映：楼道灯不亮`)).callerFlag?.reason ?? null);
    expect(flags).toEqual([null, null, null, null, 'repeated_cases', 'repeated_cases']);
    const list = await city.dispatcher.get(`/api/caller-flags?phone=${phone}`);
    expectNoPlainPhone(list.body, phone);
    expect(list.json<CallerFlagList>().items).toEqual([expect.objectContaining({ reason: 'repeated_cases', caseCount: 6, markCount: 0 })]);
  });

  it('lists flags masked; clearing takes one off the active list, with the reason, once; counting restarts after it', async () => {
    const phone = newPhone();
    for (let i = 0; i < 5; i++) await takeIn(phone, `重复来电测试 ${i}`);
    const [flag] = (await city.dispatcher.get(`/api/caller-flags?phone=${phone}`)).json<CallerFlagList>().items;
    expect(flag).toBeDefined();
    const active = await city.operator.get('/api/caller-flags');
    expect(active.json<CallerFlagList>().items.map((f) => f.id)).toContain(flag!.id);
    for (const item of active.json<CallerFlagList>().items) expect(item.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    const noReason = await city.dispatcher.post(`/api/caller-flags/${flag!.id}/clear`, {});
    expect([noReason.statusCode, errorCode(noReason)]).toEqual([400, 'validation_failed']);
    const cleared = await city.dispatcher.post(`/api/caller-flags/${flag!.id}/clear`, { reason: '核实为真实诉求' });
    expect(cleared.statusCode).toBe(200);
    expectNoPlainPhone(cleared.body, phone);
    expect(cleared.json<CallerFlagView>()).toMatchObject({ clearReason: '核实为真实诉求', clearedBy: expect.any(String) });
    const twice = await city.dispatcher.post(`/api/caller-flags/${flag!.id}/clear`, { reason: '再次' });
    expect([twice.statusCode, errorCode(twice)]).toEqual([409, 'flag_cleared']);
    expect((await city.operator.get('/api/caller-flags')).json<CallerFlagList>().items.map((f) => f.id)).not.toContain(flag!.id);
    const clearedList = (await city.operator.get(`/api/caller-flags?status=cleared&phone=${phone}`)).json<CallerFlagList>().items;
    expect(clearedList.map((f) => f.id)).toEqual([flag!.id]);
    // The five cases before the clearing no longer count: the next one is not flagged.
    expect((await takeIn(phone)).callerFlag).toBeNull();
    expect((await city.dispatcher.post('/api/caller-flags/not-a-uuid/clear', { reason: 'x' })).statusCode).toBe(400);
    expect((await city.dispatcher.post(`/api/caller-flags/${crypto.randomUUID()}/clear`, { reason: 'x' })).statusCode).toBe(404);
  });

  it('writes every mark, flag and clearing to the audit log, without the number', async () => {
    const phone = newPhone();
    const cases = [await takeIn(phone), await takeIn(phone), await takeIn(phone)];
    for (const c of cases) await mark(c.id);
    const [flag] = (await city.operator.get(`/api/caller-flags?phone=${phone}`)).json<CallerFlagList>().items;
    await city.dispatcher.post(`/api/caller-flags/${flag!.id}/clear`, { reason: '误标' });
    const audit = await city.admin.get('/api/audit?limit=200');
    expectNoPlainPhone(audit.body, phone);
    const items = audit.json<{ items: { action: string; entityId: string | null }[] }>().items;
    const marks = items.filter((e) => e.action === 'caller.mark' && cases.some((c) => c.id === e.entityId));
    expect(marks).toHaveLength(3);
    expect(items.filter((e) => e.entityId === flag!.id).map((e) => e.action)).toEqual(['caller_flag.clear', 'caller_flag.raise']);
  });

  it('thresholds per city: city-wide administrators set them, audited; others may not', async () => {
    const read = await city.operator.get('/api/caller-settings');
    expect(read.json()).toEqual({ marksToFlag: 3, marksWindowDays: 30, casesToFlag: 5, casesWindowHours: 24 });
    const settings = { marksToFlag: 2, marksWindowDays: 30, casesToFlag: 5, casesWindowHours: 24 };
    expect((await city.districtAdmin.request('PUT', '/api/caller-settings', settings)).statusCode).toBe(403);
    expect((await city.dispatcher.request('PUT', '/api/caller-settings', settings)).statusCode).toBe(403);
    expect((await city.admin.request('PUT', '/api/caller-settings', { ...settings, casesToFlag: 1 })).statusCode).toBe(400);
    expect((await city.admin.request('PUT', '/api/caller-settings', settings)).json()).toEqual(settings);
    const phone = newPhone();
    const [a, b] = [await takeIn(phone), await takeIn(phone)];
    await mark(a.id);
    expect((await mark(b.id)).json<CallerMarkResult>().flag?.reason).toBe('marks');
    expect((await city.s1Handler.get('/api/caller-settings')).statusCode).toBe(403);
  });
});
