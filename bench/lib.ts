// Shared by the benchmarks: start the real server as a child process, wait for health, fresh PostgreSQL databases.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const root = path.resolve(import.meta.dirname, '..');

/**
 * A clean export of a commit (`git archive`) under the temp directory, with this checkout's installed
 * packages linked in (the workspaces from the export), so that edits in progress do not move a figure.
 */
function exportCommit(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short=12', commit], { cwd: root, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `gongzhi-${sha}`);
  if (fs.existsSync(path.join(dir, '.exported'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules/@gongzhi'), { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C '${dir}'`], { cwd: root });
  for (const name of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (name !== '@gongzhi') fs.symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name));
  }
  for (const name of fs.readdirSync(path.join(root, 'node_modules/@gongzhi'))) {
    fs.symlinkSync(path.join(dir, name), path.join(dir, 'node_modules/@gongzhi', name));
  }
  fs.writeFileSync(path.join(dir, '.exported'), sha);
  return dir;
}

/** The server the benchmarks start: this working tree, or the commit named by BENCH_SERVER_COMMIT (e.g. HEAD). */
export const serverDir = process.env.BENCH_SERVER_COMMIT ? exportCommit(process.env.BENCH_SERVER_COMMIT) : root;
export const serverLabel = process.env.BENCH_SERVER_COMMIT
  ? `server of commit ${path.basename(serverDir).slice(8)}`
  : 'server of the working tree';
export const BENCH_PASSWORD = 'bench-password-1';
export const postgresBaseUrl =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** p50/p95/p99 (nearest rank) of a list of values, rounded to 0.1. */
export function percentiles(values: readonly number[]): { p50: number; p95: number; p99: number } {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted.length === 0 ? NaN : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

export function machine(): string {
  return `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`;
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first healthy /healthz. */
  msToHealthy: number;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx server/src/main.ts` (what `npm start` runs) and waits for GET /healthz.
 * `nodeArgs` go before the script (e.g. `--cpu-prof`); `env.PORT` restarts a server where it was.
 */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<Started> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GONGZHI_LOG_LEVEL: 'warn',
      GONGZHI_DEMO_PASSWORD: BENCH_PASSWORD,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy in 300 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const msToHealthy = performance.now() - started;
  return {
    url,
    child,
    msToHealthy,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-'));
}

/** A new empty database on the PostgreSQL server; returns its URL and a drop function. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gongzhi_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: postgresBaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresBaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresBaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Runs a bench file's main when it is the script node was started with. */
export const isMain = (metaUrl: string): boolean => metaUrl === `file://${process.argv[1]}`;

/** Rate limits would cap a figure at the limit, so benchmarks lift them. */
export const LIFTED_LIMITS = {
  GONGZHI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_RATE_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_LOGIN_USERNAME_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_INTAKE_ACCOUNT_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_INTAKE_API_KEY_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_INTAKE_ADDRESS_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_PUBLIC_INTAKE_LIMIT_PER_MINUTE: '100000000',
  GONGZHI_FLAGGED_NUMBER_LIMIT_PER_DAY: '100000000',
};

/** The URL of a named database on the PostgreSQL server. */
export function postgresUrl(database: string): string {
  const url = new URL(postgresBaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export const databaseName = (url: string): string => new URL(url).pathname.slice(1);

/** Runs `work` with one connected client, closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Signs in and returns the headers a cookie session sends on every request (cookie + CSRF token). */
export async function sessionHeaders(url: string, username: string, password = BENCH_PASSWORD): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('gz_csrf='))?.slice('gz_csrf='.length) ?? '';
  return { cookie: cookies.join('; '), 'x-csrf-token': csrf };
}
