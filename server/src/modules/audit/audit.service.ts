import type { Db } from '../../db/database.ts';
import { cities } from '../org/org.schema.ts';
import * as repo from './audit.repo.ts';
import { entryHash } from './audit.rules.ts';

export interface AuditEntry {
  cityId: string;
  actorId: string | null;
  /** Verb-first, dotted: `account.create`, `account.view_personal`, `auth.login_failed`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  detail?: Record<string, unknown>;
}

/** Appends entries to the city's chain inside the caller's transaction (so the change and its audit commit together). */
export async function appendAudit(tx: Db, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const cityId = list[0]!.cityId;
  if (list.some((e) => e.cityId !== cityId)) throw new Error('appendAudit: one city per call');
  const head = await repo.lockHead(tx, cityId);
  let { seq, hash } = head;
  // Millisecond precision: the stored timestamptz reads back exactly, so the hash verifies.
  const at = new Date();
  const rows = list.map((e) => {
    seq += 1;
    const fields = {
      cityId,
      seq,
      at,
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      detail: e.detail ?? {},
      prevHash: hash,
    };
    hash = entryHash(fields);
    return { ...fields, hash };
  });
  await repo.insertEntries(tx, rows);
}

export interface ChainReport {
  cityId: string;
  checked: number;
  ok: boolean;
  firstBroken?: { seq: number; reason: string };
}

/** Walks a city's chain from the start and reports the first entry whose link does not hold. */
export async function verifyAuditChain(db: Db, cityId: string): Promise<ChainReport> {
  let prevHash = repo.GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const chunk = await repo.readChunk(db, cityId, expectedSeq - 1, 5_000);
    for (const row of chunk) {
      const broken = (reason: string): ChainReport => ({ cityId, checked, ok: false, firstBroken: { seq: row.seq, reason } });
      if (row.seq !== expectedSeq) return { cityId, checked, ok: false, firstBroken: { seq: expectedSeq, reason: 'entry missing' } };
      if (row.prevHash !== prevHash) return broken('previous-hash link does not match');
      if (entryHash(row) !== row.hash) return broken('entry content does not match its hash');
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (chunk.length < 5_000) break;
  }
  const head = await repo.readHead(db, cityId);
  if (head && head.seq !== checked) {
    return { cityId, checked, ok: false, firstBroken: { seq: checked + 1, reason: 'entries missing at the end of the chain' } };
  }
  return { cityId, checked, ok: true };
}

/** Verifies the chain of every city of the deployment. */
export async function verifyAllChains(db: Db): Promise<ChainReport[]> {
  const all = await db.select({ id: cities.id }).from(cities);
  const reports: ChainReport[] = [];
  for (const city of all) reports.push(await verifyAuditChain(db, city.id));
  return reports;
}

export const listAuditEntries = repo.listEntries;
