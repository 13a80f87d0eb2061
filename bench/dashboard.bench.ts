// The command centre at scale (issue 5): every dashboard panel at each level (city → grid), and a full
// load (all panels at once, as the page asks them), with 1 million and then 10 million cases over
// three years in the demo city, on PostgreSQL. The cases are generated set-based (case-generator.ts)
// in chunks, each counted into the rollups by the trigger and a fold. The database is kept
// (gongzhi_bench_dash): a rerun with the same counts reuses it. Then the live feed with two server
// processes: a case posted to one reaches a page open on the other.
// Run: npx tsx bench/dashboard.bench.ts  (BENCH_DASH_STEPS=1000000,10000000 sets the counts measured;
// BENCH_DASH_MEASURE=off only grows the database, for a later run to measure on a quiet machine)
import { execFileSync } from 'node:child_process';
import { generateChunk, prepareGenerator, dropGenerator } from './case-generator.ts';
import { withoutIndexes } from './inbox.bench.ts';
import {
  LIFTED_LIMITS,
  isMain,
  machine,
  median,
  percentiles,
  postgresBaseUrl,
  postgresUrl,
  sessionHeaders,
  startServer,
  withClient,
} from './lib.ts';

const DB = 'gongzhi_bench_dash';
const STEPS = (process.env.BENCH_DASH_STEPS ?? '1000000,10000000').split(',').map(Number);
const YEARS_DAYS = 3 * 365;
const CHUNK = 100_000;
const REQUESTS = 30;
const FULL_LOADS = 20;
const PANELS = ['summary', 'map', 'categories', 'channels', 'series', 'rankings', 'whistles', 'points', 'feed'];
const LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
/** The generated cases end now, so that today's and this month's panels have cases. */
const NOW = new Date();

function freeDiskGb(): number {
  const out = execFileSync('df', ['-Pk', '/'], { encoding: 'utf8' }).trim().split('\n').at(-1)!.split(/\s+/);
  return Math.round(Number(out[3]) / 1024 / 1024);
}

const caseCount = (url: string): Promise<number> =>
  withClient(url, (c) => c.query<{ n: string }>(`SELECT count(*) AS n FROM cases`).then((r) => Number(r.rows[0]!.n))).catch(() => -1);

/** Creates the database with the demo city (migrations, regions, units, demo cases) when it is missing. */
async function ensureDatabase(url: string): Promise<void> {
  if ((await caseCount(url)) >= 0) return;
  await withClient(postgresBaseUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB}`);
  });
  const server = await startServer({ ...LIFTED_LIMITS, DATABASE_URL: url, GONGZHI_DEMO: 'on' });
  await server.stop();
}

/** Adds cases until the database holds `target`; returns the seconds taken (0 when already there). */
async function growTo(url: string, target: number): Promise<number> {
  const have = await caseCount(url);
  if (have >= target) return 0;
  const free = freeDiskGb();
  console.log(`generating ${(target - have).toLocaleString('en-US')} cases (to ${target.toLocaleString('en-US')}); ${free} GB free on /`);
  const needGb = ((target - have) / 1_000_000) * 4;
  if (free < needGb + 10) throw new Error(`about ${needGb} GB needed and 10 GB to spare; ${free} GB free`);
  const started = performance.now();
  await withClient(url, prepareGenerator);
  // The product's own path into the rollups: the trigger counts each chunk's cases into the pending rows,
  // and a fold after each chunk moves them into the rollups. (A rebuild in one pass — gongzhi_dash_rebuild —
  // groups every case at once: at 10 million its sort spilled more than 30 GB, more than this disk holds.)
  await withoutIndexes(url, ['cases', 'case_events'], async () => {
    let next = have;
    const worker = () =>
      withClient(url, async (client) => {
        await client.query(`SET work_mem = '256MB'; SET synchronous_commit = off`);
        while (next < target) {
          const first = next;
          const count = Math.min(CHUNK, target - first);
          next += count;
          await generateChunk(client, { first: first + 1, count, now: NOW, windowDays: YEARS_DAYS, codePrefix: `D${target}` });
          await client.query('SELECT gongzhi_dash_fold()');
          if ((first + count) % 500_000 < CHUNK)
            console.log(`  ${(first + count).toLocaleString('en-US')} cases, ${Math.round((performance.now() - started) / 1000)} s`);
        }
      });
    await Promise.all([worker(), worker()]);
  });
  const folded = performance.now();
  await withClient(url, async (c) => {
    await dropGenerator(c);
    // What the other worker's fold left (a fold runs one at a time; the one that found it busy skipped).
    while (Number((await c.query<{ n: number }>('SELECT gongzhi_dash_fold() AS n')).rows[0]!.n) > 0);
  });
  await withClient(url, async (c) => {
    console.log(`  last fold ${Math.round((performance.now() - folded) / 1000)} s`);
    await c.query('VACUUM ANALYZE cases, case_events, dash_daily, dash_monthly, dash_open, dash_daily_pending, dash_open_pending');
  });
  return Math.round((performance.now() - started) / 1000);
}

/** One region per level along a path from the city: at each level the child with the most cases. */
async function regionsByLevel(url: string): Promise<Record<(typeof LEVELS)[number], string>> {
  return withClient(url, async (c) => {
    const picked: Partial<Record<(typeof LEVELS)[number], string>> = {};
    let path = (await c.query<{ path: string; code: string }>(`SELECT path, code FROM regions WHERE level = 'city'`)).rows[0]!;
    picked.city = path.code;
    for (const level of LEVELS.slice(1)) {
      const { rows } = await c.query<{ path: string; code: string }>(
        `SELECT r.path, r.code FROM regions r
         LEFT JOIN dash_daily d ON d.scope = r.path AND d.part LIKE 'ch:%'
         WHERE r.level = $1 AND r.path LIKE $2 || '%' GROUP BY r.path, r.code ORDER BY sum(d.received) DESC NULLS LAST, r.code LIMIT 1`,
        [level, path.path],
      );
      path = rows[0]!;
      picked[level] = path.code;
    }
    return picked as Record<(typeof LEVELS)[number], string>;
  });
}

async function measure(url: string): Promise<Record<string, Record<string, number | string>>> {
  const server = await startServer({ ...LIFTED_LIMITS, DATABASE_URL: url, GONGZHI_DEMO: 'on' });
  const figures: Record<string, Record<string, number | string>> = {};
  try {
    const headers = await sessionHeaders(server.url, 'admin');
    const regions = await regionsByLevel(url);
    const get = async (panel: string, region: string) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/dashboard/${panel}?region=${region}`, { headers });
      if (!response.ok) throw new Error(`${panel} ${region}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    // The rankings panel is the assessment's computation: its first request builds the assessment's facts
    // of every case (once per database), later ones are answered from the last computation.
    const warm = performance.now();
    await get('rankings', regions.city);
    figures['rankings, first request'] = { ms: Math.round(performance.now() - warm) };
    for (const level of LEVELS) {
      const row: Record<string, number | string> = { region: regions[level] };
      for (const panel of PANELS) {
        await get(panel, regions[level]);
        const times: number[] = [];
        for (let i = 0; i < REQUESTS; i++) times.push(await get(panel, regions[level]));
        row[`${panel} p95`] = Math.round(percentiles(times).p95 * 10) / 10;
      }
      const loads: number[] = [];
      for (let i = 0; i < FULL_LOADS; i++) {
        const started = performance.now();
        await Promise.all(PANELS.map((panel) => get(panel, regions[level])));
        loads.push(performance.now() - started);
      }
      row['full load p50'] = Math.round(median(loads));
      row['full load p95'] = Math.round(percentiles(loads).p95);
      figures[level] = row;
    }
  } finally {
    await server.stop();
  }
  return figures;
}

/** A case posted to one server process reaches a dashboard stream open on another: ms, median and worst of 20. */
export async function feedLatency(url: string): Promise<Record<string, number>> {
  const [a, b] = [
    await startServer({ ...LIFTED_LIMITS, DATABASE_URL: url, GONGZHI_DEMO: 'on' }),
    await startServer({ ...LIFTED_LIMITS, DATABASE_URL: url, GONGZHI_DEMO: 'on' }),
  ];
  try {
    const [operator, viewer] = [await sessionHeaders(a.url, 'operator'), await sessionHeaders(b.url, 'admin')];
    const abort = new AbortController();
    const stream = await fetch(`${b.url}/api/dashboard/stream`, { headers: viewer, signal: abort.signal });
    const reader = stream.body!.getReader();
    const arrivals = new Map<string, number>();
    let buffer = '';
    void (async () => {
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (chunk.done) return;
        buffer += new TextDecoder().decode(chunk.value);
        for (const match of buffer.matchAll(/"trackingCode":"([A-Z0-9]+)"/g))
          if (!arrivals.has(match[1]!)) arrivals.set(match[1]!, performance.now());
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      const response = await fetch(`${a.url}/api/cases`, {
        method: 'POST',
        headers: { ...operator, 'content-type': 'application/json' },
        body: JSON.stringify({ text: `大屏实时测试第${i}件：路灯不亮`, categoryCode: '010101', location: { lng: 114.6496, lat: 33.6251 } }),
      });
      if (response.status !== 201) throw new Error(`intake: ${response.status} ${await response.text()}`);
      const code = ((await response.json()) as { case: { trackingCode: string } }).case.trackingCode;
      const deadline = performance.now() + 5_000;
      while (!arrivals.has(code) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      latencies.push((arrivals.get(code) ?? Infinity) - sent);
      await new Promise((r) => setTimeout(r, 200));
    }
    abort.abort();
    return { 'median ms': Math.round(median(latencies)), 'max ms': Math.round(Math.max(...latencies)), target: 1000 };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

export async function run(): Promise<Record<string, Record<string, number | string>>> {
  const url = postgresUrl(DB);
  await ensureDatabase(url);
  const figures: Record<string, Record<string, number | string>> = {};
  for (const step of STEPS) {
    const seconds = await growTo(url, step);
    const size = await withClient(url, async (c) => {
      const { rows } = await c.query<{ db: string; rollups: string; rows: string }>(
        `SELECT pg_size_pretty(pg_database_size(current_database())) AS db,
                pg_size_pretty(pg_total_relation_size('dash_daily') + pg_total_relation_size('dash_monthly') + pg_total_relation_size('dash_open')) AS rollups,
                (SELECT count(*) FROM dash_daily) AS rows`,
      );
      return rows[0]!;
    });
    const label = `${(step / 1_000_000).toLocaleString('en-US')}M`;
    figures[`${label} database`] = {
      cases: await caseCount(url),
      size: size.db,
      'rollups size': size.rollups,
      'rollup rows': Number(size.rows),
      'generated in s': seconds,
    };
    if (process.env.BENCH_DASH_MEASURE === 'off') continue;
    for (const [key, row] of Object.entries(await measure(url))) figures[`${label} ${key}`] = row;
    console.table(figures);
  }
  if (process.env.BENCH_DASH_MEASURE !== 'off') figures['live feed, 2 processes'] = await feedLatency(url);
  return figures;
}

if (isMain(import.meta.url)) {
  console.log(`dashboard benchmark on ${machine()}`);
  console.table(await run());
}
