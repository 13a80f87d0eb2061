import { and, desc, eq, gte, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { callerFlags, callerMarks, callerSettings } from './callers.schema.ts';

export type SettingsRow = typeof callerSettings.$inferSelect;
export type FlagRow = typeof callerFlags.$inferSelect;
export type MarkInsert = typeof callerMarks.$inferInsert;
export type FlagInsert = typeof callerFlags.$inferInsert;

export async function findSettings(db: Db, cityId: string): Promise<SettingsRow | undefined> {
  const [row] = await db.select().from(callerSettings).where(eq(callerSettings.cityId, cityId));
  return row;
}

/** The first settings of a city (with its hash key); a concurrent first insert wins and is kept. */
export async function insertSettingsIfMissing(db: Db, row: SettingsRow): Promise<void> {
  await db.insert(callerSettings).values(row).onConflictDoNothing();
}

export async function updateSettings(db: Db, cityId: string, patch: Partial<SettingsRow>): Promise<void> {
  await db.update(callerSettings).set(patch).where(eq(callerSettings.cityId, cityId));
}

/** The number's active flag, else its most recently cleared one. */
export async function latestFlag(db: Db, cityId: string, hash: string): Promise<FlagRow | undefined> {
  return (await latestFlags(db, [{ cityId, hash }]))[0];
}

/** latestFlag of several numbers at once (intake's group commit), in their order. */
export async function latestFlags(db: Db, numbers: { cityId: string; hash: string }[]): Promise<(FlagRow | undefined)[]> {
  const rows = await db
    .selectDistinctOn([callerFlags.cityId, callerFlags.phoneHash])
    .from(callerFlags)
    .where(or(...numbers.map((n) => and(eq(callerFlags.cityId, n.cityId), eq(callerFlags.phoneHash, n.hash)))))
    .orderBy(callerFlags.cityId, callerFlags.phoneHash, sql`${callerFlags.clearedAt} IS NULL DESC`, desc(callerFlags.clearedAt));
  const byNumber = new Map(rows.map((row) => [`${row.cityId} ${row.phoneHash}`, row]));
  return numbers.map((n) => byNumber.get(`${n.cityId} ${n.hash}`));
}

export async function countMarks(db: Db, cityId: string, hash: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(callerMarks)
    .where(and(eq(callerMarks.cityId, cityId), eq(callerMarks.phoneHash, hash), gte(callerMarks.markedAt, since)));
  return row?.n ?? 0;
}

/** A unique violation when the case's caller is already marked. */
export async function insertMark(db: Db, row: MarkInsert): Promise<void> {
  await db.insert(callerMarks).values(row);
}

/** A new active flag, or undefined when another request flagged the number first. */
export async function insertFlag(db: Db, row: FlagInsert): Promise<FlagRow | undefined> {
  const [inserted] = await db.insert(callerFlags).values(row).onConflictDoNothing().returning();
  return inserted;
}

/** New counts and one more place of an active flag. */
export async function updateFlag(
  db: Db,
  flag: FlagRow,
  change: { markCount?: number; caseCount?: number; regionPath: string; at: Date },
): Promise<FlagRow> {
  const [row] = await db
    .update(callerFlags)
    .set({
      markCount: sql`greatest(${callerFlags.markCount}, ${change.markCount ?? 0})`,
      caseCount: sql`greatest(${callerFlags.caseCount}, ${change.caseCount ?? 0})`,
      regionPaths: sql`CASE WHEN ${change.regionPath} = ANY(${callerFlags.regionPaths}) THEN ${callerFlags.regionPaths}
        ELSE array_append(${callerFlags.regionPaths}, ${change.regionPath}::text) END`,
      updatedAt: change.at,
    })
    .where(and(eq(callerFlags.cityId, flag.cityId), eq(callerFlags.id, flag.id)))
    .returning();
  return row ?? flag;
}

export async function findFlag(db: Db, cityId: string, id: string): Promise<FlagRow | undefined> {
  const [row] = await db
    .select()
    .from(callerFlags)
    .where(and(eq(callerFlags.cityId, cityId), eq(callerFlags.id, id)));
  return row;
}

/** Flags in a territory (one of their cases lies in it), newest first. */
export async function listFlags(
  db: Db,
  cityId: string,
  filter: { inScope: (path: SQL) => SQL; status: 'active' | 'cleared' | 'all'; hash?: string | undefined; limit: number },
): Promise<FlagRow[]> {
  const conditions = [
    eq(callerFlags.cityId, cityId),
    sql`EXISTS (SELECT 1 FROM unnest(${callerFlags.regionPaths}) AS p(path) WHERE ${filter.inScope(sql`p.path`)})`,
  ];
  if (filter.status === 'active') conditions.push(isNull(callerFlags.clearedAt));
  if (filter.status === 'cleared') conditions.push(isNotNull(callerFlags.clearedAt));
  if (filter.hash) conditions.push(eq(callerFlags.phoneHash, filter.hash));
  return db
    .select()
    .from(callerFlags)
    .where(and(...conditions))
    .orderBy(desc(callerFlags.since), desc(callerFlags.id))
    .limit(filter.limit);
}

/** Clears an active flag; undefined when it was already cleared. */
export async function clearFlag(
  db: Db,
  cityId: string,
  id: string,
  clearing: { clearedBy: string; clearedByName: string; clearedAt: Date; clearReason: string },
): Promise<FlagRow | undefined> {
  const [row] = await db
    .update(callerFlags)
    .set(clearing)
    .where(and(eq(callerFlags.cityId, cityId), eq(callerFlags.id, id), isNull(callerFlags.clearedAt)))
    .returning();
  return row;
}
