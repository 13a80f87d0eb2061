// Case intake (POST /api/cases) per second on PostgreSQL: the real server in its own process with the
// demo city, the 12345 operator's session, realistic bodies (a resident's text, a leaf with its extra
// fields, a point inside a grid, a reporter) and a fresh Idempotency-Key each, sent by a closed loop
// of 16, 32 and 64 connections from this process. Two databases: `empty` (the demo city only) and
// `steady` (the last 30 days already hold 13,700 cases a day, the rate of 10 million in two years,
// so the duplicate check reads as many open cases as it will in service).
// Run: npx tsx bench/intake.bench.ts [--profile]  (--profile: one 32-connection run on `steady` under
// --cpu-prof; the profile lands in bench/out/ and its summary is printed; BENCH_SCENARIOS=steady and
// BENCH_CONNECTIONS=32,64 choose the runs)
import fs from 'node:fs';
import path from 'node:path';
import { caseBodyMaker } from './case-bodies.ts';
import { generateCases } from './case-generator.ts';
import {
  LIFTED_LIMITS,
  databaseName,
  freshPostgres,
  isMain,
  machine,
  postgresBaseUrl,
  postgresUrl,
  root,
  serverLabel,
  sessionHeaders,
  startServer,
  withClient,
} from './lib.ts';
import { closedLoop, measureCpu, postgresCounters, waitForQuiet, type Call, type PostgresCounters } from './load.ts';
import { summariseProfile } from './profile.ts';

const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '16,32,64').split(',').map(Number);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'empty,steady').split(',') as ('empty' | 'steady')[];
const WARMUP_MS = 5_000;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const PREFILL_DAYS = 30;
// Server processes (GONGZHI_PROCESSES); on these 2 cores one does best (two: smaller groups, two JITs and GCs beside PostgreSQL).
const PROCESSES = process.env.BENCH_PROCESSES ?? '1';
const CASES_PER_DAY = Math.round(10_000_000 / 730);
const SEED_DB = 'gongzhi_bench_intake_seed';
const OUT = path.join(root, 'bench/out');

/**
 * The `steady` template: demo city + 30 days of cases. Kept between runs and rebuilt when a day older
 * (its window would drift out of the duplicate check's 30 days).
 */
async function steadySeed(): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const exists = await withClient(
    postgresBaseUrl,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [SEED_DB])).rowCount,
  );
  if (exists) {
    const marker = await withClient(postgresUrl(SEED_DB), (c) =>
      c.query<{ day: string }>('SELECT day FROM bench_marker').then(
        (r) => r.rows[0]?.day,
        () => undefined,
      ),
    );
    if (marker === today) return;
  }
  const started = performance.now();
  await withClient(postgresBaseUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${SEED_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${SEED_DB}`);
  });
  const server = await startServer({ ...LIFTED_LIMITS, DATABASE_URL: postgresUrl(SEED_DB), GONGZHI_DEMO: 'on' });
  await server.stop();
  const count = PREFILL_DAYS * CASES_PER_DAY;
  await generateCases(postgresUrl(SEED_DB), { count, windowDays: PREFILL_DAYS, codePrefix: 'S' });
  await withClient(postgresUrl(SEED_DB), async (c) => {
    // The rollups as a city in service has them: counted, not millions of pending rows for the server's first fold.
    await c.query('SELECT gongzhi_dash_rebuild()');
    await c.query('VACUUM ANALYZE');
    await c.query('CREATE TABLE bench_marker AS SELECT $1::text AS day, $2::int AS cases', [today, count]);
  });
  console.log(`steady template: ${count.toLocaleString('en-US')} cases generated in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function fromSeed(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gongzhi_bench_${Date.now()}`;
  await withClient(postgresBaseUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${SEED_DB} STRATEGY FILE_COPY`));
  return {
    url: postgresUrl(name),
    drop: () => withClient(postgresBaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

type Figures = Record<string, number>;

async function measure(scenario: 'empty' | 'steady', connections: number[], profile = false): Promise<Record<string, Figures>> {
  const database = scenario === 'empty' ? await freshPostgres() : await fromSeed();
  const profileDir = profile ? fs.mkdtempSync(path.join(OUT, 'intake-profile-')) : '';
  const server = await startServer(
    { ...LIFTED_LIMITS, DATABASE_URL: database.url, GONGZHI_DEMO: 'on', GONGZHI_PROCESSES: PROCESSES },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const figures: Record<string, Figures> = {};
  try {
    // Operators at their desks: one session per connection of the largest level, taken in turn.
    const sessions: Record<string, string>[] = [];
    for (let i = 0; i < Math.max(...connections); i++) sessions.push(await sessionHeaders(server.url, 'operator'));
    const makeBody = await withClient(database.url, (c) => caseBodyMaker(c, 20_251_127));
    const tag = `intake-${Date.now()}`;
    let n = 0;
    const next = (): Call => ({
      method: 'POST',
      path: '/api/cases',
      headers: { ...sessions[n % sessions.length], 'idempotency-key': `${tag}-${n++}` },
      body: JSON.stringify(makeBody()),
    });
    let created = 0;
    let shown = 0;
    const name = databaseName(database.url);
    for (const c of connections) {
      const quiet = await waitForQuiet();
      const before = { counters: await withClient(postgresBaseUrl, (m) => postgresCounters(m, name)), created };
      const { result, cpu } = await measureCpu(server.child.pid!, name, () =>
        closedLoop({
          url: server.url,
          connections: c,
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
          next,
          onAnswer: (_call, answer) => {
            if (answer.status === 201) created++;
            else if (shown++ < 3) console.error(`intake answered ${answer.status}: ${answer.body.slice(0, 300)}`);
          },
        }),
      );
      // Per case: what PostgreSQL did for it (statements run as their own transaction, buffer accesses, rows read).
      const after = await withClient(postgresBaseUrl, (m) => postgresCounters(m, name));
      const perCase = (field: keyof PostgresCounters) =>
        Math.round(((after[field] - before.counters[field]) / Math.max(1, created - before.created)) * 10) / 10;
      figures[`${scenario} ${c} conn`] = {
        'cases/s': result.perSecond,
        'p50 ms': result.p50,
        'p95 ms': result.p95,
        'p99 ms': result.p99,
        errors: result.errors,
        'server cores': cpu.serverCores,
        'postgres cores': cpu.postgresCores,
        'load cores': cpu.loadCores,
        'other cores': cpu.otherCores,
        'other before': quiet,
        'xacts/case': perCase('transactions'),
        'blocks/case': perCase('blocks'),
        'reads/case': perCase('blocksRead'),
        'rows read/case': perCase('rowsFetched'),
      };
    }
    // Every 201 is one row: nothing lost, nothing doubled.
    const tracked = await withClient(database.url, async (c) => {
      const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE $1`, [`${tag}-%`]);
      return Number(rows[0]!.n);
    });
    if (tracked !== created) throw new Error(`${created} cases answered 201 but ${tracked} stored`);
  } finally {
    await server.stop();
    await database.drop();
  }
  if (profile) {
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file) printProfile(path.join(profileDir, file));
  }
  return figures;
}

function printProfile(file: string): void {
  const summary = summariseProfile(file);
  console.log(`\nserver CPU profile ${path.relative(root, file)}: ${summary.busyMs} ms busy`);
  console.log('self time by package / module');
  console.table(summary.areas);
  console.log('self time by function');
  console.table(summary.self);
  console.log('project functions including callees');
  console.table(summary.inclusive);
}

export async function run(): Promise<Record<string, Figures>> {
  fs.mkdirSync(OUT, { recursive: true });
  await steadySeed();
  if (process.argv.includes('--profile')) return measure('steady', [32], true);
  const figures: Record<string, Figures> = {};
  for (const scenario of SCENARIOS) Object.assign(figures, await measure(scenario, CONNECTIONS));
  return figures;
}

if (isMain(import.meta.url)) {
  console.log(
    `intake over HTTP, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s per level, ${PROCESSES} server processes (${machine()}; ${serverLabel})`,
  );
  console.table(await run());
}
