// The monthly theme through the real HTTP API on a constructed city whose right answer is known: the
// proposals' ranking and figures, the exclusion of categories under a programme, the effect against a
// recount, action deadlines and overdue marks, the due sweep's notices, the closing rules, and refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ThemeProposals, ThemeView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { FastifyInstance } from 'fastify';
import { errorCode, loginAs, testApp } from '../../../test/harness.ts';
import { makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { addStreets, dayOf, insertThemeCases, type ThemeCase } from '../../../test/themes-harness.ts';
import { monthOf } from '../assessment/index.ts';
import { addWorkingDays, loadWorkCalendar } from '../deadlines/index.ts';
import { addMonths } from './themes.rules.ts';
import { sweepThemeActions } from './themes.service.ts';

const A = '0201'; // 物业管理: high volume, everyone satisfied, two streets
const B = '0101'; // 市政设施: moderate volume, 25 % satisfied, repeats, six streets, tripled
const C = '0103'; // 环境卫生: moderate volume, 40 % satisfied, one street
const D = '0302'; // 噪声: five cases, no verdicts
const leaf = { [A]: '020101', [B]: '010101', [C]: '010301', [D]: '030202' } as const;

let ctx: Context;
let app: FastifyInstance;
let city: CaseCity;
const current = monthOf(new Date());
const P = addMonths(current, -1);
const fixtures: ThemeCase[] = [];

const add = (code: keyof typeof leaf, month: string, n: number, over: (i: number) => Partial<ThemeCase> = () => ({})) => {
  for (let i = 0; i < n; i++) {
    fixtures.push({
      categoryCode: leaf[code],
      regionPath: city.regions.S1!.path,
      receivedAt: dayOf(month, 1 + (i % 20)),
      ...over(i),
    });
  }
};

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCaseCity(app, ctx);
  await addStreets(ctx, city);
  const streets = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'].map((s) => city.regions[s]!.path);
  const replied = (i: number) => dayOf(P, 21 + (i % 5));
  add(A, P, 30, (i) => ({
    regionPath: streets[i % 2]!,
    leadUnitId: city.units.s1Office,
    ...(i < 20 ? { repliedAt: replied(i), satisfied: true } : {}),
  }));
  add(B, P, 15, (i) => ({
    regionPath: streets[i % 6]!,
    leadUnitId: i % 2 ? city.units.d1Dept : city.units.cityDept,
    ...(i < 12 ? { repliedAt: replied(i), satisfied: i < 3 } : {}),
    ...(i === 0 || i === 1 ? { phone: '13900000001' } : {}),
    ...(i === 2 ? { reopenCount: 1 } : i === 3 ? { reopenCount: 2 } : {}),
    ...(i === 4 ? { merged: true } : {}),
  }));
  add(C, P, 15, (i) => ({ regionPath: city.regions.K1!.path, repliedAt: replied(i), satisfied: i < 6, leadUnitId: city.units.s1Office }));
  add(D, P, 5, () => ({ regionPath: city.regions.S3!.path }));
  for (const n of [1, 2, 3]) {
    add(A, addMonths(P, -n), 30);
    add(B, addMonths(P, -n), 5);
  }
  // The month six back and this month (partial), for the effect.
  add(B, addMonths(P, -7), 4);
  const monthStart = new Date(`${current}-01T00:00:00+08:00`);
  add(B, current, 2, () => ({ receivedAt: new Date(Math.min(Date.now() - 60_000, monthStart.getTime() + 3_600_000)) }));
  await insertThemeCases(ctx, city, fixtures);
});

const proposals = async (month = P): Promise<ThemeProposals> => {
  const response = await city.admin.get(`/api/themes/proposals?month=${month}`);
  expect(response.statusCode).toBe(200);
  return response.json();
};

const create = async (body: Record<string, unknown>): Promise<ThemeView> => {
  const response = await city.admin.post('/api/themes', body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json();
};

const programme = (code: string, month = P) => ({
  month,
  categoryCode: code,
  title: `专项治理 ${code}`,
  leadUnitId: city.units.d1Dept,
  coUnitIds: [city.units.cityDept],
  target: '月均件数下降三成',
  targetReductionPercent: 30,
});

describe('proposals', () => {
  it('ranks the spread, repeated, unsatisfying problem first, with its figures and reasons', async () => {
    const body = await proposals();
    expect(body.items.map((i) => [i.categoryCode, i.score])).toEqual([
      [B, 85],
      [C, 37.5],
      [A, 35],
      [D, 7.5],
    ]);
    const b = body.items[0]!;
    expect(b.categoryName).toBe('市政设施');
    expect(b.figures).toEqual({
      volume: 15,
      previousVolumes: [5, 5, 5],
      trendPercent: 200,
      repeated: 4,
      reopened: 2,
      merged: 1,
      sameReporter: 1,
      samePlace: 0,
      rated: 12,
      satisfied: 3,
      satisfactionRate: 0.25,
      streets: 6,
      leadUnits: 2,
    });
    expect(b.reasons[0]).toEqual({ part: 'dissatisfaction', value: 0.25, rank: 1, of: 3 });
    expect(body.items.find((i) => i.categoryCode === C)!.figures.streets).toBe(1);
  });

  it('leaves out a category under an active programme', async () => {
    const d = await create(programme(D));
    const body = await proposals();
    expect(body.items.map((i) => i.categoryCode)).not.toContain(D);
    expect(body.excluded).toEqual([{ categoryCode: D, programmeId: d.id }]);
    expect((await city.admin.post('/api/themes', programme(D))).statusCode).toBe(409);
    expect(errorCode(await city.admin.post('/api/themes', programme(D)))).toBe('category_has_programme');
  });

  it('refuses bad months and answers 403 to those who do not read the whole city', async () => {
    expect(errorCode(await city.admin.get('/api/themes/proposals?month=2026-13'))).toBe('validation_failed');
    expect((await city.admin.get('/api/themes/proposals')).statusCode).toBe(400);
    const future = await city.admin.get(`/api/themes/proposals?month=${addMonths(current, 1)}`);
    expect([future.statusCode, errorCode(future)]).toEqual([422, 'future_month']);
    expect((await city.districtAdmin.get(`/api/themes/proposals?month=${P}`)).statusCode).toBe(403);
  });
});

describe('a programme', () => {
  let b: ThemeView;

  it('is made from a proposal and tells its lead and co-units', async () => {
    b = await create(programme(B, addMonths(P, -1)));
    expect(b.status).toBe('active');
    expect(b.streets).toBe(1); // in its month (the one before P) every case of B was in S1
    for (const client of [city.d1DeptHandler]) {
      const inbox = (await client.get('/api/notifications')).json<{ items: { kind: string; text: string }[] }>();
      expect(inbox.items.some((n) => n.kind === 'theme.created' && n.text.includes(b.title))).toBe(true);
    }
  });

  it('measures the effect: cases per month before and after, equal to a recount', async () => {
    const view = (await city.admin.get(`/api/themes/${b.id}`)).json<ThemeView>();
    const month = addMonths(P, -1);
    const recount = (m: string) => fixtures.filter((f) => f.categoryCode.startsWith(B) && monthOf(f.receivedAt) === m).length;
    expect(view.effect.months.map((m) => [m.month, m.cases, m.phase, m.partial])).toEqual(
      [-6, -5, -4, -3, -2, -1, 0, 1, 2].map((n) => {
        const m = addMonths(month, n);
        return [m, recount(m), n < 0 ? 'before' : n === 0 ? 'month' : 'after', m === current];
      }),
    );
    // Before: 4 (six back) + 5 + 5 over six months; after: P's 15 (the current month is partial).
    expect(view.effect.beforeMean).toBe(Math.round((14 / 6) * 10) / 10);
    expect(view.effect.afterMean).toBe(15);
    expect(view.effect.changePercent).toBe(Math.round(((15 - 14 / 6) / (14 / 6)) * 1000) / 10);
  });

  it('takes actions with deadlines in working days or dates, refuses bad ones', async () => {
    const now = new Date();
    const byDays = await city.d1DeptHandler.post(`/api/themes/${b.id}/actions`, {
      title: '排查台账',
      ownerUnitId: city.units.d1Dept,
      workingDays: 5,
    });
    expect(byDays.statusCode).toBe(201);
    const calendar = await loadWorkCalendar(ctx.database.db, city.id);
    const due = new Date(byDays.json<ThemeView>().actions[0]!.dueAt);
    expect(Math.abs(due.getTime() - addWorkingDays(calendar, now, 5).getTime())).toBeLessThan(60_000);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const byDate = await city.d1DeptHandler.post(`/api/themes/${b.id}/actions`, {
      title: '联合整治',
      ownerUnitId: city.units.cityDept,
      dueDate: tomorrow,
    });
    expect(byDate.statusCode).toBe(201);
    const refusals: [Record<string, unknown>, number, string][] = [
      [{ title: '两个期限', ownerUnitId: city.units.d1Dept, workingDays: 3, dueDate: tomorrow }, 422, 'deadline_required'],
      [{ title: '没有期限', ownerUnitId: city.units.d1Dept }, 422, 'deadline_required'],
      [{ title: '过去的日期', ownerUnitId: city.units.d1Dept, dueDate: '2020-01-01' }, 422, 'deadline_past'],
      [{ title: '不存在的日期', ownerUnitId: city.units.d1Dept, dueDate: '2031-02-31' }, 422, 'invalid_date'],
      [{ title: '外单位', ownerUnitId: city.units.s2Office, workingDays: 3 }, 422, 'owner_not_in_programme'],
      [{ title: '零天', ownerUnitId: city.units.d1Dept, workingDays: 0 }, 400, 'validation_failed'],
      [{ title: '多字段', ownerUnitId: city.units.d1Dept, workingDays: 2, extra: 1 }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of refusals) {
      const response = await city.d1DeptHandler.post(`/api/themes/${b.id}/actions`, body);
      expect([status, code]).toEqual([response.statusCode, errorCode(response)]);
    }
  });

  it('marks an open action overdue after its deadline and tells its owner and the lead once', async () => {
    const later = new Date(Date.now() + 40 * 86_400_000);
    const realNow = ctx.now;
    ctx.now = () => later;
    try {
      // A session opened at the shifted clock (the one opened today has expired by then).
      const admin = await loginAs(app, `admin${city.code}`, city.slug);
      const view = (await admin.get(`/api/themes/${b.id}`)).json<ThemeView>();
      expect(view.actions.map((a) => a.status)).toEqual(['overdue', 'overdue']);
      expect(view.actionsOverdue).toBe(2);
      expect(await sweepThemeActions(ctx, later)).toBeGreaterThanOrEqual(2);
      expect(await sweepThemeActions(ctx, later)).toBe(0);
    } finally {
      ctx.now = realNow;
    }
    const inbox = (await city.d1DeptHandler.get('/api/notifications')).json<{ items: { kind: string }[] }>();
    expect(inbox.items.filter((n) => n.kind === 'theme.action_overdue')).toHaveLength(2);
    const timeline = (await city.admin.get(`/api/themes/${b.id}`)).json<ThemeView>().timeline;
    expect(timeline.filter((e) => e.type === 'theme.action_overdue')).toHaveLength(2);
  });

  it('lets the owner mark its action done once; closing needs every action done or a reason', async () => {
    const view = (await city.admin.get(`/api/themes/${b.id}`)).json<ThemeView>();
    const cityDeptAction = view.actions.find((a) => a.owner.id === city.units.cityDept)!;
    const done = await city.admin.post(`/api/themes/${b.id}/actions/${cityDeptAction.id}/done`, { note: '已完成联合整治' });
    expect(done.statusCode).toBe(200);
    expect(done.json<ThemeView>().actions.find((a) => a.id === cityDeptAction.id)!.status).toBe('done');
    const again = await city.admin.post(`/api/themes/${b.id}/actions/${cityDeptAction.id}/done`, { note: '再次' });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'action_done']);
    const early = await city.admin.post(`/api/themes/${b.id}/close`, { summary: '阶段性完成' });
    expect([early.statusCode, errorCode(early)]).toEqual([409, 'actions_open']);
    const closed = await city.admin.post(`/api/themes/${b.id}/close`, { summary: '阶段性完成', reason: '余下措施转入常态化管理' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json<ThemeView>()).toMatchObject({ status: 'closed', closeReason: '余下措施转入常态化管理' });
    const after: [string, unknown, string][] = [
      [`/api/themes/${b.id}/close`, { summary: '再关一次' }, 'programme_closed'],
      [`/api/themes/${b.id}/actions`, { title: '关闭后', ownerUnitId: city.units.d1Dept, workingDays: 2 }, 'programme_closed'],
      [`/api/themes/${b.id}/actions/${view.actions[0]!.id}/done`, { note: '关闭后' }, 'programme_closed'],
    ];
    for (const [url, body, code] of after) {
      const response = await city.admin.post(url, body);
      expect([response.statusCode, errorCode(response)]).toEqual([409, code]);
    }
    // The category may be picked again once its programme is closed.
    expect((await city.admin.post('/api/themes', programme(B))).statusCode).toBe(201);
  });

  it('refuses bad programmes with stable codes', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...programme(C), categoryCode: '010301' }, 422, 'unknown_category'],
      [{ ...programme(C), leadUnitId: '00000000-0000-0000-0000-000000000000' }, 422, 'unknown_unit'],
      [{ ...programme(C), coUnitIds: [city.units.d1Dept] }, 422, 'invalid_unit'],
      [{ ...programme(C), month: addMonths(current, 2) }, 422, 'future_month'],
      [{ ...programme(C), month: 'last' }, 400, 'validation_failed'],
      [{ ...programme(C), title: '' }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const response = await city.admin.post('/api/themes', body);
      expect([response.statusCode, errorCode(response)]).toEqual([status, code]);
    }
    expect((await city.admin.get('/api/themes/not-a-uuid')).statusCode).toBe(404);
    expect((await city.admin.get('/api/themes/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('keeps its timeline append-only', async () => {
    await expect(ctx.database.db.execute(`UPDATE theme_events SET type = 'x' WHERE programme_id = '${b.id}'` as never)).rejects.toThrow();
  });
});
