import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, DashboardCategories, DashboardChannels, DashboardMap, DashboardSeries, DashboardSummary } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { Client, errorCode, makeAccount, loginAs, testApp } from '../../../test/harness.ts';
import { caseFacts as factsOf, recount, rollups as rollupsOf } from '../../../test/invariants.ts';
import { act, createCaseAs, hotlineCase, LEAVES, makeCaseCity, PLACES, type CaseCity } from '../../../test/cases-harness.ts';
import { addDays, localDay } from './dashboard.period.ts';
import { fold, rebuild, sumFlows, termsOf } from './dashboard.repo.ts';
import { newId } from '../../lib/ids.ts';
import type { FastifyInstance } from 'fastify';

let app: FastifyInstance;
let ctx: Context;
let city: CaseCity;
beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCaseCity(app, ctx);
});

const rollups = () => rollupsOf(ctx.database.db, city.id);
const caseFacts = () => factsOf(ctx.database.db, city.id);

/** The cases a dashboard number links to, counted through the case list (all pages). */
async function listed(client: Client, query: string | null): Promise<number> {
  expect(query).not.toBeNull();
  let count = 0;
  let cursor: string | null = null;
  do {
    const response = await client.get(`/api/cases?${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.statusCode).toBe(200);
    const page = response.json<CaseList>();
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

const newCase = async (client: Client, overrides: Record<string, unknown> = {}) =>
  (await createCaseAs(client, hotlineCase(overrides))).case;

describe('rollups', () => {
  it('equal a recount from the cases after a mixed load of creates, transitions, merges, reopenings and deletes', async () => {
    const places = [PLACES.G1, PLACES.G2, PLACES.G3];
    const categories = [LEAVES.street, LEAVES.community, LEAVES.cityManagement];
    const created = await Promise.all(
      Array.from({ length: 36 }, (_, i) =>
        newCase(i % 4 === 3 ? city.gridWorker : city.operator, {
          text: `混合负载第${i}件：路灯不亮，晚上出行不便`,
          location: places[i % 3],
          categoryCode: i % 5 === 4 ? undefined : categories[i % 3],
          ...(i % 4 === 1 ? { channel: 'web' } : {}),
        }),
      ),
    );
    // A case placed by address only counts for the city alone.
    const cityOnly = await newCase(city.operator, { location: undefined, address: '周口大道某处' });
    await fold(ctx.database.db);
    const handlers = new Map([
      [city.units.s1Office, city.s1Handler],
      [city.units.s2Office, city.s2Handler],
      [city.units.k1Committee, city.k1Handler],
      [city.units.d1Dept, city.d1DeptHandler],
      [city.units.d1Gov, city.d1GovHandler],
    ]);
    const handlerOf = (c: (typeof created)[number]) => (c.leadUnit ? handlers.get(c.leadUnit.id) : undefined);
    // Handle, reply and call back some, concurrently: satisfied closes, unsatisfied reopens.
    await Promise.all(
      created.slice(0, 16).map(async (c, i) => {
        const handler = handlerOf(c);
        if (!handler || c.status !== 'dispatched') return;
        await act(handler, c.id, { type: 'accept' });
        await act(handler, c.id, { type: 'reply', text: '已处理完毕' });
        if (i % 3 !== 2)
          await act(city.operator, c.id, { type: 'record_callback', contacted: true, solved: i % 2 === 0, satisfied: i % 2 === 0 });
      }),
    );
    await fold(ctx.database.db);
    // Merge one into another, withdraw one, return one.
    const open = created.slice(16).filter((c) => handlerOf(c) && c.status === 'dispatched');
    await act(city.dispatcher, open[0]!.id, { type: 'merge_into', caseId: open[1]!.id });
    await act(city.operator, open[2]!.id, { type: 'withdraw', reason: '居民已自行解决' });
    await act(handlerOf(open[3]!)!, open[3]!.id, { type: 'return', reason: '不属于本单位' });
    // Two go overdue, one is warned (the sweep's marks, set here without moving the clock of the shared database).
    await ctx.database.db.execute(
      sql`UPDATE cases SET overdue_at = now() WHERE city_id = ${city.id} AND id IN (${open[4]!.id}, ${open[5]!.id})`,
    );
    await ctx.database.db.execute(sql`UPDATE cases SET due_soon_warned_at = now() WHERE city_id = ${city.id} AND id = ${open[6]!.id}`);
    // A delete (no path of the product deletes a case; the rollups still follow a row removed by hand).
    await ctx.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`DELETE FROM cases WHERE city_id = ${city.id} AND id = ${cityOnly.id}`);
    });
    const facts = await caseFacts();
    expect(
      facts.some((c) => c.status === 'merged') && facts.some((c) => c.status === 'closed') && facts.some((c) => c.status === 'returned'),
    ).toBe(true);
    expect(facts.some((c) => c.status === 'handling' && c.callback)).toBe(true); // reopened
    expect(await rollups()).toEqual(recount(facts));
    await fold(ctx.database.db);
    expect(await rollups()).toEqual(recount(facts));
    const pending = await queryRows<{ n: number }>(
      ctx.database.db,
      sql`SELECT (SELECT count(*) FROM dash_daily_pending WHERE city_id = ${city.id})
               + (SELECT count(*) FROM dash_open_pending WHERE city_id = ${city.id}) AS n`,
    );
    expect(Number(pending[0]!.n)).toBe(0);
    // Counting everything again from scratch (a bulk load's path) gives the same, in one pass or in slices of one page.
    await rebuild(ctx.database.db);
    expect(await rollups()).toEqual(recount(facts));
    await rebuild(ctx.database.db, 1);
    expect(await rollups()).toEqual(recount(facts));
  });
});

describe('sums over a period', () => {
  it('read by months plus or minus days, equal the days summed, for any range (pending rows by their day)', async () => {
    // Three years and a bit of made-up days for a made-up city, folded (days and months), then a few days pending.
    const cityId = newId();
    const db = ctx.database.db;
    await db.execute(sql`
      INSERT INTO dash_daily_pending (city_id, scope, day, part, received, replied)
      SELECT ${cityId}::uuid, 'p/', d::date, part, (extract(doy FROM d)::int * 7 + length(part)) % 11, extract(day FROM d)::int % 3
      FROM generate_series('2024-01-01'::date, '2027-01-31'::date, '1 day') d, unnest(ARRAY['cat:a', 'cat:b', 'ch:web']) part`);
    await fold(db);
    await db.execute(sql`
      INSERT INTO dash_daily_pending (city_id, scope, day, part, received)
      VALUES (${cityId}::uuid, 'p/', '2026-11-05', 'cat:a', 5), (${cityId}::uuid, 'p/', '2026-10-31', 'cat:b', 2),
             (${cityId}::uuid, 'p/', '2024-02-29', 'cat:a', -1)`);
    const ranges: [string, string][] = [
      ['2026-11-01', '2026-11-28'], // this month to date
      ['2026-10-01', '2026-10-28'], // the same days of the month before
      ['2026-11-05', '2026-11-05'],
      ['2024-02-01', '2024-02-29'],
      ['2024-02-10', '2024-03-20'],
      ['2024-01-31', '2026-12-01'],
      ['2023-12-15', '2024-01-15'],
      ['2026-12-16', '2027-02-10'],
    ];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n;
    for (let i = 0; i < 40; i++) {
      const from = addDays('2023-12-20', random(1_150));
      ranges.push([from, addDays(from, random(i % 2 ? 40 : 700))]);
    }
    for (const [from, to] of ranges) {
      const buckets = [
        { name: 'current', from, to },
        { name: 'day', from: to, to },
      ];
      const summed = await sumFlows(db, { cityId, scopes: ['p/'], parts: 'categories', by: ['part'], buckets });
      const expected = await queryRows<{ bucket: string; part: string; received: number; replied: number }>(
        db,
        sql`SELECT b.name AS bucket, x.part, sum(x.received)::float8 AS received, sum(x.replied)::float8 AS replied
            FROM (SELECT day, part, received, replied FROM dash_daily WHERE city_id = ${cityId}
                  UNION ALL SELECT day, part, received, replied FROM dash_daily_pending WHERE city_id = ${cityId}) x
            JOIN (VALUES ('current', ${from}::date, ${to}::date), ('day', ${to}::date, ${to}::date)) b(name, first, last)
              ON x.day BETWEEN b.first AND b.last
            WHERE x.part LIKE 'cat:%'
            GROUP BY 1, 2`,
      );
      const key = (r: { bucket: string; part: string }) => `${r.bucket} ${r.part}`;
      const got = new Map(summed.map((r) => [key(r), [r.received, r.replied]]));
      expect(got, `${from} … ${to}`).toEqual(new Map(expected.map((r) => [key(r), [r.received, r.replied]])));
    }
    // The month rows are what make it cheap: a year at city level reads 12 of them per part, not 365 days.
    expect(termsOf({ name: 'y', from: '2025-01-01', to: '2025-12-31' }).every((t) => t.table === 'dash_monthly')).toBe(true);
    expect(termsOf({ name: 'm', from: '2026-11-01', to: '2026-11-28' })).toEqual([
      { bucket: 'm', table: 'dash_monthly', from: '2026-11-01', to: '2026-11-01', sign: 1 },
      { bucket: 'm', table: 'dash_daily', from: '2026-11-29', to: '2026-11-30', sign: -1 },
    ]);
    await db.execute(sql`DELETE FROM dash_daily WHERE city_id = ${cityId}`);
    await db.execute(sql`DELETE FROM dash_monthly WHERE city_id = ${cityId}`);
    await db.execute(sql`DELETE FROM dash_daily_pending WHERE city_id = ${cityId}`);
  });
});

describe('the panels', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = city.admin;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        newCase(city.operator, { text: `面板测试第${i}件：下水道堵塞`, location: [PLACES.G1, PLACES.G3][i % 2] }),
      ),
    );
  });

  it('summary: every number equals the case list it links to', async () => {
    const response = await admin.get('/api/dashboard/summary');
    expect(response.statusCode).toBe(200);
    const s = response.json<DashboardSummary>();
    expect(s.region).toMatchObject({ code: city.code, level: 'city', hasChildren: true });
    expect(s.region.trail.map((r) => r.code)).toEqual([city.code]);
    expect(s.today.received.value).toBeGreaterThanOrEqual(30);
    for (const number of [
      s.today.received,
      s.today.replied,
      s.today.closed,
      s.now.open,
      s.now.awaitingCallback,
      s.now.overdue,
      s.now.dueSoon,
    ]) {
      expect(await listed(admin, number.cases)).toBe(number.value);
    }
    for (const key of ['received', 'replied', 'closed', 'rated', 'overdue'] as const) {
      expect(await listed(admin, s.counts[key].cases)).toBe(s.counts[key].value);
    }
    const satisfaction = s.rates.find((r) => r.key === 'satisfaction')!;
    expect(satisfaction.denominator).toBe(s.counts.rated.value);
    expect(satisfaction.value).toBe(s.counts.satisfied.value / s.counts.rated.value);
    expect(await listed(admin, satisfaction.cases)).toBe(satisfaction.denominator - satisfaction.numerator);
  });

  it('map: the districts add up to the city (but for cases placed by address only)', async () => {
    const [map, summary] = await Promise.all([
      admin.get('/api/dashboard/map').then((r) => r.json<DashboardMap>()),
      admin.get('/api/dashboard/summary').then((r) => r.json<DashboardSummary>()),
    ]);
    expect(map.children.map((c) => c.code).sort()).toEqual([city.regions.D1!.code, city.regions.D2!.code].sort());
    const sum = (f: (c: DashboardMap['children'][number]) => number) => map.children.reduce((t, c) => t + f(c), 0);
    const [placedByAddress] = await queryRows<{ received: number; open: number }>(
      ctx.database.db,
      sql`SELECT count(*)::int AS received,
                 count(*) FILTER (WHERE status IN ('received', 'returned', 'dispatched', 'accepted', 'handling', 'suspended'))::int AS open
          FROM cases WHERE city_id = ${city.id} AND region_path = ${city.regions.C!.path}`,
    );
    expect(sum((c) => c.received.value) + placedByAddress!.received).toBe(summary.counts.received.value);
    expect(sum((c) => c.open.value) + placedByAddress!.open).toBe(summary.now.open.value);
    const d1 = map.children.find((c) => c.code === city.regions.D1!.code)!;
    expect(d1.receivedPer10k).toBe(Math.round((d1.received.value / 1000) * 100_000) / 10);
    expect(await listed(admin, d1.open.cases)).toBe(d1.open.value);
    // Drill down to a grid: no children, a trail from the city.
    const grid = (await admin.get(`/api/dashboard/map?region=${city.regions.G1!.code}`)).json<DashboardMap>();
    expect(grid.children).toEqual([]);
    expect(grid.region.trail.map((r) => r.code)).toEqual(['C', 'D1', 'S1', 'K1', 'G1'].map((k) => city.regions[k]!.code));
    expect(grid.region.hasChildren).toBe(false);
  });

  it('categories, channels and the 30 days add up to the intake', async () => {
    const q = '?from=' + localDay(new Date(), 'Asia/Shanghai');
    const [summary, categories, channels, series] = await Promise.all([
      admin.get(`/api/dashboard/summary${q}`).then((r) => r.json<DashboardSummary>()),
      admin.get(`/api/dashboard/categories${q}`).then((r) => r.json<DashboardCategories>()),
      admin.get(`/api/dashboard/channels${q}`).then((r) => r.json<DashboardChannels>()),
      admin.get(`/api/dashboard/series${q}`).then((r) => r.json<DashboardSeries>()),
    ]);
    const received = summary.counts.received.value;
    expect(categories.total).toBe(received);
    expect(categories.groups.reduce((t, g) => t + g.received, 0)).toBe(received);
    const top = categories.items[0]!;
    expect(top.group).not.toBe('未分类');
    expect(await listed(admin, top.received.cases)).toBe(top.received.value);
    expect(channels.items.reduce((t, c) => t + c.received.value, 0)).toBe(received);
    const web = channels.items.find((c) => c.channel === 'web')!;
    expect(web.received.value).toBeGreaterThan(0);
    expect(await listed(admin, web.received.cases)).toBe(web.received.value);
    expect(series.days).toHaveLength(30);
    expect(series.days.at(-1)!.received).toBe(received);
  });

  it('bad periods are refused with a code', async () => {
    for (const query of [
      'from=2026-13-01',
      'from=2026-02-30',
      'from=2026-05-02&to=2026-05-01',
      'from=2020-01-01&to=2026-01-01',
      'region=abc',
    ]) {
      const response = await admin.get(`/api/dashboard/summary?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(['invalid_period', 'validation_failed']).toContain(errorCode(response));
    }
  });
});

describe('who sees which dashboard', () => {
  const panels = ['summary', 'map', 'categories', 'channels', 'series', 'rankings', 'whistles', 'points', 'feed'];

  it('a territory reader sees their territory and below, nothing beside or above; others see none', async () => {
    await makeAccount(ctx, city, `s1leader${city.code}`, [['leader', 's1Office']]);
    const s1Leader = await loginAs(app, `s1leader${city.code}`, city.slug);
    const code = (k: string) => city.regions[k]!.code;
    // [client, region, expected status]
    const table: [string, Client, string | undefined, number][] = [
      ['city admin', city.admin, undefined, 200],
      ['city admin', city.admin, code('G3'), 200],
      ['district leader', city.leader, undefined, 200],
      ['district leader', city.leader, code('S1'), 200],
      ['district leader', city.leader, code('C'), 404],
      ['district leader', city.leader, code('D2'), 404],
      ['street leader', s1Leader, code('K1'), 200],
      ['street leader', s1Leader, code('S2'), 404],
      ['street leader', s1Leader, code('D1'), 404],
      ['department handler', city.d1DeptHandler, undefined, 403],
      ['resident', city.resident, undefined, 403],
      ['resident', city.resident, code('G1'), 403],
    ];
    for (const [who, client, region, status] of table) {
      for (const panel of panels) {
        const response = await client.get(`/api/dashboard/${panel}${region ? `?region=${region}` : ''}`);
        expect(response.statusCode, `${who} ${panel} ${region ?? '(own)'}`).toBe(status);
      }
    }
    const own = (await city.leader.get('/api/dashboard/summary')).json<DashboardSummary>();
    expect(own.region.code).toBe(code('D1'));
    const anonymous = await app.inject({ method: 'GET', url: '/api/dashboard/summary' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the live feed', () => {
  it('an open dashboard hears a new case of its territory, and not one elsewhere, within a second', async () => {
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const abort = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${port}/api/dashboard/stream?region=${city.regions.D1!.code}`, {
      headers: { cookie: city.admin.cookieHeader() },
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let text = '';
    // One read in flight at a time: a read given up on would swallow the chunk it later receives.
    let reading: ReturnType<typeof reader.read> | null = null;
    const readUntil = async (needle: string, ms: number) => {
      const deadline = Date.now() + ms;
      while (!text.includes(needle) && Date.now() < deadline) {
        reading ??= reader.read();
        const chunk = await Promise.race([reading, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
        if (!chunk) continue;
        reading = null;
        if (!chunk.done) text += new TextDecoder().decode(chunk.value);
      }
    };
    await readUntil(': connected', 5_000);
    const elsewhere = await newCase(city.operator, { text: '实时大屏：别的区的问题', location: PLACES.G3 });
    const started = Date.now();
    const mine = await newCase(city.operator, { text: '实时大屏：本区的问题' });
    await readUntil(mine.id, 1_000);
    abort.abort();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(text).toContain('event: feed');
    expect(text).toContain(`"trackingCode":"${mine.trackingCode}"`);
    expect(text).not.toContain(elsewhere.id);
    const feed = (await city.admin.get(`/api/dashboard/feed?region=${city.regions.D1!.code}`)).json<{ items: { caseId: string }[] }>();
    expect(feed.items.map((i) => i.caseId)).toContain(mine.id);
    expect(feed.items.map((i) => i.caseId)).not.toContain(elsewhere.id);
  });
});
