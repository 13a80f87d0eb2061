// Time from starting the server (what `npm start` runs once the web app is built) to a healthy /healthz:
// on an empty database (migrations and the demo city load) and on one that already holds it, for the
// embedded PGlite and for PostgreSQL. Run: npx tsx bench/startup.bench.ts
import fs from 'node:fs';
import { LIFTED_LIMITS, freshPostgres, isMain, machine, median, startServer, tempDataDir } from './lib.ts';

const RUNS = 3;

export async function run(): Promise<Record<string, number>> {
  const figures: Record<string, number[]> = {
    'pglite empty ms': [],
    'pglite restart ms': [],
    'postgres empty ms': [],
    'postgres restart ms': [],
  };
  for (let i = 0; i < RUNS; i++) {
    const dir = tempDataDir();
    for (const phase of ['empty', 'restart'] as const) {
      const server = await startServer({ ...LIFTED_LIMITS, GONGZHI_DATA_DIR: dir });
      figures[`pglite ${phase} ms`]!.push(server.msToHealthy);
      await server.stop();
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const database = await freshPostgres();
    for (const phase of ['empty', 'restart'] as const) {
      const server = await startServer({ ...LIFTED_LIMITS, DATABASE_URL: database.url });
      figures[`postgres ${phase} ms`]!.push(server.msToHealthy);
      await server.stop();
    }
    await database.drop();
  }
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(median(v))]));
}

if (isMain(import.meta.url)) {
  console.log(`start → healthy /healthz, median of ${RUNS} runs (${machine()})`);
  console.table(await run());
}
