// Logins per second (argon2id at the configured cost) and GET /api/me per second, through HTTP on
// loopback, from a load generator in this process against the server in its own process.
// Run: npx tsx bench/auth.bench.ts
import autocannon from 'autocannon';
import fs from 'node:fs';
import { BENCH_PASSWORD, LIFTED_LIMITS, freshPostgres, isMain, machine, median, startServer, tempDataDir } from './lib.ts';

const ROUNDS = 3;
const SECONDS = 5;
const CONNECTIONS = 8;

async function load(options: autocannon.Options): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function measure(url: string): Promise<Record<string, number>> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'jd-leader', password: BENCH_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const logins: number[] = [];
  const mes: number[] = [];
  let errors = 0;
  let loginP99 = 0;
  let meP99 = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const l = await load({
      url: `${url}/api/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'jd-leader', password: BENCH_PASSWORD }),
    });
    const m = await load({ url: `${url}/api/me`, headers: { cookie } });
    logins.push(l.rps);
    mes.push(m.rps);
    loginP99 = Math.max(loginP99, l.p99);
    meP99 = Math.max(meP99, m.p99);
    errors += l.errors + m.errors;
  }
  return {
    'logins/s': Math.round(median(logins)),
    'login p99 ms': loginP99,
    'GET /api/me/s': Math.round(median(mes)),
    'me p99 ms': meP99,
    errors,
  };
}

export async function run(): Promise<Record<string, Record<string, number>>> {
  // Rate limits would cap the figure at the limit, so they are lifted for the measurement.
  const env = LIFTED_LIMITS;
  const results: Record<string, Record<string, number>> = {};
  const database = await freshPostgres();
  let server = await startServer({ ...env, DATABASE_URL: database.url });
  results.postgres = await measure(server.url);
  await server.stop();
  await database.drop();
  const dir = tempDataDir();
  server = await startServer({ ...env, GONGZHI_DATA_DIR: dir });
  results.pglite = await measure(server.url);
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  return results;
}

if (isMain(import.meta.url)) {
  console.log(`auth over HTTP, ${CONNECTIONS} connections, median of ${ROUNDS} × ${SECONDS} s (${machine()}); argon2id 19 MiB, t=2`);
  console.table(await run());
}
