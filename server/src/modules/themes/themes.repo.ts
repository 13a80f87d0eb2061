import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import { notifications } from '../cases/cases.schema.ts';
import { themeActions, themeEvents, themeProgrammes } from './themes.schema.ts';

// All SQL of the themes module. Cases are counted by their second-level category: the case's leaf
// (categories.code = cases.category_code) and the leaf's parent. Months are in the city's time zone.

export type ProgrammeRow = typeof themeProgrammes.$inferSelect;
export type ProgrammeInsert = typeof themeProgrammes.$inferInsert;
export type ActionRow = typeof themeActions.$inferSelect;
export type ActionInsert = typeof themeActions.$inferInsert;
export type EventRow = typeof themeEvents.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

export interface NewThemeEvent {
  type: string;
  at: Date;
  actorAccountId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

/** The cases of the city with their second-level category, received (or replied) in [first month, last month]: only the columns counted (a month may hold a million cases). */
const categorised = (cityId: string, on: 'received_at' | 'replied_at', firstMonth: string, lastMonth: string, code?: string) => sql`
  SELECT l2.code AS cat, l2.name AS cat_name, top.name AS parent_name, c.id, c.region_path, c.lead_unit_id, c.reopen_count,
         c.status, c.reporter_phone, c.received_at, c.callback,
         to_char(c.${sql.raw(on)} AT TIME ZONE ci.timezone, 'YYYY-MM') AS month
  FROM cities ci
  JOIN cases c ON c.city_id = ci.id
  JOIN categories leaf ON leaf.city_id = c.city_id AND leaf.code = c.category_code
  JOIN categories l2 ON l2.city_id = leaf.city_id AND l2.id = leaf.parent_id AND l2.level = 2
  LEFT JOIN categories top ON top.city_id = l2.city_id AND top.id = l2.parent_id
  WHERE ci.id = ${cityId}::uuid ${code === undefined ? sql`` : sql`AND l2.code = ${code}`}
    AND c.${sql.raw(on)} >= (${firstMonth + '-01'}::timestamp AT TIME ZONE ci.timezone)
    AND c.${sql.raw(on)} < (((${lastMonth + '-01'})::date + interval '1 month')::timestamp AT TIME ZONE ci.timezone)`;

export interface MonthCountsRow {
  cat: string;
  cat_name: string;
  parent_name: string | null;
  volume: number;
  reopened: number;
  merged: number;
  same_reporter: number;
  same_place: number;
  repeated: number;
  streets: number;
  lead_units: number;
}

/**
 * Per second-level category, the cases received in the month: the volume, the repeats (reopened; merged as
 * duplicates; the same reporter's phone again, or the same grid again, in the category and month: every
 * case after the first) and the spread (distinct streets, distinct lead units).
 */
export function monthCounts(db: Db, cityId: string, month: string): Promise<MonthCountsRow[]> {
  return queryRows<MonthCountsRow>(
    db,
    sql`WITH c AS (${categorised(cityId, 'received_at', month, month)}),
        r AS (
          SELECT c.*,
                 row_number() OVER (PARTITION BY cat, reporter_phone ORDER BY received_at, id) AS nth_reporter,
                 row_number() OVER (PARTITION BY cat, region_path ORDER BY received_at, id) AS nth_place,
                 region_path ~ '^([^/]+/){5}$' AS at_grid,
                 split_part(region_path, '/', 3) AS street
          FROM c)
        SELECT cat, min(cat_name) AS cat_name, min(parent_name) AS parent_name, count(*)::int AS volume,
               count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
               count(*) FILTER (WHERE status = 'merged')::int AS merged,
               count(*) FILTER (WHERE reporter_phone IS NOT NULL AND nth_reporter > 1)::int AS same_reporter,
               count(*) FILTER (WHERE at_grid AND nth_place > 1)::int AS same_place,
               count(*) FILTER (WHERE reopen_count > 0 OR status = 'merged' OR (reporter_phone IS NOT NULL AND nth_reporter > 1)
                                  OR (at_grid AND nth_place > 1))::int AS repeated,
               count(DISTINCT street) FILTER (WHERE street <> '')::int AS streets,
               count(DISTINCT lead_unit_id)::int AS lead_units
        FROM r GROUP BY cat`,
  );
}

/**
 * Per second-level category, the assessment's rated and satisfied cases of the month: last replied
 * (replied_at) in the month, rated when a callback is recorded (assessment.figures.ts, 满意率).
 */
export function monthSatisfaction(db: Db, cityId: string, month: string) {
  return queryRows<{ cat: string; rated: number; satisfied: number }>(
    db,
    sql`SELECT cat, count(*) FILTER (WHERE callback IS NOT NULL)::int AS rated,
               count(*) FILTER (WHERE callback->>'satisfied' = 'true')::int AS satisfied
        FROM (${categorised(cityId, 'replied_at', month, month)}) c GROUP BY cat`,
  );
}

/** Cases received per second-level category (or one) and month, from `first` to `last` inclusive. */
export function monthlyVolumes(db: Db, cityId: string, first: string, last: string, code?: string) {
  return queryRows<{ cat: string; month: string; cases: number }>(
    db,
    sql`SELECT cat, month, count(*)::int AS cases FROM (${categorised(cityId, 'received_at', first, last, code)}) c GROUP BY cat, month`,
  );
}

/** A second-level category of the city's catalogue. */
export async function findCategory(db: Db, cityId: string, code: string) {
  const [row] = await queryRows<{ code: string; name: string }>(
    db,
    sql`SELECT code, name FROM categories WHERE city_id = ${cityId}::uuid AND code = ${code} AND level = 2`,
  );
  return row;
}

/** The streets (region paths) of the category's cases received in the month. */
export async function streetPaths(db: Db, cityId: string, month: string, code: string): Promise<string[]> {
  const rows = await queryRows<{ path: string }>(
    db,
    sql`SELECT DISTINCT substring(region_path FROM '^(?:[^/]+/){3}') AS path
        FROM (${categorised(cityId, 'received_at', month, month, code)}) c
        WHERE region_path ~ '^([^/]+/){3}' ORDER BY 1`,
  );
  return rows.map((r) => r.path);
}

export async function insertProgramme(db: Db, row: ProgrammeInsert, event: NewThemeEvent, notices: NotificationInsert[]): Promise<void> {
  await db.insert(themeProgrammes).values(row);
  await db.insert(themeEvents).values({ cityId: row.cityId, programmeId: row.id, seq: 1, ...event });
  if (notices.length > 0) await db.insert(notifications).values(notices);
}

export async function findProgramme(db: Db, cityId: string, id: string, lock = false): Promise<ProgrammeRow | undefined> {
  const query = db
    .select()
    .from(themeProgrammes)
    .where(and(eq(themeProgrammes.cityId, cityId), eq(themeProgrammes.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export function listProgrammes(db: Db, cityId: string, status?: 'active' | 'closed'): Promise<ProgrammeRow[]> {
  return db
    .select()
    .from(themeProgrammes)
    .where(and(eq(themeProgrammes.cityId, cityId), status ? eq(themeProgrammes.status, status) : undefined))
    .orderBy(sql`${themeProgrammes.status} = 'active' DESC`, desc(themeProgrammes.month), desc(themeProgrammes.createdAt));
}

export function listActions(db: Db, cityId: string, programmeIds?: string[]): Promise<ActionRow[]> {
  if (programmeIds?.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(themeActions)
    .where(
      and(
        eq(themeActions.cityId, cityId),
        programmeIds
          ? sql`${themeActions.programmeId} IN (${sql.join(
              programmeIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`
          : undefined,
      ),
    )
    .orderBy(asc(themeActions.dueAt), asc(themeActions.id));
}

export function listEvents(db: Db, cityId: string, programmeId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(themeEvents)
    .where(and(eq(themeEvents.cityId, cityId), eq(themeEvents.programmeId, programmeId)))
    .orderBy(asc(themeEvents.seq));
}

export async function updateProgramme(db: Db, cityId: string, id: string, patch: Partial<ProgrammeInsert>): Promise<void> {
  await db
    .update(themeProgrammes)
    .set(patch)
    .where(and(eq(themeProgrammes.cityId, cityId), eq(themeProgrammes.id, id)));
}

export async function insertAction(db: Db, row: ActionInsert): Promise<void> {
  await db.insert(themeActions).values(row);
}

export async function updateAction(db: Db, cityId: string, programmeId: string, id: string, patch: Partial<ActionInsert>): Promise<void> {
  await db
    .update(themeActions)
    .set(patch)
    .where(and(eq(themeActions.cityId, cityId), eq(themeActions.programmeId, programmeId), eq(themeActions.id, id)));
}

/** Appends events after the programme's last one; the caller holds the programme's row lock. */
export async function appendEvents(db: Db, cityId: string, programmeId: string, events: NewThemeEvent[]): Promise<void> {
  if (events.length === 0) return;
  const [last] = await queryRows<{ seq: number }>(
    db,
    sql`SELECT coalesce(max(seq), 0)::int AS seq FROM theme_events WHERE city_id = ${cityId}::uuid AND programme_id = ${programmeId}::uuid`,
  );
  await db.insert(themeEvents).values(events.map((event, i) => ({ cityId, programmeId, seq: (last?.seq ?? 0) + i + 1, ...event })));
}

export async function insertNotifications(db: Db, rows: NotificationInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

/** Open actions of active programmes whose deadline has come and whose units were not yet told. */
export function dueActions(db: Db, now: Date, limit = 500) {
  return queryRows<{
    city_id: string;
    programme_id: string;
    id: string;
    title: string;
    owner_unit_id: string;
    lead_unit_id: string;
    programme_title: string;
  }>(
    db,
    sql`SELECT a.city_id, a.programme_id, a.id, a.title, a.owner_unit_id, p.lead_unit_id, p.title AS programme_title
        FROM theme_actions a JOIN theme_programmes p ON p.city_id = a.city_id AND p.id = a.programme_id
        WHERE a.status = 'open' AND a.due_notified_at IS NULL AND a.due_at <= ${now.toISOString()}::timestamptz AND p.status = 'active'
        ORDER BY a.due_at LIMIT ${limit}`,
  );
}
