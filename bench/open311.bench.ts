// Open311 on PostgreSQL: `POST requests.json` (form-encoded, the demo city's API key, realistic bodies:
// a resident's text, a service with its attributes, a point inside a grid) per second, and
// `GET requests.json` answering 1,000 records per second. The real server in its own process with the
// demo city; closed loops from this process.
// Run: npx tsx bench/open311.bench.ts
import { caseBodyMaker } from './case-bodies.ts';
import { LIFTED_LIMITS, databaseName, freshPostgres, isMain, machine, serverLabel, startServer, withClient, type Started } from './lib.ts';
import { closedLoop, measureCpu, waitForQuiet, type Call } from './load.ts';

const WARMUP_MS = 5_000;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const POST_CONNECTIONS = [16, 32, 64];
const GET_CONNECTIONS = [4];
const API_KEY = 'bench-open311-key';

type Figures = Record<string, number>;

export async function run(): Promise<Record<string, Figures>> {
  const database = await freshPostgres();
  const server = await startServer({ ...LIFTED_LIMITS, DATABASE_URL: database.url, GONGZHI_DEMO: 'on', GONGZHI_DEMO_API_KEY: API_KEY });
  const figures: Record<string, Figures> = {};
  let builder: Started | undefined;
  try {
    const makeBody = await withClient(database.url, (c) => caseBodyMaker(c, 311));
    let n = 0;
    const post = (): Call => {
      const body = makeBody();
      const form = new URLSearchParams({
        api_key: API_KEY,
        jurisdiction_id: 'zhoukou',
        service_code: body.categoryCode!,
        lat: String(body.location!.lat),
        long: String(body.location!.lng),
        description: body.text,
        ...(body.reporter?.name && { last_name: body.reporter.name }),
        ...(body.reporter?.phone && { phone: body.reporter.phone }),
      });
      for (const [code, value] of Object.entries(body.fields ?? {})) {
        if (Array.isArray(value)) for (const v of value) form.append(`attribute[${code}][]`, String(v));
        else form.set(`attribute[${code}]`, String(value));
      }
      return {
        method: 'POST',
        path: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `o311-${n++}` },
        body: form.toString(),
      };
    };
    // The default list, as monitors and apps poll it (served from the one-second cache after the first),
    // and lists of windows that differ by the second (each read from PostgreSQL).
    const get = (): Call => ({ method: 'GET', path: '/open311/v2/requests.json?jurisdiction_id=zhoukou' });
    const windowed = (): Call => {
      const end = new Date(Date.now() - Math.floor(Math.random() * 86_400) * 1000);
      const start = new Date(end.getTime() - 89 * 86_400_000);
      return {
        method: 'GET',
        path: `/open311/v2/requests.json?jurisdiction_id=zhoukou&start_date=${start.toISOString()}&end_date=${end.toISOString()}`,
      };
    };
    let shown = 0;
    let short = 0;
    let gets = 0;
    const name = databaseName(database.url);
    type Level = [string, number, () => Call, number, Started?];
    const levels: Level[] = [
      ...POST_CONNECTIONS.map((c): Level => [`POST requests.json ${c} conn`, c, post, 201]),
      ...GET_CONNECTIONS.map((c): Level => [`GET requests.json (1,000), default ${c} conn`, c, get, 200]),
      ...GET_CONNECTIONS.map((c): Level => [`GET requests.json (1,000), each window new ${c} conn`, c, windowed, 200]),
    ];
    // The same windows from a second server on the same database that keeps no record built: each list builds its 1,000.
    builder = await startServer({ ...LIFTED_LIMITS, DATABASE_URL: database.url, GONGZHI_DEMO: 'off', GONGZHI_OPEN311_RECORDS: '0' });
    levels.push(
      ...GET_CONNECTIONS.map((c): Level => [
        `GET requests.json (1,000), each window new, no record kept ${c} conn`,
        c,
        windowed,
        200,
        builder!,
      ]),
    );
    for (const [label, connections, next, expected, target = server] of levels) {
      const quiet = await waitForQuiet();
      const { result, cpu } = await measureCpu(target.child.pid!, name, () =>
        closedLoop({
          url: target.url,
          connections,
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
          next,
          onAnswer: (call, answer) => {
            if (answer.status !== expected && shown++ < 3)
              console.error(`${call.method} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
            // The GETs carry the full 1,000 records (every 20th is checked: parsing them all would load the load generator).
            if (
              call.method === 'GET' &&
              answer.status === 200 &&
              gets++ % 20 === 0 &&
              (JSON.parse(answer.body) as unknown[]).length !== 1_000
            )
              short++;
          },
        }),
      );
      figures[label] = {
        'per s': result.perSecond,
        'p50 ms': result.p50,
        'p95 ms': result.p95,
        'p99 ms': result.p99,
        errors: result.errors,
        'server cores': cpu.serverCores,
        'postgres cores': cpu.postgresCores,
        'load cores': cpu.loadCores,
        'other before': quiet,
      };
    }
    if (short > 0) throw new Error(`${short} GET answers did not hold 1,000 records`);
  } finally {
    await builder?.stop();
    await server.stop();
    await database.drop();
  }
  return figures;
}

if (isMain(import.meta.url)) {
  console.log(`Open311, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s per level (${machine()}; ${serverLabel})`);
  console.table(await run());
}
