// Mixed load on two server processes over PostgreSQL, with faults thrown in while it runs: a server
// killed with SIGKILL and started again (twice), the database cut off for a few seconds (a proxy
// that refuses connections), PostgreSQL itself stopped at once and restarted. Afterwards every
// acknowledged write must be in the database exactly once, every timeline must replay to its case's
// state, every due deadline must be marked once, and the dashboard's rollups must equal a recount.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PASSWORD, LIFTED_LIMITS, freePort, machine, sessionHeaders, startServer, withClient, type Started } from '../bench/lib.ts';
import { openDatabase, type Database } from '../server/src/db/database.ts';
import { deadlineProblems, inconsistentTimelines, rollupDifferences } from '../server/test/invariants.ts';
import type { Ack, LoadConfig, LoadResult } from './load.ts';
import { startPrivatePostgres, startProxy, type PrivatePostgres, type Proxy } from './postgres.ts';
import { printTable } from './report.ts';

const LOAD_MS = Number(process.env.RELIABILITY_LOAD_MS ?? 100_000);
const API_KEY = 'reliability-open311-key';
const FUZHOU = path.resolve(import.meta.dirname, '../../shared/data/complaints/fuzhou12345_cases_1203.csv');

let postgres: PrivatePostgres;
let proxy: Proxy;
let database: Database;
let cityId: string;
const servers: Started[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-reliability-'));

async function startAt(port: number): Promise<Started> {
  return startServer({
    ...LIFTED_LIMITS,
    PORT: String(port),
    DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/gongzhi`,
    GONGZHI_DEMO: 'on',
    GONGZHI_DEMO_API_KEY: API_KEY,
    GONGZHI_LOG_LEVEL: 'fatal',
  });
}

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  proxy = await startProxy(postgres.port);
  await withClient(postgres.url(), (c) => c.query('CREATE DATABASE gongzhi'));
  // The first loads the demo city; the second starts on the prepared database.
  servers.push(await startAt(await freePort()));
  servers.push(await startAt(await freePort()));
  database = await openDatabase({ url: postgres.url('gongzhi') });
  cityId = await withClient(
    postgres.url('gongzhi'),
    async (c) => (await c.query(`SELECT id FROM cities WHERE code = '411600'`)).rows[0].id,
  );
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.close();
  await proxy?.close();
  postgres?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const portOf = (server: Started) => Number(new URL(server.url).port);

/** Kills server `i` with SIGKILL and starts it again on its port; returns the seconds it was gone. */
async function killAndRestart(i: number): Promise<number> {
  const started = performance.now();
  const server = servers[i]!;
  server.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));
  servers[i] = await startAt(portOf(server));
  return (performance.now() - started) / 1000;
}

/** While the database is cut off: what each server answers to a read, and how fast (never a hang). */
async function probe(headers: Record<string, string>): Promise<{ status: number; code: string; ms: number }[]> {
  return Promise.all(
    servers.map(async (server) => {
      const started = performance.now();
      try {
        const response = await fetch(`${server.url}/api/cases?view=all&limit=5`, { headers, signal: AbortSignal.timeout(20_000) });
        const body = (await response.json()) as { error?: { code: string } };
        return { status: response.status, code: body.error?.code ?? '', ms: performance.now() - started };
      } catch {
        return { status: 0, code: 'no answer', ms: performance.now() - started };
      }
    }),
  );
}

describe('under mixed load with faults (PostgreSQL, two server processes)', () => {
  let result: LoadResult;
  let acks: Ack[];
  const faults: { fault: string; at: number; detail: string }[] = [];
  const probes: { status: number; code: string; ms: number }[] = [];

  it('keeps running: intake, Open311, handling, callbacks, whistles, dashboards', { timeout: 600_000 }, async () => {
    const operator = await sessionHeaders(servers[0]!.url, 'operator');
    // Past cases with deadlines long gone: the sweeps mark them while the faults happen.
    const imported = await fetch(`${servers[0]!.url}/api/cases/import`, {
      method: 'POST',
      headers: { ...operator, 'content-type': 'text/csv' },
      body: fs.readFileSync(FUZHOU, 'utf8'),
    });
    expect(imported.status).toBe(201);

    const config: LoadConfig = {
      servers: servers.map((s) => s.url),
      databaseUrl: postgres.url('gongzhi'),
      durationMs: LOAD_MS,
      apiKey: API_KEY,
      password: BENCH_PASSWORD,
      dir,
    };
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    const generator = spawn(process.execPath, ['--import', 'tsx', 'reliability/load.ts', path.join(dir, 'config.json')], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const finished = new Promise<number | null>((resolve) => generator.once('exit', resolve));
    const begin = performance.now();
    const at = () => Math.round((performance.now() - begin) / 1000);
    const until = (fraction: number) => sleep(Math.max(0, begin + LOAD_MS * fraction - performance.now()));

    await until(0.15);
    faults.push({ fault: 'kill -9 server 2, restart', at: at(), detail: `back in ${(await killAndRestart(1)).toFixed(1)} s` });
    await until(0.3);
    const cut = proxy.cut(6_000);
    await sleep(1_000);
    probes.push(...(await probe(operator)));
    await cut;
    faults.push({
      fault: 'database refuses connections 6 s',
      at: at(),
      detail: probes.map((p) => `${p.status} ${p.code} in ${Math.round(p.ms)} ms`).join('; '),
    });
    await until(0.5);
    faults.push({ fault: 'kill -9 server 1, restart', at: at(), detail: `back in ${(await killAndRestart(0)).toFixed(1)} s` });
    await until(0.65);
    const restartedAt = performance.now();
    postgres.restart();
    faults.push({
      fault: 'PostgreSQL stopped at once, restarted',
      at: at(),
      detail: `${((performance.now() - restartedAt) / 1000).toFixed(1)} s`,
    });

    expect(await finished).toBe(0);
    result = JSON.parse(fs.readFileSync(path.join(dir, 'result.json'), 'utf8')) as LoadResult;
    acks = fs
      .readFileSync(path.join(dir, 'acks.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Ack);
    printTable(result, faults);
    // No server fell over by itself (those killed on purpose were started again).
    expect(servers.map((s) => s.child.exitCode ?? s.child.signalCode)).toEqual([null, null]);
    expect(result.unexpected).toEqual([]);
    expect(result.replayMismatches).toBe(0);
    // While the database was gone each server answered at once with 503 database_unavailable.
    for (const p of probes) expect(p).toMatchObject({ status: 503, code: 'database_unavailable' });
    for (const p of probes) expect(p.ms).toBeLessThan(10_000);
    expect(acks.length).toBeGreaterThan(100);
  });

  it('lost no acknowledged write and made none twice', async () => {
    const query = <T extends object>(text: string, params: unknown[]) =>
      withClient(postgres.url('gongzhi'), async (c) => (await c.query<T>(text, params)).rows);
    const creates = acks.filter((a): a is Extract<Ack, { key: string }> => a.kind !== 'step');
    const byKey = new Map(
      (
        await query<{ address: string; n: number; ids: string[] }>(
          `SELECT address, count(*)::int AS n, array_agg(CASE WHEN channel = 'open311' THEN tracking_code ELSE id::text END) AS ids
           FROM cases WHERE city_id = $1 AND address LIKE '受理编号 rel-%' GROUP BY address
           UNION ALL
           SELECT '受理编号 ' || idempotency_key, count(*)::int, array_agg(id::text) FROM whistles
           WHERE city_id = $1 AND idempotency_key LIKE 'rel-%' GROUP BY idempotency_key`,
          [cityId],
        )
      ).map((r) => [r.address.slice('受理编号 '.length), r]),
    );
    const lost = creates.filter((a) => !byKey.get(a.key)?.ids.includes(a.id));
    const twice = [...byKey.values()].filter((r) => r.n > 1);
    expect(lost).toEqual([]);
    expect(twice).toEqual([]);
    // Each acknowledged step: its case has moved at least to the version the answer gave.
    const steps = acks.filter((a): a is Extract<Ack, { kind: 'step' }> => a.kind === 'step');
    const versions = new Map(
      (
        await query<{ id: string; version: number }>(`SELECT id::text, version FROM cases WHERE id = ANY($1::uuid[])`, [
          steps.map((s) => s.id),
        ])
      ).map((r) => [r.id, r.version]),
    );
    expect(steps.filter((s) => (versions.get(s.id) ?? 0) < s.version)).toEqual([]);
    // … and its event is on the timeline (as many events of the kind as acknowledged steps, or more).
    const counts = new Map(
      (
        await query<{ key: string; n: number }>(
          `SELECT case_id::text || type AS key, count(*)::int AS n FROM case_events WHERE city_id = $1 AND case_id = ANY($2::uuid[]) GROUP BY 1`,
          [cityId, steps.map((s) => s.id)],
        )
      ).map((r) => [r.key, r.n]),
    );
    const eventType: Record<string, string> = {
      dispatch: 'case.dispatched',
      accept: 'case.accepted',
      start: 'case.started',
      reply: 'case.replied',
      record_callback: 'case.callback_recorded',
    };
    const wanted = new Map<string, number>();
    for (const s of steps) wanted.set(s.id + eventType[s.type], (wanted.get(s.id + eventType[s.type]) ?? 0) + 1);
    expect([...wanted].filter(([key, n]) => (counts.get(key) ?? 0) < n)).toEqual([]);
    console.log(`acknowledged writes checked: ${creates.length} creates, ${steps.length} steps; lost 0, twice 0`);
  });

  it('keeps every timeline consistent with its case, every deadline marked once, the rollups equal to a recount', async () => {
    expect(await inconsistentTimelines(database.db, cityId)).toEqual([]);
    // The sweep runs every 15 s in each process; a deadline due before the last minute must be marked.
    expect(await deadlineProblems(database.db, cityId, new Date(), 60_000)).toEqual([]);
    // The fold runs every second: wait for it, though the check counts what is pending as well.
    await sleep(2_000);
    expect(await rollupDifferences(database.db, cityId)).toEqual([]);
    console.log(`machine: ${machine()}`);
  });
});
