// Backup: the whole database (every table but the dashboard's derived rollups, photos included: they are rows) to one
// gzip archive of JSON lines with a manifest, and back into either engine, verified (checksums, audit chains, photos).
// Tables owned: none (reads the catalogue; restore writes every table). Routes: none. CLI: backup.cli
// (`gongzhi backup`, `gongzhi restore`). Emits no events.
export { backupUsage, runBackupCommand } from './backup.cli.ts';
export { backupDatabase, restoreDatabase } from './backup.service.ts';
export type { BackupSummary, RestoreOptions, RestoreSummary } from './backup.service.ts';
export { BackupError } from './backup.archive.ts';
