import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { inconsistentTimelines } from '../../../test/invariants.ts';
import type { FastifyInstance } from 'fastify';
import {
  caseStatuses,
  type CaseList,
  type CaseView,
  type ThemeList,
  type ThemeProposals,
  type ThemeView,
  type WhistleList,
  type WhistleView,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { loginAs, testApp } from '../../../test/harness.ts';
import { loadDemoCity, type DemoLoadResult } from './index.ts';

let app: FastifyInstance;
let ctx: Context;
let demo: DemoLoadResult;
const password = 'demo-password-for-tests';

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  demo = await loadDemoCity(ctx, password);
}, 180_000);

describe('the demo city 周口市', () => {
  it('loads once: real districts, generated streets, communities and grids, with units', async () => {
    expect(demo.loaded).toBe(true);
    expect((await loadDemoCity(ctx, password)).loaded).toBe(false);
    const counts = await queryRows<{ level: string; n: number; generated: number }>(
      ctx.database.db,
      sql`SELECT level, count(*)::int AS n, count(*) FILTER (WHERE generated)::int AS generated FROM regions WHERE city_id = ${demo.cityId}::uuid GROUP BY level`,
    );
    const byLevel = Object.fromEntries(counts.map((c) => [c.level, c]));
    expect(byLevel.city!.n).toBe(1);
    expect(byLevel.district).toMatchObject({ n: 10, generated: 0 });
    expect(byLevel.street!.n).toBeGreaterThanOrEqual(150);
    expect(byLevel.street!.generated).toBe(byLevel.street!.n);
    expect(byLevel.community!.n).toBeGreaterThanOrEqual(10 * byLevel.street!.n);
    expect(byLevel.grid!.n).toBeGreaterThanOrEqual(3 * byLevel.community!.n);
    const kinds = await queryRows<{ kind: string; n: number }>(
      ctx.database.db,
      sql`SELECT kind, count(*)::int AS n FROM units WHERE city_id = ${demo.cityId}::uuid GROUP BY kind`,
    );
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
    expect(byKind.street_office).toBe(byLevel.street!.n);
    expect(byKind.community_committee).toBe(byLevel.community!.n);
    expect(byKind.department).toBe(13 * 11);
    expect(byKind.utility).toBe(4);
    for (const kind of [
      'hotline_centre',
      'command_centre',
      'resident_unit',
      'property_company',
      'new_sector_org',
      'party_org',
      'government',
    ])
      expect(byKind[kind]).toBeGreaterThan(0);
  });

  it('locates a point in central 周口 to its grid and 川汇区', async () => {
    const admin = await loginAs(app, 'admin', '411600', password);
    const located = (await admin.get('/api/geo/locate?lng=114.65&lat=33.62')).json();
    expect(located.district).toEqual({ code: '411602', name: '川汇区', level: 'district' });
    expect(located.grid.code).toMatch(/^411602\d{9}$/);
    expect(located.community.code).toBe(located.grid.code.slice(0, 12));
    expect(located.street.code).toBe(located.grid.code.slice(0, 9));
  });

  it('has its dispatch catalogue of three levels and its working calendar', async () => {
    const operator = await loginAs(app, 'operator', '411600', password);
    const tree = (await operator.get('/api/catalogue')).json() as { categories: { children: { children: unknown[] }[] }[] };
    const leaves = tree.categories.flatMap((first) => first.children.flatMap((second) => second.children));
    expect(tree.categories.length).toBeGreaterThanOrEqual(12);
    expect(leaves).toHaveLength(343);
    expect((await operator.get('/api/calendar/2026')).json()).toMatchObject({ covered: true });
  });

  it('has a demo account for every role, each seeing its own territory', async () => {
    const expectations: [string, string, string][] = [
      ['admin', 'admin', 'city'],
      ['leader', 'leader', 'city'],
      ['operator', 'operator', 'city'],
      ['dispatcher', 'dispatcher', 'city'],
      ['cq-leader', 'leader', 'district'],
      ['cq-secretary', 'secretary', 'district'],
      ['jd-leader', 'leader', 'street'],
      ['jd-handler', 'handler', 'street'],
      ['sq-secretary', 'secretary', 'community'],
      ['grid-worker', 'grid_worker', 'community'],
      ['dept-handler', 'handler', 'city'],
      ['resident', 'resident', 'community'],
    ];
    for (const [username, role, level] of expectations) {
      const me = (await (await loginAs(app, username, 'zhoukou', password)).get('/api/me')).json();
      expect(me.roles[0], username).toMatchObject({ role, region: { level } });
    }
    const jd = await loginAs(app, 'jd-leader', 'zhoukou', password);
    const units = (await jd.get('/api/units?limit=500')).json();
    expect(units.items.every((u: { region: { code: string } }) => u.region.code.startsWith('411602001'))).toBe(true);
  });
});

describe('the demo city’s cases', () => {
  const count = async (where: ReturnType<typeof sql>) =>
    (
      await queryRows<{ n: number }>(
        ctx.database.db,
        sql`SELECT count(*)::int AS n FROM cases c WHERE c.city_id = ${demo.cityId}::uuid AND ${where}`,
      )
    )[0]!.n;

  it('holds a few thousand cases in every status, some overdue, due soon, escalated, co-handled, reopened', async () => {
    const byStatus = await queryRows<{ status: string; n: number }>(
      ctx.database.db,
      sql`SELECT status, count(*)::int AS n FROM cases WHERE city_id = ${demo.cityId}::uuid GROUP BY status`,
    );
    const counts = Object.fromEntries(byStatus.map((r) => [r.status, r.n]));
    console.info('demo cases by status', counts);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_500);
    for (const status of caseStatuses) expect(counts[status], status).toBeGreaterThanOrEqual(5);
    const open = sql`c.status IN ('received', 'returned', 'dispatched', 'accepted', 'handling')`;
    expect(await count(sql`${open} AND c.due_at <= now()`)).toBeGreaterThanOrEqual(20);
    expect(await count(sql`${open} AND c.due_soon_at <= now() AND c.due_at > now()`)).toBeGreaterThanOrEqual(10);
    expect(await count(sql`c.escalation_level > 0`)).toBeGreaterThanOrEqual(10);
    expect(await count(sql`cardinality(c.co_handler_unit_ids) > 0`)).toBeGreaterThanOrEqual(10);
    expect(await count(sql`c.reopen_count > 0`)).toBeGreaterThanOrEqual(10);
    expect(await count(sql`c.status = 'closed' AND (c.callback->>'satisfied')::boolean`)).toBeGreaterThanOrEqual(100);
    expect(await count(sql`c.status = 'closed' AND NOT (c.callback->>'satisfied')::boolean`)).toBeGreaterThanOrEqual(10);
    expect(await count(sql`c.received_at < now() - interval '50 days'`)).toBeGreaterThan(0);
    expect(await count(sql`c.received_at < now() - interval '181 days' OR c.received_at > now()`)).toBe(0);
    const unsent = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM sms_outbox WHERE city_id = ${demo.cityId}::uuid AND sent_at IS NULL`,
    );
    expect(unsent[0]!.n).toBe(0);
  });

  it('has consistent timelines: received first, in time order, one event per version, an end for each finished case', async () => {
    const events = sql`SELECT e.type FROM case_events e WHERE e.city_id = c.city_id AND e.case_id = c.id`;
    expect(await count(sql`NOT EXISTS (${events} AND e.seq = 1 AND e.type = 'case.received')`)).toBe(0);
    const backwards = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS n FROM (
            SELECT at < lag(at) OVER (PARTITION BY case_id ORDER BY seq) AS back, at > now() AS future
            FROM case_events WHERE city_id = ${demo.cityId}::uuid) t WHERE back OR future`,
    );
    expect(backwards[0]!.n).toBe(0);
    // Every step after intake moved the version by one and wrote one event (intake writes one or two).
    const steps = sql`(SELECT count(*) FROM case_events e WHERE e.city_id = c.city_id AND e.case_id = c.id) - (c.version - 1)`;
    expect(await count(sql`${steps} NOT IN (1, 2)`)).toBe(0);
    expect(await count(sql`c.status = 'closed' AND NOT EXISTS (${events} AND e.type IN ('case.callback_recorded', 'case.closed'))`)).toBe(
      0,
    );
    expect(await count(sql`c.status = 'withdrawn' AND NOT EXISTS (${events} AND e.type = 'case.withdrawn')`)).toBe(0);
    expect(await count(sql`c.status = 'merged' AND NOT EXISTS (${events} AND e.type = 'case.merged')`)).toBe(0);
    expect(await count(sql`c.supporters > 0 AND NOT EXISTS (${events} AND e.type = 'case.supporter_added')`)).toBe(0);
    expect(await count(sql`c.status = 'replied' AND NOT EXISTS (${events} AND e.type = 'case.replied')`)).toBe(0);
    // Each timeline replays through the state machine to the state its row holds.
    expect(await inconsistentTimelines(ctx.database.db, demo.cityId)).toEqual([]);
  });

  it('fills the demo accounts’ lists, and a closed case reads as the API wrote it', async () => {
    const list = async (username: string, query: string) =>
      (await (await loginAs(app, username, 'zhoukou', password)).get(`/api/cases?${query}`)).json<CaseList>().items;
    expect((await list('dispatcher', 'view=queue')).length).toBeGreaterThan(0);
    expect((await list('jd-handler', 'view=inbox')).length).toBeGreaterThan(0);
    expect((await list('sq-handler', 'view=all')).length).toBeGreaterThan(0);
    expect((await list('operator', 'view=callbacks')).length).toBeGreaterThan(0);
    expect((await list('resident', 'view=mine')).length).toBeGreaterThan(0);
    const operator = await loginAs(app, 'operator', '411600', password);
    const [closed] = (await operator.get('/api/cases?status=closed&limit=1')).json<CaseList>().items;
    const theCase = (await operator.get(`/api/cases/${closed!.id}`)).json<CaseView>();
    expect(theCase.timeline[0]!.type).toBe('case.received');
    expect(['case.callback_recorded', 'case.closed']).toContain(theCase.timeline.at(-1)!.type);
    // Steps carry who took them and for which unit, as the API records them.
    const steps = theCase.timeline.filter((e) => ['case.accepted', 'case.replied', 'case.callback_recorded'].includes(e.type));
    expect(steps.every((e) => e.actor.name !== null && e.actor.unitName !== null)).toBe(true);
  });
});

describe('the demo city’s whistles', () => {
  it('has a classifier trained from its cases that suggests a category and the unit at intake', async () => {
    const models = await queryRows<{ version: number; active: boolean; item_count: number; training_ms: number; macro_f1: number | null }>(
      ctx.database.db,
      sql`SELECT version, active, item_count, training_ms, macro_f1 FROM classifier_models WHERE city_id = ${demo.cityId}::uuid`,
    );
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ version: 1, active: true });
    expect(models[0]!.item_count).toBeGreaterThan(100);
    const operator = await loginAs(app, 'operator', '411600', password);
    const response = await operator.post('/api/classifier/suggest', {
      text: '小区门口的垃圾好几天没人清运了，臭气熏天，苍蝇很多',
      location: { lng: 114.65, lat: 33.62 },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { suggestion } = response.json<{ suggestion: { category: { code: string }; unit: { name: string } | null } | null }>();
    expect(suggestion?.category.code).toMatch(/^\d{6}$/);
    expect(suggestion?.unit?.name).toBeTruthy();
  });

  it('has whistles in every state, on the lists of the street and of the district 城管局', async () => {
    const login = (username: string) => loginAs(app, username, 'zhoukou', password);
    // The district's leader oversees them all; the street secretary reads those its office blew.
    const street = (await (await login('cq-leader')).get('/api/whistles?limit=200')).json<WhistleList>().items;
    expect(street.length).toBe(30);
    expect(street.filter((w) => w.status === 'open').length).toBe(4);
    const own = (await (await login('jd-secretary')).get('/api/whistles?limit=200')).json<WhistleList>().items;
    expect(own.length).toBe(24);
    const open = (await (await login('cq-handler')).get('/api/whistles?mine=true&status=open')).json<WhistleList>().items;
    expect(open.length).toBeGreaterThan(0);
    const leader = await login('cq-leader');
    const views = await Promise.all(street.map(async (w) => (await leader.get(`/api/whistles/${w.id}`)).json<WhistleView>()));
    const attendance = views.flatMap((v) => v.attendance);
    expect(attendance.some((a) => a.checkIn?.far)).toBe(true);
    expect(attendance.some((a) => (a.lateMinutes ?? 0) > 0)).toBe(true);
    expect(attendance.some((a) => a.rating !== null)).toBe(true);
    expect(views.some((v) => v.status === 'closed' && v.attendance.every((a) => a.rating === null))).toBe(true);
    expect(
      views.every(
        (v) =>
          v.timeline.map((e) => e.at).join() ===
          v.timeline
            .map((e) => e.at)
            .sort()
            .join(),
      ),
    ).toBe(true);
  });

  it('has monthly themes made from its own proposals: actions done, open and overdue', async () => {
    const leader = await loginAs(app, 'leader', 'zhoukou', password);
    const list = (await leader.get('/api/themes')).json<ThemeList>();
    expect(list.items).toHaveLength(2);
    const [last, before] = list.items.sort((a, b) => b.month.localeCompare(a.month));
    // Last month's programme is last month's top proposal before any programme existed.
    const proposals = (await leader.get(`/api/themes/proposals?month=${last!.month}`)).json<ThemeProposals>();
    expect(proposals.excluded.map((e) => e.categoryCode).sort()).toEqual([last!.categoryCode, before!.categoryCode].sort());
    const view = (await leader.get(`/api/themes/${last!.id}`)).json<ThemeView>();
    expect(view.actions.map((a) => a.status).sort()).toEqual(['done', 'open', 'overdue']);
    expect(view.effect.months.find((m) => m.phase === 'month')!.cases).toBeGreaterThan(0);
  });
});

describe('the demo city’s hotspots', () => {
  it('were detected after the cases were made: the planted water surge among them, found by itself', async () => {
    const cqLeader = await loginAs(app, 'cq-leader', '411600', password);
    const response = await cqLeader.get('/api/hotspots?limit=200');
    expect(response.statusCode).toBe(200);
    const { items } = response.json<{
      items: { kind: string; categoryCode: string | null; observed: number; expected: number | null; score: number }[];
    }>();
    const kinds = items.reduce<Record<string, number>>((acc, h) => ({ ...acc, [h.kind]: (acc[h.kind] ?? 0) + 1 }), {});
    console.info('demo hotspots by kind', kinds, items.map((h) => `${h.kind}:${h.observed}`).join(' '));
    const surge = items.find((h) => h.kind === 'rise' && h.categoryCode === '040101');
    expect(surge).toBeDefined();
    expect(surge!.observed).toBeGreaterThanOrEqual(10);
    expect(surge!.score).toBeGreaterThan(3);
  });
});
