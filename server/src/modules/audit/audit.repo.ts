import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { auditHeads, auditLog } from './audit.schema.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export const GENESIS_HASH = '0'.repeat(64);

/** Locks the city's chain head until the surrounding transaction ends. */
export async function lockHead(tx: Db, cityId: string): Promise<{ seq: number; hash: string }> {
  await tx.insert(auditHeads).values({ cityId, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const rows = await tx
    .select({ seq: auditHeads.seq, hash: auditHeads.hash })
    .from(auditHeads)
    .where(eq(auditHeads.cityId, cityId))
    .for('update');
  return rows[0]!;
}

export async function insertEntries(tx: Db, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(auditLog).values(rows);
  const last = rows[rows.length - 1]!;
  await tx.update(auditHeads).set({ seq: last.seq, hash: last.hash }).where(eq(auditHeads.cityId, last.cityId));
}

export function readChunk(db: Db, cityId: string, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.cityId, cityId), gt(auditLog.seq, afterSeq)))
    .orderBy(asc(auditLog.seq))
    .limit(limit);
}

export async function readHead(db: Db, cityId: string): Promise<{ seq: number; hash: string } | undefined> {
  const rows = await db.select({ seq: auditHeads.seq, hash: auditHeads.hash }).from(auditHeads).where(eq(auditHeads.cityId, cityId));
  return rows[0];
}

export function listEntries(
  db: Db,
  cityId: string,
  filter: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number },
): Promise<AuditRow[]> {
  const conditions = [eq(auditLog.cityId, cityId)];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.beforeSeq !== undefined) conditions.push(sql`${auditLog.seq} < ${filter.beforeSeq}`);
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(sql`${auditLog.seq} DESC`)
    .limit(filter.limit);
}
