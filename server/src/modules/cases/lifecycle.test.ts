import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, CaseView } from '@gongzhi/contracts';
import { errorCode, testApp } from '../../../test/harness.ts';
import { act, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';

let city: CaseCity;
beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
});

const newCase = async (overrides: Record<string, unknown> = {}) => (await createCaseAs(city.operator, hotlineCase(overrides))).case;
const types = (c: CaseView) => c.timeline.map((e) => e.type.replace('case.', ''));

describe('the loop: received → dispatched → accepted → handling → replied → callback → closed', () => {
  it('walks a case through every role and keeps the whole history', async () => {
    const c = await newCase();
    const inbox = (await city.s1Handler.get('/api/cases?view=inbox')).json<CaseList>();
    expect(inbox.items.map((i) => i.id)).toContain(c.id);
    expect((await city.s1Handler.get(`/api/cases/${c.id}`)).json<CaseView>().allowedActions).toEqual(
      expect.arrayContaining(['accept', 'return']),
    );
    await act(city.s1Handler, c.id, { type: 'accept' });
    await act(city.s1Handler, c.id, { type: 'contact', note: '已电话联系' });
    await act(city.s1Handler, c.id, { type: 'start' });
    const replied = await act(city.s1Handler, c.id, { type: 'reply', text: '已安排环卫车辆清运完毕' });
    expect(replied.status).toBe('replied');
    expect(replied.firstContactAt).not.toBeNull();
    const callbacks = (await city.operator.get('/api/cases?view=callbacks')).json<CaseList>();
    expect(callbacks.items.map((i) => i.id)).toContain(c.id);
    const closed = await act(city.operator, c.id, { type: 'record_callback', contacted: true, solved: true, satisfied: true });
    expect(closed.status).toBe('closed');
    expect(closed.callback).toEqual({ contacted: true, solved: true, satisfied: true });
    expect(types(closed)).toEqual(['received', 'dispatched', 'accepted', 'contacted', 'started', 'replied', 'callback_recorded']);
    expect(closed.timeline[2]!.actor.unitName).toBe('s1Office单位');
    expect(closed.allowedActions).toEqual([]);
  });

  it('an unsatisfied callback reopens the case with a fresh deadline, up to the limit, then closes', async () => {
    const c = await newCase();
    await act(city.s1Handler, c.id, { type: 'accept' });
    for (let round = 1; round <= 3; round++) {
      await act(city.s1Handler, c.id, { type: 'reply', text: `第${round}次答复` });
      const after = await act(city.operator, c.id, { type: 'record_callback', contacted: true, solved: false, satisfied: false });
      if (round <= 2) expect([after.status, after.reopenCount]).toEqual(['handling', round]);
      else expect(after.status).toBe('closed');
    }
  });
});

describe('return (退单) and the dispatcher’s ruling', () => {
  it('a returned case goes to the queue; re-routing sends it to another unit', async () => {
    const c = await newCase();
    const returned = await act(city.s1Handler, c.id, { type: 'return', reason: '该位置属于S2辖区' });
    expect([returned.status, returned.needsDispatcher, returned.pendingReturn?.reason]).toEqual(['returned', true, '该位置属于S2辖区']);
    const queue = (await city.dispatcher.get('/api/cases?view=queue')).json<CaseList>();
    expect(queue.items.map((i) => i.id)).toContain(c.id);
    const rerouted = await act(city.dispatcher, c.id, { type: 'arbitrate_return', decision: 'reroute', unitId: city.units.s2Office });
    expect([rerouted.status, rerouted.leadUnit?.id, rerouted.needsDispatcher]).toEqual(['dispatched', city.units.s2Office, false]);
    // The first street no longer leads it: its handler may not accept it.
    const response = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'accept' });
    expect([response.statusCode, errorCode(response)]).toEqual([403, 'forbidden']);
    await act(city.s2Handler, c.id, { type: 'accept' });
  });

  it('ruling must_handle keeps the unit, which may then not return it again', async () => {
    const c = await newCase();
    await act(city.s1Handler, c.id, { type: 'return', reason: '不归我们管' });
    await act(city.dispatcher, c.id, { type: 'arbitrate_return', decision: 'must_handle' });
    const again = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'return', reason: '还是不归我们管' });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'return_not_allowed']);
  });
});

describe('extension (延期), suspension (挂起), escalation, co-handling, merge, withdrawal', () => {
  it('an approved extension moves the deadline by working days', async () => {
    const c = await newCase();
    await act(city.s1Handler, c.id, { type: 'accept' });
    await act(city.s1Handler, c.id, { type: 'request_extension', days: 5, reason: '需协调施工单位' });
    const pending = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'request_extension', days: 2, reason: '再延' });
    expect(errorCode(pending)).toBe('extension_already_pending');
    const forbidden = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'approve_extension' });
    expect(forbidden.statusCode).toBe(403);
    const asked = (await city.dispatcher.get('/api/cases?view=all&pending=extension&limit=200')).json<CaseList>();
    expect(asked.items.find((i) => i.id === c.id)?.pendingExtension).toEqual({ days: 5, reason: '需协调施工单位' });
    const approved = await act(city.dispatcher, c.id, { type: 'approve_extension' });
    const days = (Date.parse(approved.dueAt!) - Date.parse(c.dueAt!)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(5);
    expect(approved.pendingExtension).toBeNull();
  });

  it('suspension stops the clock; resuming keeps the deadline at least as late', async () => {
    const c = await newCase();
    await act(city.s1Handler, c.id, { type: 'accept' });
    const suspended = await act(city.s1Handler, c.id, { type: 'suspend', reason: '等待法院判决' });
    expect([suspended.status, suspended.dueState]).toEqual(['suspended', 'none']);
    const resumed = await act(city.s1Handler, c.id, { type: 'resume' });
    expect(resumed.status).toBe('handling');
    expect(Date.parse(resumed.dueAt!)).toBeGreaterThanOrEqual(Date.parse(c.dueAt!));
  });

  it('escalation goes one level up and is recorded', async () => {
    const c = await newCase();
    const escalated = await act(city.dispatcher, c.id, { type: 'escalate', reason: '群众反复来电' });
    expect(escalated.escalationLevel).toBe(1);
    expect(escalated.timeline.at(-1)!.data).toMatchObject({ toUnitId: city.units.d1Gov });
  });

  it('a co-handler sees the case in its inbox', async () => {
    const c = await newCase();
    await act(city.dispatcher, c.id, { type: 'add_cohandler', unitId: city.units.d1Dept });
    const inbox = (await city.d1DeptHandler.get('/api/cases?view=inbox')).json<CaseList>();
    expect(inbox.items.map((i) => i.id)).toContain(c.id);
    const twice = await city.dispatcher.post(`/api/cases/${c.id}/actions`, { type: 'add_cohandler', unitId: city.units.d1Dept });
    expect(errorCode(twice)).toBe('already_cohandler');
    const unknown = await city.dispatcher.post(`/api/cases/${c.id}/actions`, { type: 'add_cohandler', unitId: 'nope' });
    expect(errorCode(unknown)).toBe('unknown_unit');
  });

  it('merging a duplicate adds a supporter to the case it joins', async () => {
    const target = await newCase({ text: '合并测试：路口垃圾桶满了溢出' });
    const duplicate = await newCase({ text: '合并测试：路口垃圾桶满溢没人管' });
    const merged = await act(city.operator, duplicate.id, { type: 'merge_into', caseId: target.id });
    expect([merged.status, merged.mergedInto]).toEqual(['merged', target.id]);
    const joined = (await city.operator.get(`/api/cases/${target.id}`)).json<CaseView>();
    expect(joined.supporters).toBe(1);
    expect(types(joined)).toContain('supporter_added');
    const self = await city.operator.post(`/api/cases/${target.id}/actions`, { type: 'merge_into', caseId: target.id });
    expect(errorCode(self)).toBe('invalid_merge_target');
  });

  it('a registered resident follows and withdraws their own case', async () => {
    const c = (await createCaseAs(city.resident, hotlineCase({ text: '居民自报：楼道灯坏了很久了' }))).case;
    expect(c.channel).toBe('web');
    const mine = (await city.resident.get('/api/cases?view=mine')).json<CaseList>();
    expect(mine.items.map((i) => i.id)).toEqual([c.id]);
    const withdrawn = await act(city.resident, c.id, { type: 'withdraw', reason: '已经修好了' });
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.reporter.revealable).toBe(true);
    const other = await newCase();
    expect((await city.resident.get(`/api/cases/${other.id}`)).statusCode).toBe(404);
  });
});

describe('reference data reloads', () => {
  it('a step right after the per-city caches expired completes (nothing reloads inside its transaction)', async () => {
    const { ctx } = await testApp();
    const c = await newCase();
    ctx.cache.invalidate(city.id);
    const accepted = await act(city.s1Handler, c.id, { type: 'accept' });
    expect(accepted.status).toBe('accepted');
    ctx.cache.invalidate(city.id);
    const { sweepDeadlines } = await import('./sweep.service.ts');
    await expect(sweepDeadlines({ ...ctx, now: () => new Date(Date.parse(c.dueAt!) + 1) }, { cityId: city.id })).resolves.toBeDefined();
  }, 10_000);
});

describe('the inbox', () => {
  it('pages through the unit’s open cases by deadline, co-handled ones included, each once', async () => {
    const { LEAVES } = await import('../../../test/cases-harness.ts');
    const made = [];
    for (const urgency of ['normal', 'emergency', 'urgent', 'normal']) {
      made.push(await newCase({ text: `收件箱分页：${urgency}`, categoryCode: LEAVES.community, urgency }));
    }
    const other = await newCase({ text: '收件箱分页：协办' });
    await act(city.dispatcher, other.id, { type: 'add_cohandler', unitId: city.units.k1Committee });
    const seen: { id: string; dueAt: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const page: CaseList = (await city.k1Handler.get(`/api/cases?view=inbox&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = seen.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([...made.map((c) => c.id), other.id]));
    const dues = seen.map((i) => Date.parse(i.dueAt!));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});

describe('the dispatch queue', () => {
  it('holds only cases still waiting for a dispatcher', async () => {
    const queued = await newCase({ location: undefined, address: '八一路某小区门口' });
    const withdrawn = await newCase({ location: undefined, address: '七一路某小区门口' });
    await act(city.operator, withdrawn.id, { type: 'withdraw', reason: '居民来电撤回' });
    const ids = (await city.dispatcher.get('/api/cases?view=queue&limit=200')).json<CaseList>().items.map((i) => i.id);
    expect(ids).toContain(queued.id);
    expect(ids).not.toContain(withdrawn.id);
    const returned = await newCase();
    await act(city.s1Handler, returned.id, { type: 'return', reason: '不属于本街道' });
    const item = (await city.dispatcher.get('/api/cases?view=queue&pending=return&limit=200'))
      .json<CaseList>()
      .items.find((i) => i.id === returned.id);
    expect(item?.pendingReturn).toEqual({ unitId: city.units.s1Office, unitName: 's1Office单位', reason: '不属于本街道' });
  });
});

describe('refusals', () => {
  it('an illegal step answers 409 with its code; a stale version answers version_conflict', async () => {
    const c = await newCase();
    const reply = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'reply', text: '直接办结' });
    expect([reply.statusCode, errorCode(reply)]).toEqual([409, 'illegal_transition']);
    const stale = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'accept', version: c.version + 5 });
    expect([stale.statusCode, errorCode(stale)]).toEqual([409, 'version_conflict']);
    const bad = await city.s1Handler.post(`/api/cases/${c.id}/actions`, { type: 'teleport' });
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'validation_failed']);
  });

  it('outside its scope a case does not exist: a handler of another street gets 404', async () => {
    const c = await newCase();
    expect((await city.s2Handler.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    const response = await city.s2Handler.post(`/api/cases/${c.id}/actions`, { type: 'accept' });
    expect(response.statusCode).toBe(404);
    expect((await city.s2Handler.get('/api/cases/not-a-uuid')).statusCode).toBe(404);
  });

  it('the timeline is append-only in the database itself', async () => {
    const { ctx } = await testApp();
    const c = await newCase();
    const error = await ctx.database.db.execute(`UPDATE case_events SET type = 'x' WHERE case_id = '${c.id}'`).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(String((error?.cause as Error | undefined)?.message)).toMatch(/append-only/);
  });
});
