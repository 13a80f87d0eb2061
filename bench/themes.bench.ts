// 每月一题 at scale: the month's proposals and a programme's effect over BENCH_THEMES_CASES (default 1,000,000) cases
// received in one month, in a scratch PostgreSQL database (dropped after): the demo city's catalogue, places and lead
// units, each generated case copying a demo case's category, place, lead unit and callback; phones from a pool of a third.
// The server's own files reach the cookie plugin's request types through http/app.ts; this file loads them itself.
import type {} from '@fastify/cookie';
import pg from 'pg';
import { postgresBaseUrl } from './lib.ts';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/src/config.ts';
import { createContext } from '../server/src/context.ts';
import { openDatabase } from '../server/src/db/database.ts';
import { loadDemoCity } from '../server/src/modules/demo/index.ts';
import { categoryCounts } from '../server/src/modules/themes/themes.proposals.ts';
import { scoreCategories, addMonths } from '../server/src/modules/themes/themes.rules.ts';
import * as repo from '../server/src/modules/themes/themes.repo.ts';
import { monthOf } from '../server/src/modules/assessment/index.ts';

export async function run(): Promise<Record<string, string>> {
  const N = Number(process.env.BENCH_THEMES_CASES ?? 1_000_000);
  const base = postgresBaseUrl;
  const name = `gongzhi_bench_themes_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const database = await openDatabase({ url: base.replace(/\/[^/]*$/, `/${name}`) });
  const figures: Record<string, string> = {};
  try {
    await database.migrate();
    const ctx = createContext(database, loadConfig({ NODE_ENV: 'test', GONGZHI_DEMO: 'off', GONGZHI_LOG_LEVEL: 'silent' }));
    const demo = await loadDemoCity(ctx, 'measure-password');
    const month = addMonths(monthOf(new Date()), -2);
    const t0 = Date.now();
    // The dashboard's rollup trigger would multiply the generation's time; the proposals never read the rollups.
    await database.db.execute(sql.raw('ALTER TABLE cases DISABLE TRIGGER USER'));
    // N cases in the month: each copies a random demo case's category, place, lead unit and callback; phones from a pool of N/3.
    await database.db.execute(sql`
    WITH src AS (SELECT array_agg(c ORDER BY c.id) AS a, count(*) AS n FROM cases c WHERE c.city_id = ${demo.cityId}::uuid AND c.category_code IS NOT NULL)
    INSERT INTO cases (city_id, id, tracking_code, channel, status, urgency, text, region_path, category_code, deadline_tier, reporter_phone,
                       lead_unit_id, needs_dispatcher, reopen_count, callback, received_at, replied_at, updated_at)
    SELECT ${demo.cityId}::uuid, gen_random_uuid(), 'S' || g, 'hotline', CASE WHEN g % 50 = 0 THEN 'merged' ELSE 'closed' END, 'normal', 'x',
           (s.a[(1 + (g::bigint * 7919) % s.n)::int]).region_path, (s.a[(1 + (g::bigint * 7919) % s.n)::int]).category_code, 'general',
           '139' || lpad((g % ${Math.floor(N / 3)})::text, 8, '0'), (s.a[(1 + (g::bigint * 7919) % s.n)::int]).lead_unit_id, false, (g % 40 = 0)::int,
           (s.a[(1 + (g::bigint * 104729) % s.n)::int]).callback,
           (${month + '-01'}::timestamp AT TIME ZONE 'Asia/Shanghai') + (g % 2592000) * interval '1 second',
           (${month + '-01'}::timestamp AT TIME ZONE 'Asia/Shanghai') + (g % 2592000) * interval '1 second' + interval '1 day',
           now()
    FROM src s, generate_series(1, ${N}) g`);
    await database.db.execute(sql.raw('ALTER TABLE cases ENABLE TRIGGER USER'));
    await database.db.execute(sql.raw('ANALYZE cases'));
    figures.generated = `${N} cases in ${Date.now() - t0} ms`;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      scoreCategories(await categoryCounts(ctx, demo.cityId!, month));
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    figures['proposals (ms, 5 runs)'] = times.map((t) => t.toFixed(0)).join(' ');
    const eff: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await repo.monthlyVolumes(database.db, demo.cityId!, addMonths(month, -6), addMonths(month, 2), '0703');
      eff.push(performance.now() - s);
    }
    eff.sort((a, b) => a - b);
    figures['effect (ms, 5 runs)'] = eff.map((t) => t.toFixed(0)).join(' ');
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
  return figures;
}
