import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
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
    const operator = await loginAs(app, 'operator', 'zhoukou', password);
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
