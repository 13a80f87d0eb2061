// `gongzhi backup` and `gongzhi restore` on the demo city (as `npm start` loads it): the archive's size and the
// time each command takes (a whole process: start, migrations, work), PGlite → archive → PGlite and → PostgreSQL;
// then the demo city with BENCH_BACKUP_CASES (100,000) generated cases more, PostgreSQL → archive → PostgreSQL.
// Run: npm run bench -- backup
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateCases } from './case-generator.ts';
import { freshPostgres, isMain, machine, serverDir, startServer, tempDataDir } from './lib.ts';

const bin = path.join(serverDir, 'server/bin/gongzhi.mjs');

function timed(args: string[], env: Record<string, string>): { seconds: number; output: string } {
  const start = performance.now();
  const output = execFileSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { seconds: Math.round((performance.now() - start) / 100) / 10, output: output.trim() };
}

const LARGE = Number(process.env.BENCH_BACKUP_CASES ?? 100_000);

const rowsOf = (output: string) => Number(/(\d+) rows/.exec(output)?.[1] ?? NaN);
const mibOf = (file: string) => Math.round(fs.statSync(file).size / 104_857.6) / 10;

async function large(archive: string): Promise<Record<string, string | number>> {
  const [source, target] = [await freshPostgres(), await freshPostgres()];
  try {
    const server = await startServer({ DATABASE_URL: source.url });
    await server.stop();
    await generateCases(source.url, { count: LARGE, windowDays: 365, codePrefix: 'B' });
    const backup = timed(['backup', '--output', archive], { DATABASE_URL: source.url });
    const restore = timed(['restore', '--input', archive], { DATABASE_URL: target.url });
    return {
      [`+${LARGE} cases: rows`]: rowsOf(backup.output),
      [`+${LARGE} cases: archive MiB`]: mibOf(archive),
      [`+${LARGE} cases: backup PostgreSQL s`]: backup.seconds,
      [`+${LARGE} cases: restore → PostgreSQL s`]: restore.seconds,
    };
  } finally {
    await source.drop();
    await target.drop();
  }
}

export async function run(): Promise<Record<string, string | number>> {
  const source = tempDataDir();
  const server = await startServer({ GONGZHI_DATA_DIR: source });
  await server.stop();
  const archive = path.join(tempDataDir(), 'demo.jsonl.gz');
  const target = tempDataDir();
  const postgres = await freshPostgres();
  try {
    const backup = timed(['backup', '--output', archive], { GONGZHI_DATA_DIR: source });
    const toPglite = timed(['restore', '--input', archive], { GONGZHI_DATA_DIR: target });
    const toPostgres = timed(['restore', '--input', archive], { DATABASE_URL: postgres.url });
    const fromPostgres = timed(['backup', '--output', `${archive}.pg`], { DATABASE_URL: postgres.url });
    return {
      'demo city rows': rowsOf(backup.output),
      'archive MiB': mibOf(archive),
      'backup PGlite s': backup.seconds,
      'restore → PGlite s': toPglite.seconds,
      'restore → PostgreSQL s': toPostgres.seconds,
      'backup PostgreSQL s': fromPostgres.seconds,
      ...(LARGE > 0 ? await large(`${archive}.large`) : {}),
    };
  } finally {
    await postgres.drop();
    for (const dir of [source, target, path.dirname(archive)]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  console.log(`backup and restore of the demo city (${machine()})`);
  console.table(await run());
}
