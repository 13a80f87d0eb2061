import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { testApp } from '../../../test/harness.ts';
import { act, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { sweepDeadlines } from './sweep.service.ts';

let city: CaseCity;
let ctx: Context;
beforeAll(async () => {
  const test = await testApp();
  ctx = test.ctx;
  city = await makeCaseCity(test.app, ctx);
});

const at = (iso: string, plusMs = 1): Context => ({ ...ctx, now: () => new Date(Date.parse(iso) + plusMs) });
const sweep = (clock: Context) => sweepDeadlines(clock, { cityId: city.id });
const read = async (id: string) => (await city.dispatcher.get(`/api/cases/${id}`)).json<CaseView>();
const marks = (c: CaseView) =>
  c.timeline.filter((e) => ['case.due_soon', 'case.overdue', 'case.first_contact_overdue'].includes(e.type)).map((e) => e.type);

describe('the deadline sweep', () => {
  it('warns once when due soon, marks overdue once and escalates to the unit above', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase({ text: '时限测试：井盖丢失存在安全隐患' }));
    expect((await sweep(ctx)).cases).toBe(0);

    const firstContact = await sweep(at(c.firstContactDueAt!));
    expect(firstContact.marks.first_contact_overdue).toBeGreaterThanOrEqual(1);
    const dueSoonAt = new Date(Date.parse(c.dueAt!) - 3600_000).toISOString();
    const soon = await sweep(at(dueSoonAt));
    expect(soon.marks.due_soon).toBe(1);
    expect((await sweep(at(dueSoonAt))).cases).toBe(0);
    const overdue = await sweep(at(c.dueAt!));
    expect([overdue.marks.overdue, overdue.cases]).toEqual([1, 1]);
    expect((await sweep(at(c.dueAt!, 86_400_000))).cases).toBe(0);

    const after = await read(c.id);
    expect(marks(after)).toEqual(['case.first_contact_overdue', 'case.due_soon', 'case.overdue']);
    expect(after.escalationLevel).toBe(1);
    expect(after.timeline.at(-1)!.data).toMatchObject({ toUnitId: city.units.d1Gov });
    const districtInbox = (await city.d1GovHandler.get('/api/notifications')).json<{ items: { caseId: string; kind: string }[] }>();
    expect(districtInbox.items.filter((n) => n.caseId === c.id).map((n) => n.kind)).toEqual(['case.overdue']);
  });

  it('a first contact in time is not marked; a replied case is not swept', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase({ text: '时限测试：已及时联系的工单' }));
    await act(city.s1Handler, c.id, { type: 'accept' });
    await act(city.s1Handler, c.id, { type: 'contact' });
    await act(city.s1Handler, c.id, { type: 'reply', text: '已处理' });
    await sweep(at(c.dueAt!, 86_400_000));
    expect(marks(await read(c.id))).toEqual([]);
  });

  it('a suspended case is not swept while its clock is stopped', async () => {
    const { case: c } = await createCaseAs(city.operator, hotlineCase({ text: '时限测试：挂起的工单' }));
    await act(city.s1Handler, c.id, { type: 'accept' });
    await act(city.s1Handler, c.id, { type: 'contact' });
    await act(city.s1Handler, c.id, { type: 'suspend', reason: '等待司法鉴定' });
    await sweep(at(c.dueAt!, 86_400_000));
    expect(marks(await read(c.id))).toEqual([]);
  });

  it('concurrent sweeps act on each due case once', async () => {
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createCaseAs(city.operator, hotlineCase({ text: `并发时限测试第${i}件：道路积水严重` }))),
    );
    const latest = created.map((r) => Date.parse(r.case.dueAt!)).reduce((a, b) => Math.max(a, b));
    const clock = at(new Date(latest).toISOString(), 86_400_000);
    const results = await Promise.all([
      sweepDeadlines(clock, { cityId: city.id, batchSize: 3 }),
      sweepDeadlines(clock, { cityId: city.id, batchSize: 3 }),
    ]);
    // Cases of the earlier tests that were still open are due too; every due case is counted once.
    const { rows } = (await ctx.database.db.execute(
      `SELECT count(*)::int AS n FROM case_events WHERE city_id = '${city.id}' AND type = 'case.overdue'`,
    )) as unknown as { rows: { n: number }[] };
    expect(results[0].marks.overdue + results[1].marks.overdue).toBeGreaterThanOrEqual(12);
    expect(rows[0]!.n).toBe(1 + results[0].marks.overdue + results[1].marks.overdue);
    for (const { case: c } of created) expect(marks(await read(c.id)).filter((m) => m === 'case.overdue')).toHaveLength(1);
  });
});
