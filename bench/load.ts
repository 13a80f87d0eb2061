// The load generator of the HTTP benchmarks: a closed loop of keep-alive connections (node:http, one
// request in flight per connection), latency per request, and the CPU time each side spent (the
// server process, every PostgreSQL process, this process) read from /proc, so that a figure on a
// 2-core machine says who used the cores.
import fs from 'node:fs';
import http from 'node:http';
import type pg from 'pg';
import { percentiles } from './lib.ts';

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** status 0: no HTTP answer (connection refused or reset). */
export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export interface HttpClient {
  send(call: Call): Promise<Answer>;
  close(): void;
}

/** `timeoutMs` (0: none) gives up on a request that has no answer by then (status 0). */
export function httpClient(baseUrl: string, connections: number, timeoutMs = 0): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(baseUrl);
  const send = (call: Call): Promise<Answer> =>
    new Promise((resolve) => {
      const started = performance.now();
      const failed = (error: Error) => resolve({ status: 0, body: error.message, ms: performance.now() - started });
      const headers: Record<string, string> = { ...call.headers };
      if (call.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        headers['content-length'] = String(Buffer.byteLength(call.body));
      }
      const request = http.request({ agent, hostname, port, method: call.method, path: call.path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', failed);
        response.on('end', () => {
          const ms = performance.now() - started;
          // Decoded when read: a caller that only counts answers does not pay for decoding large bodies.
          let body: string | undefined;
          resolve({
            status: response.statusCode ?? 0,
            get body() {
              return (body ??= Buffer.concat(chunks).toString());
            },
            ms,
          });
        });
      });
      request.on('error', failed);
      if (timeoutMs) request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
      request.end(call.body);
    });
  return { send, close: () => agent.destroy() };
}

export interface LoadOptions {
  url: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
  next(): Call;
  /** Every answer, warm-up included. */
  onAnswer?(call: Call, answer: Answer): void;
  /** Stops the loop early (the crash bench). */
  stopped?(): boolean;
}

export interface LoadFigures {
  requests: number;
  perSecond: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
}

/** `connections` loops each sending the next call when the previous one is answered; figures cover the time after the warm-up. */
export async function closedLoop(options: LoadOptions): Promise<LoadFigures> {
  const client = httpClient(options.url, options.connections);
  const measureFrom = performance.now() + options.warmupMs;
  const endAt = measureFrom + options.durationMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let lastAnswerAt = measureFrom;
  const loop = async () => {
    while (performance.now() < endAt && !options.stopped?.()) {
      const call = options.next();
      const sentAt = performance.now();
      const answer = await client.send(call);
      options.onAnswer?.(call, answer);
      if (sentAt < measureFrom) continue;
      lastAnswerAt = Math.max(lastAnswerAt, performance.now());
      latencies.push(answer.ms);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (answer.status < 200 || answer.status >= 300) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));
  client.close();
  const seconds = (lastAnswerAt - measureFrom) / 1000;
  return { requests: latencies.length, perSecond: Math.round(latencies.length / seconds), errors, ...percentiles(latencies), statuses };
}

/** Sequential calls (one connection): latency percentiles of the answers. */
export async function sequential(url: string, calls: Call[]): Promise<{ p50: number; p95: number; p99: number; errors: number }> {
  const client = httpClient(url, 1);
  const latencies: number[] = [];
  let errors = 0;
  for (const call of calls) {
    const answer = await client.send(call);
    latencies.push(answer.ms);
    if (answer.status !== 200) errors++;
  }
  client.close();
  return { ...percentiles(latencies), errors };
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a process (all its threads), in seconds; 0 when it is gone. */
/** CPU seconds of a process and its live children (the server's workers when it runs several). */
function processCpuSeconds(pid: number | string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return (
      (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND + children.reduce((sum, child) => sum + processCpuSeconds(child), 0)
    );
  } catch {
    return 0;
  }
}

/** CPU seconds of the machine (all cores, every process) since boot: busy and total. */
function machineCpuSeconds(): { busy: number; total: number } {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

const POSTGRES_SHARED =
  /postgres: [^:]+: (checkpointer|walwriter|background writer|autovacuum launcher|logical replication launcher|archiver)/;

/** CPU seconds of each PostgreSQL process serving `database` (its backends, autovacuum) and of the shared ones (WAL writer, checkpointer …), by pid. */
function postgresCpuSeconds(database: string): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.includes(` ${database} `) || POSTGRES_SHARED.test(title)) seconds.set(pid, processCpuSeconds(pid));
    } catch {
      // gone meanwhile
    }
  }
  return seconds;
}

/**
 * What the PostgreSQL processes alive at the end spent since `before` (a process started meanwhile counts
 * whole). A process that ended meanwhile (a pool closing an idle connection) is left out: it cannot be read.
 */
function postgresCpuSince(before: Map<string, number>, database: string): number {
  let total = 0;
  for (const [pid, seconds] of postgresCpuSeconds(database)) total += seconds - (before.get(pid) ?? 0);
  return total;
}

export interface CpuShare {
  /** CPU seconds per second of wall time: 1.0 is one core busy. */
  serverCores: number;
  postgresCores: number;
  loadCores: number;
  /** Everything else the machine ran meanwhile (other sessions, tests): contention for the same cores. */
  otherCores: number;
}

/** Runs `work` and reports how many cores the server, PostgreSQL (for `database`), this process and the rest of the machine kept busy. */
export async function measureCpu<T>(serverPid: number, database: string, work: () => Promise<T>): Promise<{ result: T; cpu: CpuShare }> {
  const before = { server: processCpuSeconds(serverPid), postgres: postgresCpuSeconds(database), load: process.cpuUsage() };
  const machineBefore = machineCpuSeconds();
  const at = performance.now();
  const result = await work();
  const wall = (performance.now() - at) / 1000;
  const load = process.cpuUsage(before.load);
  const server = processCpuSeconds(serverPid) - before.server;
  const postgres = postgresCpuSince(before.postgres, database);
  const busy = machineCpuSeconds().busy - machineBefore.busy;
  const round = (seconds: number) => Math.round((seconds / wall) * 100) / 100;
  const mine = server + postgres + (load.user + load.system) / 1e6;
  return {
    result,
    cpu: {
      serverCores: round(server),
      postgresCores: round(postgres),
      loadCores: round((load.user + load.system) / 1e6),
      otherCores: round(Math.max(0, busy - mine)),
    },
  };
}

/** Waits (up to `maxMs`) until the rest of the machine keeps less than `cores` busy, so that a figure is not another session's. */
export async function waitForQuiet(maxMs = 180_000, cores = 0.3): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = machineCpuSeconds();
    await new Promise((r) => setTimeout(r, 2_000));
    const after = machineCpuSeconds();
    const busy = (after.busy - before.busy) / 2;
    if (busy < cores || performance.now() - started > maxMs) return Math.round(busy * 100) / 100;
  }
}

export interface PostgresCounters {
  transactions: number;
  blocks: number;
  blocksRead: number;
  rowsFetched: number;
  rowsInserted: number;
}

/** The database's cumulative counters (pg_stat_database): transactions, buffer accesses, rows fetched and inserted. */
export async function postgresCounters(client: pg.Client, database: string): Promise<PostgresCounters> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<Record<string, string>>(
    `SELECT xact_commit + xact_rollback AS transactions, blks_hit + blks_read AS blocks, blks_read, tup_fetched, tup_inserted
     FROM pg_stat_database WHERE datname = $1`,
    [database],
  );
  const r = rows[0]!;
  return {
    transactions: Number(r.transactions),
    blocks: Number(r.blocks),
    blocksRead: Number(r.blks_read),
    rowsFetched: Number(r.tup_fetched),
    rowsInserted: Number(r.tup_inserted),
  };
}
