import { and, asc, eq, sql } from 'drizzle-orm';
import type { AssessmentSettings } from '@gongzhi/contracts';
import { queryRows, type Db } from '../../db/database.ts';
import { zeroCounts, type PlaceCounts } from './assessment.figures.ts';
import type { Period } from './assessment.rules.ts';
import { assessmentFacts, assessmentSettings, assessmentTalks, assessmentWatermarks, talkItems } from './assessment.schema.ts';

// All SQL of the assessment module. The cases table is read (never written) through the columns the
// case module keeps in step: replied_at, overdue_at, callback, lead_unit_id, region_path.

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A case as the assessment needs it, read to refresh its fact. */
export interface CaseFactSource {
  id: string;
  replied_at: Date | null;
  overdue_at: Date | null;
  lead_unit_id: string | null;
  region_path: string;
  callback: { contacted: boolean; solved: boolean; satisfied: boolean } | null;
  due_at: Date | null;
  reopen_count: number;
  handed_at: Date;
  updated_at: Date;
}

export async function factsWatermark(db: Db, cityId: string): Promise<Date | null> {
  const [row] = await db.select().from(assessmentWatermarks).where(eq(assessmentWatermarks.cityId, cityId));
  return row?.casesUpdatedAt ?? null;
}

export async function setFactsWatermark(db: Db, cityId: string, at: Date): Promise<void> {
  await db.execute(sql`
    INSERT INTO assessment_watermarks (city_id, cases_updated_at) VALUES (${cityId}::uuid, ${at.toISOString()}::timestamptz)
    ON CONFLICT (city_id) DO UPDATE SET cases_updated_at = greatest(assessment_watermarks.cases_updated_at, excluded.cases_updated_at)`);
}

/** The cases changed at or after `since`, in (updated_at, id) order after the cursor (cases_updated_idx). */
export async function changedCases(
  db: Db,
  cityId: string,
  since: Date | null,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<CaseFactSource[]> {
  const rows = await queryRows<
    Omit<CaseFactSource, 'replied_at' | 'overdue_at' | 'due_at' | 'handed_at' | 'updated_at'> & Record<string, string | null>
  >(
    db,
    sql`SELECT id, replied_at, overdue_at, lead_unit_id, region_path, callback, due_at, reopen_count,
               coalesce(dispatched_at, received_at) AS handed_at, updated_at
        FROM cases
        WHERE city_id = ${cityId}::uuid
          ${since ? sql`AND updated_at >= ${since.toISOString()}::timestamptz` : sql``}
          ${after ? sql`AND (updated_at, id) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY updated_at, id LIMIT ${limit}`,
  );
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return rows.map((r) => ({
    ...r,
    replied_at: date(r.replied_at),
    overdue_at: date(r.overdue_at),
    due_at: date(r.due_at),
    handed_at: date(r.handed_at)!,
    updated_at: date(r.updated_at)!,
  }));
}

export type FactRow = typeof assessmentFacts.$inferInsert;

/** Writes facts (new or changed), 5,000 rows a statement. */
export async function upsertFacts(db: Db, rows: FactRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000).map((r) => ({
      city_id: r.cityId,
      case_id: r.caseId,
      replied_at: r.repliedAt?.toISOString() ?? null,
      overdue_at: r.overdueAt?.toISOString() ?? null,
      lead_unit_id: r.leadUnitId,
      region_path: r.regionPath,
      callback: r.callback,
      on_time: r.onTime,
      reopened: r.reopened,
      handling_seconds: r.handlingSeconds,
      case_updated_at: (r.caseUpdatedAt as Date).toISOString(),
    }));
    await db.execute(sql`
      INSERT INTO assessment_facts
      SELECT * FROM json_populate_recordset(NULL::assessment_facts, ${JSON.stringify(chunk)}::json)
      ON CONFLICT (city_id, case_id) DO UPDATE SET
        replied_at = excluded.replied_at, overdue_at = excluded.overdue_at, lead_unit_id = excluded.lead_unit_id,
        region_path = excluded.region_path, callback = excluded.callback, on_time = excluded.on_time,
        reopened = excluded.reopened, handling_seconds = excluded.handling_seconds, case_updated_at = excluded.case_updated_at`);
  }
}

/**
 * The counts of a period and the one before, by lead unit and by place (grouping sets of one pass over
 * the cases last replied in the two periods), the same for the cases gone overdue and for the returns.
 * Every level (units; grids … districts, the city) is summed from these rows (rollUp).
 */
export async function placeCounts(db: Db, cityId: string, period: Period, previous: Period): Promise<PlaceCounts[]> {
  const from = sql`${previous.from.toISOString()}::timestamptz`;
  const split = sql`${period.from.toISOString()}::timestamptz`;
  const to = sql`${period.to.toISOString()}::timestamptz`;
  type Row = Record<string, string | number | boolean | null>;
  const [replies, overdue, returns] = await Promise.all([
    queryRows<Row>(
      db,
      sql`
      SELECT lead_unit_id AS unit_id, region_path, replied_at >= ${split} AS current, GROUPING(lead_unit_id) = 1 AS by_place,
             count(*) AS replied,
             count(*) FILTER (WHERE callback & 1 <> 0) AS rated,
             count(*) FILTER (WHERE callback & 2 <> 0) AS contacted,
             count(*) FILTER (WHERE callback & 4 <> 0) AS solved,
             count(*) FILTER (WHERE callback & 8 <> 0) AS satisfied,
             count(*) FILTER (WHERE on_time) AS on_time,
             count(*) FILTER (WHERE reopened) AS reopened,
             coalesce(sum(handling_seconds::float8), 0) / 60 AS handling_minutes
      FROM assessment_facts
      WHERE city_id = ${cityId}::uuid AND replied_at >= ${from} AND replied_at < ${to}
      GROUP BY GROUPING SETS ((1, 3), (2, 3))`,
    ),
    queryRows<Row>(
      db,
      sql`SELECT lead_unit_id AS unit_id, region_path, overdue_at >= ${split} AS current, GROUPING(lead_unit_id) = 1 AS by_place, count(*) AS n
          FROM assessment_facts WHERE city_id = ${cityId}::uuid AND overdue_at >= ${from} AND overdue_at < ${to}
          GROUP BY GROUPING SETS ((1, 3), (2, 3))`,
    ),
    queryRows<Row>(
      db,
      sql`SELECT e.data->>'unitId' AS unit_id, c.region_path, e.at >= ${split} AS current,
                 GROUPING(e.data->>'unitId') = 1 AS by_place, count(*) AS n
          FROM case_events e JOIN cases c ON c.city_id = e.city_id AND c.id = e.case_id
          WHERE e.city_id = ${cityId}::uuid AND e.type = 'case.returned' AND e.at >= ${from} AND e.at < ${to}
          GROUP BY GROUPING SETS ((1, 3), (2, 3))`,
    ),
  ]);
  const out = new Map<string, PlaceCounts>();
  // Rows are either a unit's (by_place false: region_path is null) or a place's (unit_id null).
  const at = (byPlace: boolean, unitId: string | null, regionPath: string | null, current: boolean) => {
    const key = byPlace ? `place|${regionPath}|${current}` : `unit|${unitId}|${current}`;
    let row = out.get(key);
    if (!row)
      out.set(
        key,
        (row = byPlace
          ? { unitId: null, regionPath, current, counts: zeroCounts() }
          : { unitId, regionPath: null, current, counts: zeroCounts() }),
      );
    return row.counts;
  };
  for (const r of replies) {
    const counts = at(r.by_place as boolean, r.unit_id as string | null, r.region_path as string | null, r.current as boolean);
    counts.replied = Number(r.replied);
    counts.rated = Number(r.rated);
    counts.contacted = Number(r.contacted);
    counts.solved = Number(r.solved);
    counts.satisfied = Number(r.satisfied);
    counts.onTime = Number(r.on_time);
    counts.reopened = Number(r.reopened);
    counts.handlingMinutes = Number(r.handling_minutes ?? 0);
  }
  for (const r of overdue)
    at(r.by_place as boolean, r.unit_id as string | null, r.region_path as string | null, r.current as boolean).overdue = Number(r.n);
  for (const r of returns)
    at(r.by_place as boolean, r.unit_id as string | null, r.region_path as string | null, r.current as boolean).returned = Number(r.n);
  return [...out.values()];
}

export interface RegionRow {
  code: string;
  name: string;
  path: string;
  level: string;
}

export function regionsAtLevel(db: Db, cityId: string, level: string, underPath: string): Promise<RegionRow[]> {
  return queryRows<RegionRow>(
    db,
    sql`SELECT code, name, path, level FROM regions WHERE city_id = ${cityId}::uuid AND level = ${level} AND path LIKE ${escapeLike(underPath) + '%'} ORDER BY code`,
  );
}

export async function regionByCode(db: Db, cityId: string, code: string): Promise<RegionRow | undefined> {
  const [row] = await queryRows<RegionRow>(
    db,
    sql`SELECT code, name, path, level FROM regions WHERE city_id = ${cityId}::uuid AND code = ${code}`,
  );
  return row;
}

export async function loadSettings(db: Db, cityId: string): Promise<unknown> {
  const [row] = await db.select().from(assessmentSettings).where(eq(assessmentSettings.cityId, cityId));
  return row?.settings;
}

export async function saveSettings(db: Db, cityId: string, settings: AssessmentSettings, by: string | null, at: Date): Promise<void> {
  const row = { cityId, settings, updatedBy: by, updatedAt: at };
  await db.insert(assessmentSettings).values(row).onConflictDoUpdate({ target: assessmentSettings.cityId, set: row });
}

export type TalkRow = typeof assessmentTalks.$inferSelect;
export type TalkItemRow = typeof talkItems.$inferSelect;

/** Inserts the talks not yet listed (one per subject and month); returns how many were new. */
export async function insertTalks(db: Db, rows: (typeof assessmentTalks.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(assessmentTalks).values(rows).onConflictDoNothing().returning({ id: assessmentTalks.id });
  return inserted.length;
}

export function listTalks(db: Db, cityId: string, period?: string): Promise<TalkRow[]> {
  const conditions = [eq(assessmentTalks.cityId, cityId)];
  if (period) conditions.push(eq(assessmentTalks.period, period));
  return db
    .select()
    .from(assessmentTalks)
    .where(and(...conditions))
    .orderBy(asc(assessmentTalks.period), asc(assessmentTalks.level), asc(assessmentTalks.rank));
}

export async function findTalk(db: Db, cityId: string, id: string, lock = false): Promise<TalkRow | undefined> {
  const query = db
    .select()
    .from(assessmentTalks)
    .where(and(eq(assessmentTalks.cityId, cityId), eq(assessmentTalks.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateTalk(db: Db, cityId: string, id: string, patch: Partial<TalkRow>): Promise<void> {
  await db
    .update(assessmentTalks)
    .set(patch)
    .where(and(eq(assessmentTalks.cityId, cityId), eq(assessmentTalks.id, id)));
}

export function itemsOfTalks(db: Db, cityId: string, talkIds: string[]): Promise<TalkItemRow[]> {
  if (talkIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(talkItems)
    .where(and(eq(talkItems.cityId, cityId), sql`${talkItems.talkId} = ANY(${`{${talkIds.join(',')}}`}::uuid[])`))
    .orderBy(asc(talkItems.createdAt), asc(talkItems.id));
}

export async function insertItem(db: Db, row: typeof talkItems.$inferInsert): Promise<void> {
  await db.insert(talkItems).values(row);
}

export async function completeItem(db: Db, cityId: string, talkId: string, id: string, evidence: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(talkItems)
    .set({ doneAt: at, evidence })
    .where(and(eq(talkItems.cityId, cityId), eq(talkItems.talkId, talkId), eq(talkItems.id, id), sql`${talkItems.doneAt} IS NULL`))
    .returning({ id: talkItems.id });
  return rows.length === 1;
}

/** Talks of months before `period` with items still open: they show in the bulletin until done. */
export async function talksWithOpenItemsBefore(db: Db, cityId: string, period: string): Promise<TalkRow[]> {
  return db
    .select()
    .from(assessmentTalks)
    .where(
      and(
        eq(assessmentTalks.cityId, cityId),
        sql`${assessmentTalks.period} < ${period}`,
        sql`EXISTS (SELECT 1 FROM talk_items i WHERE i.city_id = ${assessmentTalks.cityId} AND i.talk_id = ${assessmentTalks.id} AND i.done_at IS NULL)`,
      ),
    );
}

export interface TypicalCaseRow {
  id: string;
  tracking_code: string;
  text: string;
  lead_unit_id: string | null;
  reopen_count: number;
  callback: { contacted: boolean; solved: boolean; satisfied: boolean } | null;
}

/** Typical cases of a period in a territory: unsatisfied ones, the most reopened first. */
export function typicalCases(db: Db, cityId: string, period: Period, regionPath: string, limit = 5): Promise<TypicalCaseRow[]> {
  return queryRows<TypicalCaseRow>(
    db,
    sql`SELECT id, tracking_code, text, lead_unit_id, reopen_count, callback FROM cases
        WHERE city_id = ${cityId}::uuid AND replied_at >= ${period.from.toISOString()}::timestamptz
          AND replied_at < ${period.to.toISOString()}::timestamptz AND region_path LIKE ${escapeLike(regionPath) + '%'}
          AND (callback->>'satisfied')::boolean = false
        ORDER BY reopen_count DESC, replied_at DESC, id LIMIT ${limit}`,
  );
}
