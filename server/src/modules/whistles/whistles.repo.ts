import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import { notifications } from '../cases/cases.schema.ts';
import { whistleAttendance, whistleEvents, whistles, whistleSettings } from './whistles.schema.ts';

// All SQL of the whistles module.

export type WhistleRow = typeof whistles.$inferSelect;
export type WhistleInsert = typeof whistles.$inferInsert;
export type AttendanceRow = typeof whistleAttendance.$inferSelect;
export type WhistleEventRow = typeof whistleEvents.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

export interface NewWhistleEvent {
  type: string;
  at: Date;
  actorAccountId: string | null;
  actorName: string | null;
  actorUnitId: string | null;
  actorUnitName: string | null;
  data: Record<string, unknown>;
}

/** A new whistle, one attendance row per summoned unit, its first event and the units' notices. */
export async function insertWhistle(
  db: Db,
  row: WhistleInsert,
  unitIds: string[],
  event: NewWhistleEvent,
  notices: NotificationInsert[],
): Promise<void> {
  await db.insert(whistles).values(row);
  await db.insert(whistleAttendance).values(unitIds.map((unitId) => ({ cityId: row.cityId, whistleId: row.id, unitId })));
  await db.insert(whistleEvents).values({ cityId: row.cityId, whistleId: row.id, seq: 1, ...event });
  if (notices.length > 0) await db.insert(notifications).values(notices);
}

export async function findWhistle(db: Db, cityId: string, id: string, lock = false): Promise<WhistleRow | undefined> {
  const query = db
    .select()
    .from(whistles)
    .where(and(eq(whistles.cityId, cityId), eq(whistles.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function findByIdempotencyKey(db: Db, cityId: string, accountId: string, key: string): Promise<WhistleRow | undefined> {
  const [row] = await db
    .select()
    .from(whistles)
    .where(and(eq(whistles.cityId, cityId), eq(whistles.blownBy, accountId), eq(whistles.idempotencyKey, key)));
  return row;
}

export function listAttendance(db: Db, cityId: string, whistleId: string): Promise<AttendanceRow[]> {
  return db
    .select()
    .from(whistleAttendance)
    .where(and(eq(whistleAttendance.cityId, cityId), eq(whistleAttendance.whistleId, whistleId)));
}

export function listEvents(db: Db, cityId: string, whistleId: string): Promise<WhistleEventRow[]> {
  return db
    .select()
    .from(whistleEvents)
    .where(and(eq(whistleEvents.cityId, cityId), eq(whistleEvents.whistleId, whistleId)))
    .orderBy(asc(whistleEvents.seq));
}

export async function updateWhistle(db: Db, cityId: string, id: string, patch: Partial<WhistleInsert>): Promise<void> {
  await db
    .update(whistles)
    .set(patch)
    .where(and(eq(whistles.cityId, cityId), eq(whistles.id, id)));
}

export async function updateAttendance(
  db: Db,
  cityId: string,
  whistleId: string,
  unitId: string,
  patch: Partial<AttendanceRow>,
): Promise<void> {
  await db
    .update(whistleAttendance)
    .set(patch)
    .where(and(eq(whistleAttendance.cityId, cityId), eq(whistleAttendance.whistleId, whistleId), eq(whistleAttendance.unitId, unitId)));
}

/** Appends events after the whistle's last one; the caller holds the whistle's row lock. */
export async function appendEvents(db: Db, cityId: string, whistleId: string, events: NewWhistleEvent[]): Promise<void> {
  if (events.length === 0) return;
  const [last] = await queryRows<{ seq: number }>(
    db,
    sql`SELECT coalesce(max(seq), 0)::int AS seq FROM whistle_events WHERE city_id = ${cityId}::uuid AND whistle_id = ${whistleId}::uuid`,
  );
  await db.insert(whistleEvents).values(events.map((event, i) => ({ cityId, whistleId, seq: (last?.seq ?? 0) + i + 1, ...event })));
}

export async function insertNotifications(db: Db, rows: NotificationInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

export interface WhistleListRow extends WhistleRow {
  summoned: number;
  arrived: number;
}

/** Whistles matching the conditions, open ones first, then the newest; with their attendance counts. */
export async function listWhistles(db: Db, cityId: string, conditions: SQL[], limit: number): Promise<WhistleListRow[]> {
  const counts = db
    .select({
      whistleId: whistleAttendance.whistleId,
      summoned: sql<number>`count(*)::int`.as('summoned'),
      arrived: sql<number>`count(${whistleAttendance.arrivedAt})::int`.as('arrived'),
    })
    .from(whistleAttendance)
    .where(eq(whistleAttendance.cityId, cityId))
    .groupBy(whistleAttendance.whistleId)
    .as('counts');
  const rows = await db
    .select({ whistle: whistles, summoned: counts.summoned, arrived: counts.arrived })
    .from(whistles)
    .leftJoin(counts, eq(counts.whistleId, whistles.id))
    .where(and(eq(whistles.cityId, cityId), ...conditions))
    .orderBy(sql`${whistles.status} = 'open' DESC`, desc(whistles.blownAt), desc(whistles.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.whistle, summoned: r.summoned ?? 0, arrived: r.arrived ?? 0 }));
}

export async function findSettings(db: Db, cityId: string) {
  const [row] = await db.select().from(whistleSettings).where(eq(whistleSettings.cityId, cityId));
  return row;
}

export async function saveSettings(db: Db, row: typeof whistleSettings.$inferInsert): Promise<void> {
  await db.insert(whistleSettings).values(row).onConflictDoUpdate({ target: whistleSettings.cityId, set: row });
}

/** Every summoned department's attendance on whistles blown in the period (for the figures). */
export function attendanceInPeriod(db: Db, cityId: string, from: Date, to: Date) {
  return queryRows<{
    unit_id: string;
    blown_at: Date | string;
    due_at: Date | string;
    status: string;
    arrived_at: Date | string | null;
    late_minutes: number | null;
    rating_arrival: number | null;
    rating_attitude: number | null;
    rating_result: number | null;
  }>(
    db,
    sql`SELECT a.unit_id, w.blown_at, w.due_at, w.status, a.arrived_at, a.late_minutes,
               a.rating_arrival, a.rating_attitude, a.rating_result
        FROM whistle_attendance a JOIN whistles w ON w.city_id = a.city_id AND w.id = a.whistle_id
        WHERE a.city_id = ${cityId}::uuid AND w.blown_at >= ${from.toISOString()}::timestamptz AND w.blown_at < ${to.toISOString()}::timestamptz`,
  );
}

/**
 * Per street office: whistles blown by the street or its communities in the period, and cases
 * received in the street's territory in the period (from the dashboard's rollups: periods are whole
 * days of the city's time zone).
 */
export function streetCounts(db: Db, cityId: string, from: Date, to: Date) {
  const f = from.toISOString();
  const t = to.toISOString();
  return queryRows<{ unit_id: string; unit_name: string; whistles: number; cases: number }>(
    db,
    sql`SELECT u.id AS unit_id, u.name AS unit_name,
          (SELECT count(*)::int FROM whistles w WHERE w.city_id = u.city_id AND w.unit_region_path LIKE r.path || '%'
             AND w.blown_at >= ${f}::timestamptz AND w.blown_at < ${t}::timestamptz) AS whistles,
          (SELECT coalesce(sum(d.received), 0)::int FROM (
             SELECT received FROM dash_daily WHERE city_id = u.city_id AND scope = r.path AND part LIKE 'ch:%' AND day BETWEEN p.first AND p.last
             UNION ALL
             SELECT received FROM dash_daily_pending WHERE city_id = u.city_id AND scope = r.path AND part LIKE 'ch:%' AND day BETWEEN p.first AND p.last
           ) d) AS cases
        FROM units u JOIN regions r ON r.city_id = u.city_id AND r.id = u.region_id
        JOIN cities ci ON ci.id = u.city_id
        CROSS JOIN LATERAL (SELECT (${f}::timestamptz AT TIME ZONE ci.timezone)::date AS first,
                                   ((${t}::timestamptz - interval '1 microsecond') AT TIME ZONE ci.timezone)::date AS last) p
        WHERE u.city_id = ${cityId}::uuid AND u.kind = 'street_office'`,
  );
}
