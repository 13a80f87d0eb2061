// `gongzhi backup` and `gongzhi restore`: the database to one archive file and back, on either engine.
// Writes to the streams it is given; returns the exit code (2: a bad archive or a refused target).
import path from 'node:path';
import type { Database } from '../../db/database.ts';
import { BackupError } from './backup.archive.ts';
import { backupDatabase, restoreDatabase, type BackupSummary } from './backup.service.ts';

export const backupUsage = `  gongzhi backup [--output FILE]
                          every case, event, photo and audit entry to one archive (default ./backups/gongzhi-<time>.jsonl.gz)
  gongzhi restore --input FILE [--force]
                          into an empty database, verified against the archive; --force wipes a database that is not empty`;

export interface BackupIo {
  out(text: string): void;
  err(text: string): void;
  /** Opens the configured database (the embedded one must not be held by a running server). */
  open(): Promise<Database>;
  now?: () => Date;
}

function parseArgs(args: readonly string[], valued: readonly string[], switches: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!.startsWith('--') ? args[i]!.slice(2) : '';
    if (switches.includes(name)) flags.set(name, 'yes');
    else if (valued.includes(name) && args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) flags.set(name, args[++i]!);
    else throw new BackupError('usage', `unknown or incomplete argument ${args[i]}\n\n${backupUsage}`);
  }
  return flags;
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;

const summaryLine = (s: BackupSummary) =>
  `${s.tables} tables, ${s.rows} rows, ${s.files} photos (${mib(s.fileBytes)}), archive ${mib(s.bytes)}, ${s.seconds} s`;

export async function runBackupCommand(command: 'backup' | 'restore', args: readonly string[], io: BackupIo): Promise<number> {
  try {
    if (command === 'backup') {
      const flags = parseArgs(args, ['output'], []);
      const now = io.now?.() ?? new Date();
      const file = flags.get('output') ?? path.join('backups', `gongzhi-${now.toISOString().replace(/[:.]/g, '-')}.jsonl.gz`);
      const database = await io.open();
      try {
        await database.migrate();
        const s = await backupDatabase(database, file, now);
        io.out(`backup written to ${s.file} (${database.kind}): ${summaryLine(s)}\n`);
      } finally {
        await database.close();
      }
      return 0;
    }
    const flags = parseArgs(args, ['input'], ['force']);
    const input = flags.get('input');
    if (!input) throw new BackupError('usage', `--input FILE is required\n\n${backupUsage}`);
    const database = await io.open();
    try {
      const s = await restoreDatabase(database, input, { force: flags.has('force') });
      if (s.wiped) io.out('the database was not empty: --force wiped it before the restore\n');
      io.out(`restored ${s.file} into ${database.kind}: ${summaryLine(s)}\n`);
      io.out(`verified: row counts and checksums, ${s.auditEntries} audit entries in ${s.cities} chains, every photo's size and SHA-256\n`);
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.err(`gongzhi ${command}: ${error.message} [${error.code}]\n`);
    return error.exitCode;
  }
}
