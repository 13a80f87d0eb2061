// Crash safety of intake on PostgreSQL or the embedded PGlite: the server is killed with SIGKILL
// (kill -9) in the middle of a load of POST /api/cases, several times. After each kill the database is
// opened again and every case that was answered 201 must be in it (checked by id in SQL). At the end every request ever sent, answered or not, is
// sent again with its Idempotency-Key and body: no key may have two cases, and the cases are exactly
// the keys sent. Exits non-zero when an invariant breaks.
// Run: npx tsx bench/crash.bench.ts [postgres|pglite] (the reliability suite runs it on PGlite).
import fs from 'node:fs';
import { openDatabase } from '../server/src/db/database.ts';
import { caseBodyMaker, type Queryable } from './case-bodies.ts';
import {
  LIFTED_LIMITS,
  freshPostgres,
  tempDataDir,
  isMain,
  machine,
  serverLabel,
  sessionHeaders,
  startServer,
  withClient,
  type Started,
} from './lib.ts';
import { closedLoop, httpClient, type Call } from './load.ts';

const KILLS = 3;
const CONNECTIONS = 16;

const keyOf = (call: Call): string => call.headers!['idempotency-key']!;

async function killDuringLoad(
  server: Started,
  next: () => Call,
  onAnswer: (call: Call, status: number, body: string) => void,
): Promise<void> {
  let killed = false;
  const killAfterMs = 3_000 + Math.random() * 5_000;
  const timer = setTimeout(() => {
    killed = true;
    server.child.kill('SIGKILL');
  }, killAfterMs);
  await closedLoop({
    url: server.url,
    connections: CONNECTIONS,
    warmupMs: 0,
    durationMs: killAfterMs + 60_000,
    next,
    stopped: () => killed,
    onAnswer: (call, answer) => onAnswer(call, answer.status, answer.body),
  });
  clearTimeout(timer);
  if (server.child.exitCode === null && server.child.signalCode === null) await new Promise((r) => server.child.once('exit', r));
}

/** Where the cases go: a database the bench reads while no server holds it, and the server's settings for it. */
interface Store {
  env: Record<string, string>;
  read<T>(work: (db: Queryable) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

async function postgresStore(): Promise<Store> {
  const database = await freshPostgres();
  return { env: { DATABASE_URL: database.url }, read: (work) => withClient(database.url, work), drop: database.drop };
}

/** The embedded database, opened here as `npm start` opens it. */
function pgliteStore(): Store {
  const dataDir = tempDataDir();
  return {
    env: { GONGZHI_DATA_DIR: dataDir },
    read: async (work) => {
      const database = await openDatabase({ dataDir });
      try {
        return await work((database.db as unknown as { $client: Queryable }).$client);
      } finally {
        await database.close();
      }
    },
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function run(engine: 'postgres' | 'pglite' = 'postgres'): Promise<Record<string, number>> {
  const store = engine === 'postgres' ? await postgresStore() : pgliteStore();
  const env = { ...LIFTED_LIMITS, ...store.env, GONGZHI_DEMO: 'on' };
  let server = await startServer(env);
  try {
    // The demo city's grids, read while the server is down (PGlite has one user at a time).
    await server.stop();
    const makeBody = await store.read((db) => caseBodyMaker(db, 9_110_000));
    server = await startServer(env);
    const headers = await sessionHeaders(server.url, 'operator');
    const tag = `crash-${Date.now()}`;
    const bodies = new Map<string, string>();
    const answered = new Map<string, string>();
    let unanswered = 0;
    let n = 0;
    const next = (): Call => {
      const key = `${tag}-${n++}`;
      // The key in the address too, so that SQL can count cases per key without the server's key table.
      const body = JSON.stringify({ ...makeBody(), address: `受理编号 ${key}` });
      bodies.set(key, body);
      return { method: 'POST', path: '/api/cases', headers: { ...headers, 'idempotency-key': key }, body };
    };
    const record = (call: Call, status: number, body: string) => {
      if (status === 201) answered.set(keyOf(call), (JSON.parse(body) as { case: { id: string } }).case.id);
      else if (status === 0) unanswered++;
      else throw new Error(`intake answered ${status}: ${body.slice(0, 300)}`);
    };
    let found = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await killDuringLoad(server, next, record);
      // Opened again after the kill: every case answered 201 is there.
      const ids = [...answered.values()];
      found = await store.read(async (db) => {
        const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM cases WHERE id = ANY($1::uuid[])', [ids]);
        return Number(rows[0]!.n);
      });
      server = await startServer(env);
      console.log(`kill ${kill + 1}: ${answered.size} answered 201 so far, ${found} found after restart`);
      if (found !== answered.size) throw new Error(`${answered.size - found} cases answered 201 are missing after the restart`);
    }
    // Every request again, with its key and body, after the last restart.
    const client = httpClient(server.url, CONNECTIONS);
    const retryStatuses: Record<string, number> = {};
    let changedId = 0;
    const keys = [...bodies.keys()];
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let key = keys.pop(); key !== undefined; key = keys.pop()) {
          const answer = await client.send({
            method: 'POST',
            path: '/api/cases',
            headers: { ...headers, 'idempotency-key': key },
            body: bodies.get(key)!,
          });
          retryStatuses[answer.status] = (retryStatuses[answer.status] ?? 0) + 1;
          const first = answered.get(key);
          if (first && (answer.status !== 200 || (JSON.parse(answer.body) as { case: { id: string } }).case.id !== first)) changedId++;
        }
      }),
    );
    client.close();
    await server.stop();
    const counts = await store.read(async (db) => {
      const { rows } = await db.query<{ cases: string; keys: string; doubled: string }>(
        `SELECT count(*) AS cases, count(DISTINCT address) AS keys, count(*) - count(DISTINCT address) AS doubled FROM cases WHERE address LIKE $1`,
        [`受理编号 ${tag}-%`],
      );
      return rows[0]!;
    });
    const figures = {
      sent: bodies.size,
      'answered 201 before kills': answered.size,
      'unanswered (in flight at a kill)': unanswered,
      'found after restart': found,
      retried: bodies.size,
      'retry 200 (replayed)': retryStatuses[200] ?? 0,
      'of which committed but unanswered': (retryStatuses[200] ?? 0) - answered.size,
      'retry 201 (created now)': retryStatuses[201] ?? 0,
      'retry other': bodies.size - (retryStatuses[200] ?? 0) - (retryStatuses[201] ?? 0),
      'replay with another id': changedId,
      cases: Number(counts.cases),
      'distinct keys with a case': Number(counts.keys),
      duplicates: Number(counts.doubled),
    };
    const broken =
      figures['found after restart'] !== figures['answered 201 before kills'] ||
      figures.duplicates !== 0 ||
      figures.cases !== figures.sent ||
      figures['retry other'] !== 0 ||
      figures['replay with another id'] !== 0;
    if (broken) {
      console.table(figures);
      throw new Error('crash invariant broken');
    }
    return figures;
  } finally {
    await server.stop();
    await store.drop();
  }
}

if (isMain(import.meta.url)) {
  const engine = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
  console.log(`intake under kill -9 on ${engine}, ${KILLS} kills, ${CONNECTIONS} connections (${machine()}; ${serverLabel})`);
  try {
    console.table(await run(engine));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
