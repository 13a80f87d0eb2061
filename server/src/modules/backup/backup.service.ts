import fs from 'node:fs';
import path from 'node:path';
import { migrationsFolder, type Database, type Db } from '../../db/database.ts';
import { verifyAllChains } from '../audit/index.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  ArchiveWriter,
  BackupError,
  readArchive,
  RowHasher,
  type Header,
  type Manifest,
  type TableEntry,
} from './backup.archive.ts';
import * as repo from './backup.repo.ts';

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  /** Attachments (photos) and their bytes. */
  files: number;
  fileBytes: number;
  /** The archive's size on disk. */
  bytes: number;
  seconds: number;
}

const seconds = (start: number) => Math.round((performance.now() - start) / 10) / 100;

/** The tags of this code's migrations, in order. */
function codeMigrations(): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/**
 * Writes every table but the derived rollups to `file`, from one REPEATABLE READ snapshot, a batch of rows at a time.
 * The photos are rows of `attachments` (bytes in the database), so they are in the same snapshot as the cases naming them.
 */
export async function backupDatabase(database: Database, file: string, now = new Date()): Promise<BackupSummary> {
  const start = performance.now();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const writer = new ArchiveWriter(file);
  try {
    const manifest = await database.db.transaction(
      async (tx) => {
        await repo.portableSession(tx);
        const applied = await repo.appliedMigrations(tx);
        const header: Header = {
          version: ARCHIVE_VERSION,
          createdAt: now.toISOString(),
          engine: database.kind,
          migrations: { count: applied, last: codeMigrations()[applied - 1] ?? '' },
        };
        await writer.marker([ARCHIVE_FORMAT, header]);
        const tables: TableEntry[] = [];
        for (const table of await repo.listTables(tx)) {
          await writer.marker(['table', table.name, table.columns]);
          const hasher = new RowHasher();
          await repo.exportRows(tx, table, table.columns, async (lines) => {
            for (const line of lines) {
              hasher.add(line);
              await writer.line(line);
            }
          });
          const entry = { name: table.name, columns: table.columns, rows: hasher.rows, sha256: hasher.digest() };
          await writer.marker(['end', entry.name, entry.rows, entry.sha256]);
          tables.push(entry);
        }
        const full: Manifest = { ...header, tables, auditHeads: await repo.auditHeads(tx), attachments: await repo.attachmentTotals(tx) };
        await writer.marker(['manifest', full]);
        return full;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const bytes = await writer.finish();
    return {
      file,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
      files: manifest.attachments.files,
      fileBytes: manifest.attachments.bytes,
      bytes,
      seconds: seconds(start),
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Reads the whole archive once, checking every checksum, before anything is written; answers its manifest. */
async function checkArchive(file: string): Promise<Manifest> {
  let manifest: Manifest | undefined;
  const ends: TableEntry[] = [];
  let columns: string[] = [];
  for await (const item of readArchive(file)) {
    if (item.kind === 'header') {
      const known = codeMigrations();
      const { count, last } = item.header.migrations;
      if (count > known.length || known[count - 1] !== last)
        throw new BackupError(
          'archive_newer_schema',
          `the archive comes from a database at migration ${count} (${last}); this program knows ${known.length} (${known.at(-1)}): upgrade it first`,
        );
    } else if (item.kind === 'table') columns = item.columns;
    else if (item.kind === 'end') ends.push({ name: item.name, columns, rows: item.rows, sha256: item.sha256 });
    else if (item.kind === 'manifest') manifest = item.manifest;
  }
  if (!manifest || JSON.stringify(manifest.tables) !== JSON.stringify(ends))
    throw new BackupError('archive_corrupt', 'the manifest does not list the tables the archive holds');
  return manifest;
}

export interface RestoreOptions {
  /** Wipe a database that is not empty. */
  force?: boolean;
  /**
   * Load as a replica (session_replication_role: no foreign-key checks during the load, they are checked after it);
   * default: when the role is allowed to. Either way the user triggers are switched off by name for the load.
   */
  replica?: boolean;
}

export interface RestoreSummary extends BackupSummary {
  wiped: boolean;
  auditEntries: number;
  cities: number;
}

const BATCH_ROWS = 500;
const BATCH_CHARS = 8_000_000;

/**
 * Restores an archive into `database`: checks the archive whole, migrates, then in one transaction loads every table
 * (parents first), rebuilds the rollups and verifies the result against the manifest; any mismatch rolls it all back.
 */
export async function restoreDatabase(database: Database, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const start = performance.now();
  const manifest = await checkArchive(file);
  await database.migrate();
  const { db } = database;
  const targets = new Map((await repo.listTables(db)).map((t) => [t.name, t]));
  for (const entry of manifest.tables) {
    const target = targets.get(entry.name);
    const missing = target ? entry.columns.filter((c) => !target.columns.includes(c)) : [];
    if (!target || missing.length > 0)
      throw new BackupError(
        'archive_schema_mismatch',
        `the archive's table ${entry.name} does not fit this schema (${missing.join(', ') || 'no such table'})`,
      );
  }
  let present = 0;
  for (const name of targets.keys()) present += await repo.countRows(db, name);
  if (present > 0 && !options.force)
    throw new BackupError(
      'target_not_empty',
      `the database is not empty (${present} rows): restore refuses to overwrite it. Run it with --force to WIPE every table first.`,
    );
  const replica = options.replica ?? (await repo.mayActAsReplica(db));
  const auditEntries = await db.transaction(async (tx) => {
    await repo.portableSession(tx);
    // The append-only guards would refuse the wipe; the dashboard's trigger would count every loaded case only for the
    // rebuild below to drop it: all are off for the load (their state is part of this transaction), back on after it.
    const triggers = await repo.userTriggers(tx);
    if (replica) await repo.actAsReplica(tx);
    for (const trigger of triggers) await repo.switchTrigger(tx, trigger, false);
    if (present > 0) await repo.truncateAll(tx, await repo.allTableNames(tx));
    await load(tx, file, targets);
    await repo.resetSequences(tx);
    for (const trigger of triggers) await repo.switchTrigger(tx, trigger, true);
    // The rollups are derived: every case counted again, as the trigger would have counted it.
    await repo.rebuildDashboard(tx);
    return verify(tx, manifest, targets);
  });
  return {
    file,
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
    files: manifest.attachments.files,
    fileBytes: manifest.attachments.bytes,
    bytes: fs.statSync(file).size,
    seconds: seconds(start),
    wiped: present > 0,
    auditEntries,
    cities: manifest.auditHeads.length,
  };
}

/** The archive's rows into their tables, a batch at a time (the archive is checked again as it is read). */
async function load(tx: Db, file: string, targets: Map<string, repo.TableInfo>): Promise<void> {
  let table = '';
  let columns: string[] = [];
  let batch: string[] = [];
  let chars = 0;
  const flush = async () => {
    await repo.insertRows(tx, table, columns, batch);
    batch = [];
    chars = 0;
  };
  for await (const item of readArchive(file)) {
    if (item.kind === 'table') {
      if (!targets.has(item.name)) throw new BackupError('archive_schema_mismatch', `no table ${item.name}`);
      ({ name: table, columns } = item);
    } else if (item.kind === 'row') {
      batch.push(item.line);
      chars += item.line.length;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
    } else if (item.kind === 'end') await flush();
  }
}

/** The loaded database against the manifest: rows and checksums, audit chains and heads, photos, references. */
async function verify(tx: Db, manifest: Manifest, targets: Map<string, repo.TableInfo>): Promise<number> {
  const problems: string[] = [];
  for (const entry of manifest.tables) {
    const hasher = new RowHasher();
    await repo.exportRows(tx, targets.get(entry.name)!, entry.columns, async (lines) => lines.forEach((l) => hasher.add(l)));
    const sha256 = hasher.digest();
    if (hasher.rows !== entry.rows || sha256 !== entry.sha256)
      problems.push(
        `table ${entry.name}: ${hasher.rows} rows (checksum ${sha256.slice(0, 12)}), the archive has ${entry.rows} (${entry.sha256.slice(0, 12)})`,
      );
  }
  let auditEntries = 0;
  for (const report of await verifyAllChains(tx)) {
    auditEntries += report.checked;
    if (!report.ok)
      problems.push(`city ${report.cityId}: audit chain broken at entry ${report.firstBroken!.seq} (${report.firstBroken!.reason})`);
  }
  if (JSON.stringify(await repo.auditHeads(tx)) !== JSON.stringify(manifest.auditHeads))
    problems.push('the audit chain heads differ from the manifest');
  const damaged = await repo.damagedAttachments(tx);
  if (damaged.length > 0) problems.push(`${damaged.length} photos do not match their size and SHA-256 (${damaged.slice(0, 3).join(', ')})`);
  if (JSON.stringify(await repo.attachmentTotals(tx)) !== JSON.stringify(manifest.attachments))
    problems.push('the photos differ in number or bytes from the manifest');
  for (const d of await repo.danglingReferences(tx)) problems.push(`${d.n} rows break the reference ${d.constraint}`);
  if (problems.length > 0)
    throw new BackupError(
      'restore_verification_failed',
      `the restored database does not match the archive; nothing was restored:\n  ${problems.join('\n  ')}`,
      1,
    );
  return auditEntries;
}
