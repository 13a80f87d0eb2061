// Crash safety of intake on PostgreSQL: the server is killed with SIGKILL (kill -9) in the middle of
// a load of POST /api/cases, several times. After each restart every case that was answered 201 must
// be in the database (checked by id in SQL). At the end every request ever sent, answered or not, is
// sent again with its Idempotency-Key and body: no key may have two cases, and the cases are exactly
// the keys sent. Exits non-zero when an invariant breaks.
// Run: npx tsx bench/crash.bench.ts
import { caseBodyMaker } from './case-bodies.ts';
import {
  LIFTED_LIMITS,
  freshPostgres,
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

export async function run(): Promise<Record<string, number>> {
  const database = await freshPostgres();
  const env = { ...LIFTED_LIMITS, DATABASE_URL: database.url, GONGZHI_DEMO: 'on' };
  let server = await startServer(env);
  try {
    const headers = await sessionHeaders(server.url, 'operator');
    const makeBody = await withClient(database.url, (c) => caseBodyMaker(c, 9_110_000));
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
      server = await startServer(env);
      const ids = [...answered.values()];
      found = await withClient(database.url, async (c) => {
        const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM cases WHERE id = ANY($1::uuid[])', [ids]);
        return Number(rows[0]!.n);
      });
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
    const counts = await withClient(database.url, async (c) => {
      const { rows } = await c.query<{ cases: string; keys: string; doubled: string }>(
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
    await database.drop();
  }
}

if (isMain(import.meta.url)) {
  console.log(`intake under kill -9, ${KILLS} kills, ${CONNECTIONS} connections (${machine()}; ${serverLabel})`);
  try {
    console.table(await run());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
