// The reliability suite's load generator, in its own process: for a bounded time it takes cases in
// (hotline API and Open311), moves them along (dispatch, accept, start, reply, callbacks), blows
// whistles and reads the dashboards and Open311 lists, spread over every server given. Every write
// that a server acknowledged is appended to a log the suite checks against the database afterwards.
// Writes carry an Idempotency-Key and are retried with the same key and body until answered (on a
// lost connection or a 503), as a well-behaved client does; steps carry the version they were read at.
// Run by reliability.test.ts: `tsx reliability/load.ts <config.json>`; prints nothing, writes
// `acks.jsonl` and `result.json` next to the config.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { caseBodyMaker } from '../bench/case-bodies.ts';
import { percentiles, sessionHeaders } from '../bench/lib.ts';
import { httpClient, type Answer, type Call, type HttpClient } from '../bench/load.ts';

export interface LoadConfig {
  servers: string[];
  databaseUrl: string;
  durationMs: number;
  apiKey: string;
  password: string;
  /** Where the log and the result go. */
  dir: string;
}

/** One acknowledged write. `key` is in the address of what it created, so SQL can count per key. */
export type Ack =
  { kind: 'intake' | 'open311' | 'whistle'; key: string; id: string } | { kind: 'step'; id: string; type: string; version: number };

export interface KindFigures {
  requests: number;
  acknowledged: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

export interface LoadResult {
  seconds: number;
  kinds: Record<string, KindFigures>;
  /** Acknowledged creates sent again with their key and body: answers with another id (must be 0). */
  replayMismatches: number;
  replays: number;
  /** Answers 500 or other unexpected statuses, with a sample. */
  unexpected: { kind: string; status: number; body: string }[];
}

const RETRYABLE = new Set([0, 502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const clients: HttpClient[] = config.servers.map((url) => httpClient(url, 16, 30_000));
  const acks = fs.openSync(path.join(config.dir, 'acks.jsonl'), 'a');
  const latencies = new Map<string, number[]>();
  const statuses = new Map<string, Record<string, number>>();
  const acknowledged = new Map<string, number>();
  /** Logs an acknowledged write and counts it under the kind of request that made it. */
  const ack = (kind: string, entry: Ack) => {
    fs.writeSync(acks, `${JSON.stringify(entry)}\n`);
    acknowledged.set(kind, (acknowledged.get(kind) ?? 0) + 1);
  };
  const unexpected: LoadResult['unexpected'] = [];
  let turn = 0;

  /** One call to the next server in turn; a lost connection moves on to the other server. */
  const send = async (kind: string, call: Call, expected: number[]): Promise<Answer> => {
    const answer = await clients[turn++ % clients.length]!.send(call);
    if (!latencies.has(kind)) latencies.set(kind, []);
    latencies.get(kind)!.push(answer.ms);
    const counts = statuses.get(kind) ?? {};
    counts[answer.status] = (counts[answer.status] ?? 0) + 1;
    statuses.set(kind, counts);
    if (!expected.includes(answer.status) && !RETRYABLE.has(answer.status) && unexpected.length < 50) {
      unexpected.push({ kind, status: answer.status, body: answer.body.slice(0, 300) });
    }
    if (answer.status === 0 && answer.body.startsWith('no answer in') && unexpected.length < 50) {
      unexpected.push({ kind, status: 0, body: `a hang: ${answer.body}` });
    }
    if (answer.status === 503 && !answer.body.includes('"code"') && unexpected.length < 50) {
      unexpected.push({ kind, status: 503, body: `503 without a code: ${answer.body.slice(0, 200)}` });
    }
    // A client backs off a moment while the service is away, rather than spinning.
    if (RETRYABLE.has(answer.status)) await sleep(100);
    return answer;
  };
  const endAt = Date.now() + config.durationMs;
  // Writes in flight at the end are retried for up to a minute more: a client does not give up.
  const giveUpAt = endAt + 60_000;

  /** Sends an idempotent create until it is answered; returns the answer (null: never answered). */
  const create = async (kind: string, call: Call): Promise<Answer | null> => {
    while (Date.now() < giveUpAt) {
      const answer = await send(kind, call, [200, 201]);
      if (!RETRYABLE.has(answer.status)) return answer;
      await sleep(250);
    }
    return null;
  };

  const database = new pg.Client({ connectionString: config.databaseUrl });
  await database.connect();
  const makeBody = await caseBodyMaker(database, Date.now() % 1_000_000, 5_000);
  const { rows: departments } = await database.query<{ id: string }>(
    `SELECT u.id FROM units u WHERE u.kind = 'department' ORDER BY u.name LIMIT 3`,
  );
  await database.end();
  const login = async (username: string) => {
    for (;;) {
      try {
        return await sessionHeaders(config.servers[0]!, username, config.password);
      } catch (error) {
        if (Date.now() > endAt) throw error;
        await sleep(500);
      }
    }
  };
  const [operator, dispatcher, leader, streetLeader, ...handlers] = await Promise.all(
    ['operator', 'dispatcher', 'leader', 'jd-leader', 'jd-handler', 'sq-handler', 'cq-handler', 'dept-handler'].map(login),
  );
  const json = (headers: Record<string, string>, key?: string) => ({
    ...headers,
    'content-type': 'application/json',
    ...(key && { 'idempotency-key': key }),
  });
  const tag = `rel-${Date.now().toString(36)}`;
  let serial = 0;
  const created: { key: string; call: Call; id: string }[] = [];

  const loop =
    (work: () => Promise<void>, pauseMs = 0) =>
    async () => {
      while (Date.now() < endAt) {
        await work();
        if (pauseMs) await sleep(pauseMs);
      }
    };

  const intake = async () => {
    const key = `${tag}-c${serial++}`;
    const call: Call = {
      method: 'POST',
      path: '/api/cases',
      headers: json(operator!, key),
      body: JSON.stringify({ ...makeBody(), address: `受理编号 ${key}` }),
    };
    const answer = await create('intake', call);
    if (answer?.status === 201 || answer?.status === 200) {
      const id = (JSON.parse(answer.body) as { case: { id: string } }).case.id;
      ack('intake', { kind: 'intake', key, id });
      created.push({ key, call, id });
    }
  };

  const open311 = async () => {
    const key = `${tag}-o${serial++}`;
    const body = makeBody();
    const form = new URLSearchParams({
      api_key: config.apiKey,
      jurisdiction_id: 'zhoukou',
      service_code: body.categoryCode!,
      lat: String(body.location!.lat),
      long: String(body.location!.lng),
      address_string: `受理编号 ${key}`,
      // Open311 takes plain text: a client strips what looks like markup from what the resident wrote.
      description: body.text.replace(/[<>]/g, ' ').slice(0, 1000),
    });
    for (const [code, value] of Object.entries(body.fields ?? {})) {
      if (Array.isArray(value)) for (const v of value) form.append(`attribute[${code}][]`, String(v));
      else form.set(`attribute[${code}]`, String(value));
    }
    const call: Call = {
      method: 'POST',
      path: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
      body: form.toString(),
    };
    const answer = await create('open311 POST', call);
    if (answer?.status === 201 || answer?.status === 200) {
      const [first] = JSON.parse(answer.body) as { service_request_id: string }[];
      ack('open311 POST', { kind: 'open311', key, id: first!.service_request_id });
    }
  };

  /** Reads a list, picks a case, reads it and takes the first of `wanted` it allows, at the version read. */
  const step = async (
    kind: string,
    headers: Record<string, string>,
    list: string,
    wanted: readonly string[],
    body: (type: string) => object,
  ): Promise<void> => {
    const listed = await send(kind, { method: 'GET', path: list, headers }, [200]);
    if (listed.status !== 200) return;
    const items = (JSON.parse(listed.body) as { items: { id: string }[] }).items;
    if (items.length === 0) {
      await sleep(500);
      return;
    }
    const picked = items[Math.floor(Math.random() * items.length)]!;
    const read = await send(kind, { method: 'GET', path: `/api/cases/${picked.id}`, headers }, [200]);
    if (read.status !== 200) return;
    const detail = JSON.parse(read.body) as { version: number; allowedActions: string[] };
    const type = wanted.find((t) => detail.allowedActions.includes(t));
    if (!type) return;
    const answer = await send(
      kind,
      {
        method: 'POST',
        path: `/api/cases/${picked.id}/actions`,
        headers: json(headers),
        body: JSON.stringify({ type, version: detail.version, ...body(type) }),
      },
      [200, 409],
    );
    if (answer.status === 200) {
      ack(kind, { kind: 'step', id: picked.id, type, version: (JSON.parse(answer.body) as { version: number }).version });
    }
  };

  const handle = (headers: Record<string, string>) => () =>
    step('handling', headers, '/api/cases?view=inbox&limit=50', ['accept', 'start', 'reply'], (type) =>
      type === 'reply' ? { text: '已现场核实并处理完毕，已告知诉求人。' } : {},
    );
  const dispatch = () =>
    step('dispatch', dispatcher!, '/api/cases?view=queue&limit=50', ['dispatch'], () => ({ unitId: departments[0]!.id }));
  const callback = () =>
    step('callback', operator!, '/api/cases?view=callbacks&limit=50', ['record_callback'], () => ({
      contacted: Math.random() < 0.9,
      solved: Math.random() < 0.8,
      satisfied: Math.random() < 0.75,
    }));

  const whistle = async () => {
    const listed = await send('whistle', { method: 'GET', path: '/api/cases?view=all&state=open&limit=50', headers: streetLeader! }, [200]);
    if (listed.status !== 200) return;
    const items = (JSON.parse(listed.body) as { items: { id: string }[] }).items;
    if (items.length === 0 || departments.length === 0) return;
    const key = `${tag}-w${serial++}`;
    const call: Call = {
      method: 'POST',
      path: '/api/whistles',
      headers: json(streetLeader!, key),
      body: JSON.stringify({
        caseId: items[Math.floor(Math.random() * items.length)]!.id,
        unitIds: departments.map((d) => d.id),
        reason: 'joint_enforcement',
        address: `受理编号 ${key}`,
      }),
    };
    const answer = await create('whistle', call);
    if (answer?.status === 201 || answer?.status === 200) {
      ack('whistle', { kind: 'whistle', key, id: (JSON.parse(answer.body) as { id: string }).id });
    }
  };

  const reads = (kind: string, headers: Record<string, string>, paths: string[]) => async () => {
    for (const p of paths) await send(kind, { method: 'GET', path: p, headers }, [200]);
  };

  const started = Date.now();
  await Promise.all([
    ...Array.from({ length: 6 }, () => loop(intake)()),
    ...Array.from({ length: 2 }, () => loop(open311)()),
    ...handlers.map((h) => loop(handle(h!))()),
    loop(dispatch, 200)(),
    loop(callback, 100)(),
    loop(whistle, 2_000)(),
    loop(reads('dashboard', leader!, ['/api/dashboard/summary', '/api/dashboard/map', '/api/dashboard/categories']), 100)(),
    loop(reads('open311 GET', {}, ['/open311/v2/requests.json?jurisdiction_id=zhoukou&page_size=100']), 100)(),
  ]);
  const seconds = (Date.now() - started) / 1000;

  // The same creates again, with their keys and bodies: each must answer with the case it made.
  let replayMismatches = 0;
  const sample = created.filter((_, i) => i % 10 === 0);
  for (const { call, id } of sample) {
    const answer = await create('intake replay', call);
    if (!answer || (JSON.parse(answer.body) as { case?: { id: string } }).case?.id !== id) replayMismatches++;
  }
  fs.closeSync(acks);
  for (const client of clients) client.close();

  const kinds: Record<string, KindFigures> = {};
  for (const [kind, values] of latencies) {
    const { p50, p99 } = percentiles(values);
    kinds[kind] = {
      requests: values.length,
      acknowledged: acknowledged.get(kind) ?? 0,
      perSecond: Math.round((values.length / seconds) * 10) / 10,
      p50: Math.round(p50),
      p99: Math.round(p99),
      statuses: statuses.get(kind) ?? {},
    };
  }
  return { seconds, kinds, replayMismatches, replays: sample.length, unexpected };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const configPath = process.argv[2]!;
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8')) as LoadConfig;
  const result = await runLoad(config);
  fs.writeFileSync(path.join(config.dir, 'result.json'), JSON.stringify(result, null, 2));
}
