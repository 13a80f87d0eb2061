import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { AssessmentLevel, AssessmentSettings } from '@gongzhi/contracts';
import { queryRows, type Db } from '../../db/database.ts';
import { isWorkingDay, type WorkCalendar } from '../deadlines/index.ts';
import { COUNT_KEYS, type Counts } from './assessment.figures.ts';
import type { Period } from './assessment.rules.ts';
import { assessmentSettings, assessmentTalks, talkItems } from './assessment.schema.ts';

// All SQL of the assessment module. The cases table is read (never written) through the columns the
// case module keeps in step: replied_at, overdue_at, callback, lead_unit_id, region_path.

const DAY_S = 86_400;
/** How far back a dispatch may lie for its working time to be counted from it. */
const CLOCK_DAYS_BACK = 400;

/**
 * Working seconds since a fixed day as an SQL expression over a timestamp: the cumulative working
 * seconds before each local day (an array built from the city's calendar) plus the working seconds of
 * the day up to the instant. The difference of two readings is the working time between them, the same
 * as workingHoursBetween in deadlines/calendar.ts (proved by the recount test).
 */
export function workingClock(calendar: WorkCalendar, period: Period): (at: SQL) => SQL {
  const offsetS = calendar.utcOffsetMinutes * 60;
  const lastDay = Math.floor((period.to.getTime() / 1000 + offsetS) / DAY_S);
  const firstDay = lastDay - CLOCK_DAYS_BACK;
  const daySeconds = calendar.workingIntervals.reduce((sum, i) => sum + (i.endMinute - i.startMinute) * 60, 0);
  const cumulative: number[] = [];
  const working: boolean[] = [];
  let total = 0;
  for (let day = firstDay; day <= lastDay; day += 1) {
    const works = isWorkingDay(calendar, new Date(day * DAY_S * 1000).toISOString().slice(0, 10));
    cumulative.push(total);
    working.push(works);
    if (works) total += daySeconds;
  }
  const cum = sql`${`{${cumulative.join(',')}}`}::float8[]`;
  const works = sql`${`{${working.join(',')}}`}::boolean[]`;
  return (at) => {
    // Local seconds since the epoch, the day's index in the arrays (clamped) and the second of the day.
    const local = sql`(extract(epoch FROM ${at}) + ${offsetS})`;
    const index = sql`(floor(${local} / ${DAY_S})::int - ${firstDay})`;
    const clamped = sql`greatest(0, least(${index}, ${lastDay - firstDay}))`;
    const second = sql`(CASE WHEN ${index} < 0 THEN 0 WHEN ${index} > ${lastDay - firstDay} THEN ${DAY_S} ELSE ${local} - floor(${local} / ${DAY_S}) * ${DAY_S} END)`;
    const within = sql.join(
      calendar.workingIntervals.map(
        (i) => sql`least(greatest(${second} - ${i.startMinute * 60}, 0), ${(i.endMinute - i.startMinute) * 60})`,
      ),
      sql` + `,
    );
    return sql`((${cum})[${clamped} + 1] + CASE WHEN (${works})[${clamped} + 1] THEN ${within} ELSE 0 END)`;
  };
}

/** A ranking's level, or the city as a whole (the bulletin's total). */
export type CountLevel = AssessmentLevel | 'city';

const TERRITORY_DEPTH: Record<Exclude<CountLevel, 'department' | 'unit'>, number> = {
  city: 1,
  district: 2,
  street: 3,
  community: 4,
  grid: 5,
};

/** The grouping key of a level: the lead unit, or the code of the territory at that depth of the path. */
function keyOf(level: CountLevel, regionPath: SQL, unitId: SQL): SQL {
  return level === 'department' || level === 'unit' ? sql`${unitId}::text` : sql`split_part(${regionPath}, '/', ${TERRITORY_DEPTH[level]})`;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface CountsFilter {
  level: CountLevel;
  /** Territory levels: only cases placed under this path. */
  regionPath?: string;
}

/**
 * The counts of every unit (or territory) of a level in one period: one set-based pass over the cases
 * last replied or gone overdue in the period (two partial indexes), and one over the period's returns.
 */
export async function countsByKey(
  db: Db,
  cityId: string,
  period: Period,
  calendar: WorkCalendar,
  filter: CountsFilter,
): Promise<Map<string, Counts>> {
  const from = sql`${period.from.toISOString()}::timestamptz`;
  const to = sql`${period.to.toISOString()}::timestamptz`;
  const clock = workingClock(calendar, period);
  const inRegion = filter.regionPath && filter.level !== 'department' && filter.level !== 'unit';
  const region = (column: SQL) => (inRegion ? sql`AND ${column} LIKE ${escapeLike(filter.regionPath!) + '%'}` : sql``);
  const [rows, returns] = await Promise.all([
    queryRows<Record<string, string | number | null> & { key: string }>(
      db,
      sql`
      WITH c AS (
        SELECT ${keyOf(filter.level, sql`region_path`, sql`lead_unit_id`)} AS key,
               replied_at >= ${from} AND replied_at < ${to} AS r,
               overdue_at >= ${from} AND overdue_at < ${to} AS o,
               callback, replied_at, due_at, reopen_count, coalesce(dispatched_at, received_at) AS handed_at
        FROM cases
        WHERE city_id = ${cityId}::uuid
          AND ((replied_at >= ${from} AND replied_at < ${to}) OR (overdue_at >= ${from} AND overdue_at < ${to}))
          ${region(sql`region_path`)})
      SELECT key,
             count(*) FILTER (WHERE r) AS replied,
             count(*) FILTER (WHERE r AND callback IS NOT NULL) AS rated,
             count(*) FILTER (WHERE r AND (callback->>'contacted')::boolean) AS contacted,
             count(*) FILTER (WHERE r AND (callback->>'solved')::boolean) AS solved,
             count(*) FILTER (WHERE r AND (callback->>'satisfied')::boolean) AS satisfied,
             count(*) FILTER (WHERE r AND replied_at <= due_at) AS on_time,
             count(*) FILTER (WHERE r AND reopen_count > 0) AS reopened,
             coalesce(sum(${clock(sql`replied_at`)} - ${clock(sql`handed_at`)}) FILTER (WHERE r), 0) / 60 AS handling_minutes,
             count(*) FILTER (WHERE o) AS overdue
      FROM c WHERE key IS NOT NULL AND key <> '' GROUP BY key`,
    ),
    queryRows<{ key: string; returned: string | number }>(
      db,
      sql`
      SELECT ${keyOf(filter.level, sql`c.region_path`, sql`(e.data->>'unitId')`)} AS key, count(*) AS returned
      FROM case_events e JOIN cases c ON c.city_id = e.city_id AND c.id = e.case_id
      WHERE e.city_id = ${cityId}::uuid AND e.type = 'case.returned' AND e.at >= ${from} AND e.at < ${to} ${region(sql`c.region_path`)}
      GROUP BY 1`,
    ),
  ]);
  const out = new Map<string, Counts>();
  const blank = (): Counts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as Counts;
  for (const row of rows) {
    out.set(row.key, {
      replied: Number(row.replied),
      rated: Number(row.rated),
      contacted: Number(row.contacted),
      solved: Number(row.solved),
      satisfied: Number(row.satisfied),
      onTime: Number(row.on_time),
      reopened: Number(row.reopened),
      handlingMinutes: Number(row.handling_minutes),
      overdue: Number(row.overdue),
      returned: 0,
    });
  }
  for (const row of returns) {
    if (!row.key) continue;
    const counts = out.get(row.key) ?? blank();
    counts.returned = Number(row.returned);
    out.set(row.key, counts);
  }
  return out;
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

export async function saveSettings(db: Db, cityId: string, settings: AssessmentSettings, by: string, at: Date): Promise<void> {
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
