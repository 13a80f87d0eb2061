import { and, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import { scopeCondition, type Scope } from '../../lib/policy.ts';
import { cases } from '../cases/index.ts';
import type { CaseFact } from './hotspots.rules.ts';
import { hotspots } from './hotspots.schema.ts';

// All SQL of the hotspots module.

export type HotspotRow = typeof hotspots.$inferSelect;
export type HotspotInsert = typeof hotspots.$inferInsert;

/** The cases detection reads: received since `since`, except those opened from a hotspot (they would feed themselves). */
export async function caseFacts(db: Db, cityId: string, since: Date): Promise<CaseFact[]> {
  return db
    .select({
      id: cases.id,
      receivedAt: cases.receivedAt,
      regionPath: cases.regionPath,
      categoryCode: cases.categoryCode,
      text: cases.text,
      address: cases.address,
      lng: cases.lng,
      lat: cases.lat,
      reporterPhone: cases.reporterPhone,
    })
    .from(cases)
    .where(and(eq(cases.cityId, cityId), gte(cases.receivedAt, since), sql`${cases.channel} <> 'proactive'`));
}

/** When the city's first case came in (null without cases): whether a year of history exists. */
export async function historyStart(db: Db, cityId: string): Promise<Date | null> {
  const [row] = await queryRows<{ first: string | Date | null }>(
    db,
    sql`SELECT min(received_at) AS first FROM cases WHERE city_id = ${cityId}`,
  );
  return row?.first ? new Date(row.first) : null;
}

/** One detection run per city at a time, across processes: false when another holds it (until its transaction ends). */
export async function tryDetectionLock(tx: Db, cityId: string): Promise<boolean> {
  const [row] = await queryRows<{ locked: boolean }>(
    tx,
    sql`SELECT pg_try_advisory_xact_lock(hashtext(${`hotspots:${cityId}`})) AS locked`,
  );
  return row!.locked;
}

/** Hotspots whose window ends after `since`: those a run may continue. */
export async function recentHotspots(db: Db, cityId: string, since: Date): Promise<HotspotRow[]> {
  return db
    .select()
    .from(hotspots)
    .where(and(eq(hotspots.cityId, cityId), gte(hotspots.windowEnd, since)));
}

export async function insertHotspots(db: Db, rows: HotspotInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(hotspots).values(rows);
}

export async function updateHotspot(db: Db, cityId: string, id: string, patch: Partial<HotspotInsert>): Promise<void> {
  await db
    .update(hotspots)
    .set(patch)
    .where(and(eq(hotspots.cityId, cityId), eq(hotspots.id, id)));
}

export async function findHotspot(db: Db, cityId: string, id: string, lock = false): Promise<HotspotRow | undefined> {
  const query = db
    .select()
    .from(hotspots)
    .where(and(eq(hotspots.cityId, cityId), eq(hotspots.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export interface ListFilter {
  kind?: string;
  status?: string;
  region?: string;
  category?: string;
  limit: number;
}

export type HotspotListRow = HotspotRow & { regionName: string | null; categoryName: string | null };

/** Hotspots inside the scope's territories, highest score first, with their region's and category's names. */
export async function listHotspots(db: Db, cityId: string, scope: Scope, filter: ListFilter): Promise<HotspotListRow[]> {
  const where: SQL[] = [sql`h.city_id = ${cityId}`, scopeCondition(scope, sql`h.region_path`)];
  if (filter.kind) where.push(sql`h.kind = ${filter.kind}`);
  if (filter.status) where.push(sql`h.status = ${filter.status}`);
  if (filter.region) where.push(sql`h.region_path LIKE ${`${filter.region.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (filter.category) where.push(sql`h.category_code = ${filter.category}`);
  return withNames(db, sql.join(where, sql` AND `), filter.limit);
}

export async function namedHotspot(db: Db, cityId: string, id: string): Promise<HotspotListRow | undefined> {
  const [row] = await withNames(db, sql`h.city_id = ${cityId} AND h.id = ${id}`, 1);
  return row;
}

async function withNames(db: Db, where: SQL, limit: number): Promise<HotspotListRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
    SELECT h.*, r.name AS region_name, c.name AS category_name
    FROM hotspots h
    LEFT JOIN regions r ON r.city_id = h.city_id AND r.path = h.region_path
    LEFT JOIN categories c ON c.city_id = h.city_id AND c.code = h.category_code
    WHERE ${where}
    ORDER BY h.score DESC, h.id
    LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    cityId: r.city_id as string,
    id: r.id as string,
    kind: r.kind as HotspotRow['kind'],
    key: r.key as string,
    regionPath: r.region_path as string,
    categoryCode: r.category_code as string | null,
    windowStart: new Date(r.window_start as string),
    windowEnd: new Date(r.window_end as string),
    score: Number(r.score),
    observed: Number(r.observed),
    expected: r.expected === null ? null : Number(r.expected),
    figures: (typeof r.figures === 'string' ? JSON.parse(r.figures) : r.figures) as Record<string, unknown>,
    caseIds: parseUuidArray(r.case_ids),
    status: r.status as HotspotRow['status'],
    convertedCaseId: r.converted_case_id as string | null,
    convertedWhistleId: r.converted_whistle_id as string | null,
    actedBy: r.acted_by as string | null,
    actedAt: r.acted_at ? new Date(r.acted_at as string) : null,
    note: r.note as string | null,
    firstSeenAt: new Date(r.first_seen_at as string),
    lastSeenAt: new Date(r.last_seen_at as string),
    regionName: r.region_name as string | null,
    categoryName: r.category_name as string | null,
  }));
}

// A uuid[] reads back as an array (node-postgres) or as its text form '{a,b}' (raw queries on some engines).
function parseUuidArray(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === 'string')
    return value
      .replace(/^\{|\}$/g, '')
      .split(',')
      .filter(Boolean);
  return [];
}

/** The cases behind a hotspot, newest first. */
export async function casesByIds(db: Db, cityId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(cases)
    .where(and(eq(cases.cityId, cityId), inArray(cases.id, [...ids])))
    .orderBy(desc(cases.receivedAt));
}
