// The archive: one gzip stream of JSON lines. A line that is an array is a marker, a line that is an object is a
// row of the table last opened:
//   ["gongzhi-backup", header]                       format version, migration level, engine, created at
//   ["table", name, columns]  {row}…  ["end", name, rows, sha256 of the row lines]   per table, in load order
//   ["manifest", manifest]                           row counts, checksums, audit chain heads, attachments
//   ["archive-sha256", hex]                          over every line before it: a cut or edited archive is refused
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';

export const ARCHIVE_FORMAT = 'gongzhi-backup';
export const ARCHIVE_VERSION = 1;

export interface Header {
  version: number;
  createdAt: string;
  engine: string;
  /** The migrations applied to the database backed up: how many, and the last one's tag. */
  migrations: { count: number; last: string };
}

export interface TableEntry {
  name: string;
  columns: string[];
  rows: number;
  sha256: string;
}

export interface Manifest extends Header {
  tables: TableEntry[];
  auditHeads: { cityId: string; seq: number; hash: string }[];
  attachments: { files: number; bytes: number };
}

/**
 * Why a backup or restore stopped, with a stable code. Exit code 2 (the default): the archive cannot be restored (cut,
 * edited, another format, a newer schema) or the target refuses it; 1: the restored database did not verify.
 */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** Hashes a table's row lines as written: each line and its newline. */
export class RowHasher {
  private readonly hash: Hash = createHash('sha256');
  rows = 0;
  add(line: string): void {
    this.hash.update(line).update('\n');
    this.rows += 1;
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Writes the archive to `file` through a temporary name, renamed when complete: no half-written archive is left. */
export class ArchiveWriter {
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly out: fs.WriteStream;
  private readonly whole = createHash('sha256');
  private readonly temp: string;

  constructor(private readonly file: string) {
    this.temp = `${file}.partial`;
    this.out = fs.createWriteStream(this.temp);
    this.gzip.pipe(this.out);
  }

  async line(text: string): Promise<void> {
    this.whole.update(text).update('\n');
    if (!this.gzip.write(`${text}\n`)) await once(this.gzip, 'drain');
  }

  marker(value: unknown[]): Promise<void> {
    return this.line(JSON.stringify(value));
  }

  async finish(): Promise<number> {
    const digest = this.whole.digest('hex');
    this.gzip.end(`${JSON.stringify(['archive-sha256', digest])}\n`);
    await once(this.out, 'close');
    fs.renameSync(this.temp, this.file);
    return fs.statSync(this.file).size;
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    this.out.destroy();
    fs.rmSync(this.temp, { force: true });
  }
}

/** The lines of an archive, decompressed; a gzip error (cut or damaged file) becomes a BackupError. */
async function* lines(file: string): AsyncGenerator<string> {
  if (!fs.existsSync(file)) throw new BackupError('archive_not_found', `no archive at ${file}`);
  const gunzip = fs.createReadStream(file).pipe(zlib.createGunzip());
  let rest = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let buffer = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nl = buffer.indexOf(10, start); nl >= 0; nl = buffer.indexOf(10, start)) {
        yield buffer.toString('utf8', start, nl);
        start = nl + 1;
      }
      buffer = buffer.subarray(start);
      rest = Buffer.from(buffer);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError('archive_corrupt', `the archive cannot be read (${(error as Error).message}): cut short or damaged`);
  }
  if (rest.length > 0) throw new BackupError('archive_truncated', 'the archive ends in the middle of a line: cut short');
}

export type ArchiveItem =
  | { kind: 'header'; header: Header }
  | { kind: 'table'; name: string; columns: string[] }
  | { kind: 'row'; line: string }
  | { kind: 'end'; name: string; rows: number; sha256: string }
  | { kind: 'manifest'; manifest: Manifest };

const corrupt = (message: string) => new BackupError('archive_corrupt', message);

/**
 * Reads an archive line by line, checking its structure, every table's row count and checksum against its end
 * marker, and the whole archive's checksum at the end. Throws a BackupError at the first problem.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveItem> {
  const whole = createHash('sha256');
  let table: { name: string; hasher: RowHasher } | undefined;
  let first = true;
  let manifest: Manifest | undefined;
  let sealed = false;
  for await (const text of lines(file)) {
    if (sealed) throw corrupt('lines after the archive checksum');
    if (text.startsWith('{')) {
      if (!table) throw corrupt('a row outside any table');
      table.hasher.add(text);
      whole.update(text).update('\n');
      yield { kind: 'row', line: text };
      continue;
    }
    let marker: unknown;
    try {
      marker = JSON.parse(text);
    } catch {
      throw corrupt('a line is not JSON');
    }
    if (!Array.isArray(marker)) throw corrupt('an unknown line');
    const [kind, a, b, c] = marker as [string, unknown, unknown, unknown];
    if (first) {
      if (kind !== ARCHIVE_FORMAT) throw new BackupError('archive_format', 'not a Gongzhi backup archive');
      const header = a as Header;
      if (header?.version !== ARCHIVE_VERSION)
        throw new BackupError(
          'archive_version',
          `archive format version ${String(header?.version)}; this program reads version ${ARCHIVE_VERSION}`,
        );
      first = false;
      whole.update(text).update('\n');
      yield { kind: 'header', header };
      continue;
    }
    if (kind === 'archive-sha256') {
      if (a !== whole.digest('hex')) throw corrupt('the archive checksum does not match its content: edited or damaged');
      if (!manifest) throw corrupt('the archive has no manifest');
      sealed = true;
      continue;
    }
    whole.update(text).update('\n');
    if (kind === 'table') {
      if (table) throw corrupt(`table ${table.name} is not closed`);
      table = { name: String(a), hasher: new RowHasher() };
      yield { kind: 'table', name: table.name, columns: b as string[] };
    } else if (kind === 'end') {
      if (!table || table.name !== a) throw corrupt('an end marker without its table');
      const sha256 = table.hasher.digest();
      if (b !== table.hasher.rows) throw corrupt(`table ${table.name}: ${table.hasher.rows} rows, the archive says ${String(b)}`);
      if (c !== sha256) throw corrupt(`table ${table.name}: the rows do not match their checksum (edited or damaged)`);
      yield { kind: 'end', name: table.name, rows: table.hasher.rows, sha256 };
      table = undefined;
    } else if (kind === 'manifest') {
      manifest = a as Manifest;
      yield { kind: 'manifest', manifest };
    } else throw corrupt(`an unknown marker ${String(kind)}`);
  }
  if (first) throw new BackupError('archive_format', 'the archive is empty');
  if (!sealed) throw new BackupError('archive_truncated', 'the archive has no final checksum: cut short');
}
