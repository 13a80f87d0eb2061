// `gongzhi backup` and `gongzhi restore` on the demo city (as `npm start` loads it): the archive's size and the
// time each command takes (a whole process: start, migrations, work), PGlite → archive → PGlite and → PostgreSQL.
// Run: npm run bench -- backup
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freshPostgres, isMain, machine, serverDir, startServer, tempDataDir } from './lib.ts';

const bin = path.join(serverDir, 'server/bin/gongzhi.mjs');

function timed(args: string[], env: Record<string, string>): { seconds: number; output: string } {
  const start = performance.now();
  const output = execFileSync(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { seconds: Math.round((performance.now() - start) / 100) / 10, output: output.trim() };
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
    const rows = /(\d+) rows/.exec(backup.output)?.[1] ?? '?';
    const toPglite = timed(['restore', '--input', archive], { GONGZHI_DATA_DIR: target });
    const toPostgres = timed(['restore', '--input', archive], { DATABASE_URL: postgres.url });
    const fromPostgres = timed(['backup', '--output', `${archive}.pg`], { DATABASE_URL: postgres.url });
    return {
      'demo city rows': Number(rows),
      'archive MiB': Math.round(fs.statSync(archive).size / 104_857.6) / 10,
      'backup PGlite s': backup.seconds,
      'restore → PGlite s': toPglite.seconds,
      'restore → PostgreSQL s': toPostgres.seconds,
      'backup PostgreSQL s': fromPostgres.seconds,
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
