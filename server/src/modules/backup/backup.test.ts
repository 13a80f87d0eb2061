// Backup and restore of the demo city (with photos added through the API), PGlite → archive → PGlite and, on the
// server-pg project, PGlite → PostgreSQL → PGlite; damaged archives and occupied targets refused.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, CaseView } from '@gongzhi/contracts';
import { createContext } from '../../context.ts';
import { openDatabase, queryRows, type Database } from '../../db/database.ts';
import { buildApp } from '../../http/app.ts';
import { engine, loginAs, testConfig } from '../../../test/harness.ts';
import { loadDemoCity } from '../demo/index.ts';
import { BackupError, backupDatabase, restoreDatabase } from './index.ts';

const password = 'demo-password-for-tests';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-backup-'));
const archive = path.join(dir, 'demo.jsonl.gz');

let source: Database;
const opened: Database[] = [];
let photo: Buffer;
/** What the source answered: the case list, one case with its photo (and its timeline), the photo's bytes. */
let before: { list: unknown; theCase: CaseView; photo: Buffer };

async function serve(database: Database): Promise<FastifyInstance> {
  const app = await buildApp(createContext(database, testConfig), { logger: false });
  await app.ready();
  return app;
}

async function answers(app: FastifyInstance, caseId: string) {
  const operator = await loginAs(app, 'operator', '411600', password);
  const list = (await operator.get('/api/cases?view=all&limit=50')).json<CaseList>();
  const theCase = (await operator.get(`/api/cases/${caseId}`)).json<CaseView>();
  const bytes = (await operator.get(`/api/cases/${caseId}/photos/${theCase.photos[0]}`)).rawPayload;
  await app.close();
  return { list, theCase, photo: bytes };
}

async function memory(): Promise<Database> {
  const database = await openDatabase({ memory: true });
  opened.push(database);
  return database;
}

/** Equal, table by table (a failure names the table). */
function sameContent(actual: Record<string, unknown[]>, want: Record<string, unknown[]>): void {
  for (const [table, rows] of Object.entries(want)) expect(actual[table], table).toEqual(rows);
}

/** The rows that matter, read independently of the backup code: every case, event, photo and audit link. */
async function content(database: Database) {
  // As JSON: the two drivers hand back equal values in different object types.
  const read = async (query: ReturnType<typeof sql>) => JSON.parse(JSON.stringify(await queryRows(database.db, query))) as unknown[];
  return {
    cases: await read(sql`SELECT * FROM cases ORDER BY city_id, id`),
    events: await read(sql`SELECT * FROM case_events ORDER BY city_id, case_id, seq`),
    whistleEvents: await read(sql`SELECT * FROM whistle_events ORDER BY 1, 2, 3`),
    photos: await read(
      sql`SELECT city_id, id, case_id, size, sha256, encode(sha256(content), 'hex') AS actual FROM attachments ORDER BY city_id, id`,
    ),
    audit: await read(sql`SELECT city_id, seq::int, prev_hash, hash FROM audit_log ORDER BY city_id, seq`),
    heads: await read(sql`SELECT city_id, seq::int, hash FROM audit_heads ORDER BY city_id`),
    // Folded or pending, the open cases the command centre counts.
    dashboard: await read(
      sql`SELECT scope, status, phase, sum(n)::int AS n FROM (SELECT * FROM dash_open UNION ALL SELECT * FROM dash_open_pending) o GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3`,
    ),
  };
}

let expected: Awaited<ReturnType<typeof content>>;

beforeAll(async () => {
  source = await memory();
  await source.migrate();
  const app = await serve(source);
  await loadDemoCity(createContext(source, testConfig), password);
  const operator = await loginAs(app, 'operator', '411600', password);
  const [sample] = (await operator.get('/api/cases?view=all&limit=1')).json<CaseList>().items;
  const categoryCode = sample!.category?.code;
  photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(30_000)]);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const uploaded = await operator.request('POST', '/api/photos', i === 0 ? photo : Buffer.concat([photo, Buffer.from([i])]), {
      'content-type': 'image/jpeg',
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    ids.push(uploaded.json<{ id: string }>().id);
  }
  const created = await operator.post('/api/cases', {
    text: '路灯杆倾斜，有照片为证，请尽快处理',
    categoryCode,
    location: { lng: 114.65, lat: 33.62 },
    address: '八一路 12 号',
    reporter: { name: '李明', phone: '13800001111' },
    photos: ids,
  });
  expect(created.statusCode, created.body).toBe(201);
  const caseId = created.json<{ case: { id: string } }>().case.id;
  await app.close();
  before = await answers(await serve(source), caseId);
  expected = await content(source);
  const summary = await backupDatabase(source, archive);
  expect(summary.files).toBe(3);
}, 240_000);

afterAll(async () => {
  for (const database of opened) await database.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Restores the archive and checks the restored database row for row and through the API. */
async function restoredMatches(target: Database, file = archive, want = expected): Promise<void> {
  const summary = await restoreDatabase(target, file);
  expect(summary).toMatchObject({ files: 3, cities: 1, wiped: false });
  expect(summary.rows).toBeGreaterThan(60_000);
  const actual = await content(target);
  expect(actual.cases.length).toBeGreaterThan(3_000);
  expect(actual.photos.every((p) => (p as { sha256: string; actual: string }).sha256 === (p as { actual: string }).actual)).toBe(true);
  sameContent(actual, want);
  const after = await answers(await serve(target), before.theCase.id);
  expect(after.list).toEqual(before.list);
  expect(after.theCase).toEqual(before.theCase);
  expect(after.theCase.photos).toHaveLength(3);
  expect(after.photo.equals(photo)).toBe(true);
}

/** The archive rewritten line by line (decompressed, edited, compressed again). */
function rewritten(name: string, edit: (lines: string[]) => string[]): string {
  const lines = zlib.gunzipSync(fs.readFileSync(archive)).toString('utf8').split('\n');
  const file = path.join(dir, name);
  fs.writeFileSync(file, zlib.gzipSync(edit(lines).join('\n')));
  return file;
}

async function refused(file: string, code: string, target?: Database): Promise<void> {
  const database = target ?? (await memory());
  const error = await restoreDatabase(database, file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  expect([(error as BackupError).code, (error as BackupError).exitCode]).toEqual([code, 2]);
  if (!target) {
    // Nothing was written: the archive is checked whole before the database is touched.
    const tables = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables[0]!.n).toBe(0);
  }
}

describe.runIf(engine() === 'pglite')('backup and restore on PGlite', () => {
  it('restores every case, event, photo and audit link into a fresh database, which answers the API as before', async () => {
    await restoredMatches(await memory());
  }, 180_000);

  it('loads with the foreign keys checked when the role may not act as a replica; triggers back on after the load', async () => {
    const target = await memory();
    const modes = async (database: Database) =>
      (
        await queryRows<{ tgname: string; tgenabled: string }>(
          database.db,
          sql`SELECT tgname, tgenabled FROM pg_trigger WHERE tgname LIKE '%no_update_or_delete' OR tgname LIKE 'cases_dash_%' ORDER BY 1`,
        )
      ).map((m) => `${m.tgname}:${m.tgenabled}`);
    await restoreDatabase(target, archive, { replica: false });
    sameContent(await content(target), expected);
    // Back on after the load, each in its mode: the append-only guards, the dashboard's always.
    const before = await modes(source);
    expect(await modes(target)).toEqual(before);
    expect(before).toEqual(expect.arrayContaining(['audit_log_no_update_or_delete:O', 'cases_dash_insert:A']));
  }, 180_000);

  it('refuses an archive with one row edited, a cut archive, another format version and a newer schema', async () => {
    await refused(
      rewritten('edited.jsonl.gz', (lines) => lines.map((l) => (l.includes('路灯杆倾斜') ? l.replace('路灯杆倾斜', '路灯杆正常') : l))),
      'archive_corrupt',
    );
    const whole = fs.readFileSync(archive);
    const cut = path.join(dir, 'cut.jsonl.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    await refused(cut, 'archive_corrupt');
    const header = (lines: string[], change: (h: Record<string, unknown>) => void) => {
      const [format, h] = JSON.parse(lines[0]!) as [string, Record<string, unknown>];
      change(h);
      return [JSON.stringify([format, h]), ...lines.slice(1)];
    };
    await refused(
      rewritten('v9.jsonl.gz', (lines) => header(lines, (h) => (h.version = 9))),
      'archive_version',
    );
    await refused(
      rewritten('newer.jsonl.gz', (lines) => header(lines, (h) => (h.migrations = { count: 999, last: '0999_future' }))),
      'archive_newer_schema',
    );
  }, 120_000);

  it('refuses a database that is not empty, and with --force wipes it and restores', async () => {
    await refused(archive, 'target_not_empty', source);
    const target = await memory();
    await target.migrate();
    await target.db.execute(
      sql`INSERT INTO cities (id, code, slug, name, name_en) VALUES (gen_random_uuid(), '990000', 'other', '他市', 'Other')`,
    );
    await refused(archive, 'target_not_empty', target);
    expect((await restoreDatabase(target, archive, { force: true })).wiped).toBe(true);
    sameContent(await content(target), expected);
  }, 180_000);

  it('runs as `gongzhi backup` and `gongzhi restore` with a summary, exit 2 for a cut archive', async () => {
    const run = promisify(execFile);
    const bin = path.resolve(import.meta.dirname, '../../../bin/gongzhi.mjs');
    const gongzhi = async (args: string[], dataDir: string) => {
      const env = { ...process.env, GONGZHI_DATA_DIR: path.join(dir, dataDir), DATABASE_URL: '' };
      delete (env as Record<string, string | undefined>).DATABASE_URL;
      return run(process.execPath, [bin, ...args], { env, timeout: 120_000 }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    };
    const file = path.join(dir, 'cli.jsonl.gz');
    const backup = await gongzhi(['backup', '--output', file], 'cli-a');
    expect(backup.stdout).toMatch(/backup written to .* \(pglite\): \d+ tables, 0 rows, 0 photos/);
    const restore = await gongzhi(['restore', '--input', file], 'cli-b');
    expect([restore.code, restore.stdout]).toEqual([0, expect.stringMatching(/restored .* into pglite: .*\nverified: /)]);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    const cut = await gongzhi(['restore', '--input', file], 'cli-b');
    expect([cut.code, cut.stderr]).toEqual([2, expect.stringContaining('[archive_')]);
  }, 120_000);
});

describe.runIf(engine() === 'postgres')('backup and restore across the engines', () => {
  const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  const name = `gongzhi_backup_${Date.now()}_${process.pid}`;

  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('restores PGlite’s archive into a fresh PostgreSQL database, and that one’s archive into PGlite', async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const postgres = await openDatabase({ url: url.toString() });
    opened.push(postgres);
    await restoredMatches(postgres);
    const again = path.join(dir, 'from-postgres.jsonl.gz');
    const want = await content(postgres);
    await backupDatabase(postgres, again);
    await restoredMatches(await memory(), again, want);
  }, 240_000);
});
