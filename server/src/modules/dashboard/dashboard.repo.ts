import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import { addDays, daysBetween } from './dashboard.period.ts';

// Reads of the rollups. Each sums the folded rows and the pending ones in one statement (one snapshot),
// so a figure is exact whatever the fold has reached. None of them reads the cases table.

/** An array parameter, as ARRAY[$1, $2, …] (the driver would spread a bare one). */
const list = (values: string[]): SQL =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]`;

export type Bucket = { name: string; from: string; to: string };

export interface FlowQuery {
  cityId: string;
  scopes: string[];
  buckets: Bucket[];
  /** totals: every flow, received counted once (by channel); categories / channels: received by part. */
  parts: 'totals' | 'categories' | 'channels';
  by: ('scope' | 'day' | 'part')[];
}

export const FLOW_COLUMNS = ['received', 'replied', 'rated', 'contacted', 'solved', 'satisfied', 'on_time', 'closed', 'overdue'] as const;
export type Flows = Record<(typeof FLOW_COLUMNS)[number], number>;
export type FlowRow = Flows & { bucket: string; scope: string; day: string; part: string };

const PART_FILTER: Record<FlowQuery['parts'], SQL> = {
  totals: sql`part NOT LIKE 'cat:%'`,
  categories: sql`part LIKE 'cat:%'`,
  channels: sql`part LIKE 'ch:%'`,
};

/** A term of a bucket's sum: the rollup rows of days `from`..`to`, or of the month starting `from` (to = from), added or taken away. */
type Term = { bucket: string; table: 'dash_daily' | 'dash_monthly'; from: string; to: string; sign: 1 | -1 };

const monthStart = (day: string): string => `${day.slice(0, 8)}01`;
const monthEnd = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextMonth = (month: string): string => addDays(monthEnd(month), 1);

/**
 * A day range as months and days: a month wholly inside is its monthly row; a month mostly inside is its
 * monthly row less the days outside (often days still to come, which have no rows); a month barely
 * touched is its days. A month and the month before at city level read ~3 days of rows instead of ~60.
 */
export function termsOf(bucket: Bucket): Term[] {
  const terms: Term[] = [];
  for (let month = monthStart(bucket.from); month <= bucket.to; month = nextMonth(month)) {
    const last = monthEnd(month);
    const from = bucket.from > month ? bucket.from : month;
    const to = bucket.to < last ? bucket.to : last;
    const inside = daysBetween(from, to) + 1;
    const all = daysBetween(month, last) + 1;
    if (inside === all) terms.push({ bucket: bucket.name, table: 'dash_monthly', from: month, to: month, sign: 1 });
    else if (inside * 2 > all) {
      terms.push({ bucket: bucket.name, table: 'dash_monthly', from: month, to: month, sign: 1 });
      if (from > month) terms.push({ bucket: bucket.name, table: 'dash_daily', from: month, to: addDays(from, -1), sign: -1 });
      if (to < last) terms.push({ bucket: bucket.name, table: 'dash_daily', from: addDays(to, 1), to: last, sign: -1 });
    } else terms.push({ bucket: bucket.name, table: 'dash_daily', from, to, sign: 1 });
  }
  return terms;
}

/**
 * The flows summed in each bucket (a day range), per scope, day or part when asked. Folded rows come
 * by month where that reads fewer (not when grouped by day); pending rows by their day.
 */
export async function sumFlows(db: Db, q: FlowQuery): Promise<FlowRow[]> {
  const columns = ['scope', 'day', 'part', ...FLOW_COLUMNS].join(', ');
  const filter = sql`city_id = ${q.cityId} AND scope = ANY(${list(q.scopes)}::text[]) AND ${PART_FILTER[q.parts]}`;
  const asDays = (b: Bucket): Term => ({ bucket: b.name, table: 'dash_daily', from: b.from, to: b.to, sign: 1 });
  const terms = q.by.includes('day') ? q.buckets.map(asDays) : q.buckets.flatMap(termsOf);
  /** The rows of a table within some terms (by its `day` or `month`), each with its term's bucket and sign. */
  const read = (table: string, terms: Term[]): SQL | undefined => {
    if (terms.length === 0) return undefined;
    const key = table === 'dash_monthly' ? 'month' : 'day';
    const from = terms.reduce((min, t) => (t.from < min ? t.from : min), terms[0]!.from);
    const to = terms.reduce((max, t) => (t.to > max ? t.to : max), terms[0]!.to);
    const values = sql.join(
      terms.map((t) => sql`(${t.bucket}, ${t.from}::date, ${t.to}::date, ${t.sign}::int)`),
      sql`, `,
    );
    return sql`SELECT t.bucket, t.sign, x.* FROM (SELECT ${sql.raw(columns.replace('day', `${key} AS day`))} FROM ${sql.raw(table)}
               WHERE ${filter} AND ${sql.raw(key)} BETWEEN ${from}::date AND ${to}::date) x
               JOIN (VALUES ${values}) t(bucket, first, last, sign) ON x.day BETWEEN t.first AND t.last`;
  };
  const parts = [
    read(
      'dash_daily',
      terms.filter((t) => t.table === 'dash_daily'),
    ),
    read(
      'dash_monthly',
      terms.filter((t) => t.table === 'dash_monthly'),
    ),
    read('dash_daily_pending', q.buckets.map(asDays)),
  ].filter((part) => part !== undefined);
  const keys = ['x.bucket', ...q.by.map((k) => (k === 'day' ? 'x.day::text AS day' : `x.${k}`))];
  const groups = ['x.bucket', ...q.by.map((k) => `x.${k}`)];
  return queryRows<FlowRow>(
    db,
    sql`
    SELECT ${sql.raw(keys.join(', '))}, ${sql.raw(FLOW_COLUMNS.map((c) => `sum(x.sign * x.${c})::float8 AS ${c}`).join(', '))}
    FROM (${sql.join(parts, sql` UNION ALL `)}) x
    GROUP BY ${sql.raw(groups.join(', '))}`,
  );
}

export type OpenRow = { scope: string; status: string; phase: string; n: number };

/** The cases not yet closed, now, per scope, status and phase. */
export async function openNow(db: Db, cityId: string, scopes: string[]): Promise<OpenRow[]> {
  const where = sql`city_id = ${cityId} AND scope = ANY(${list(scopes)}::text[])`;
  return queryRows<OpenRow>(
    db,
    sql`
    SELECT scope, status, phase, sum(n)::float8 AS n
    FROM (SELECT scope, status, phase, n FROM dash_open WHERE ${where}
          UNION ALL
          SELECT scope, status, phase, n FROM dash_open_pending WHERE ${where}) x
    GROUP BY 1, 2, 3
    HAVING sum(n) <> 0`,
  );
}

/** Moves the pending changes into the rollups (one process at a time); returns how many rows moved. */
export async function fold(db: Db): Promise<number> {
  const [row] = await queryRows<{ moved: number }>(db, sql`SELECT gongzhi_dash_fold() AS moved`);
  return Number(row!.moved);
}

/** Counts every case again from scratch (a large table in slices of `slicePages` heap pages). */
export async function rebuild(db: Db, slicePages?: number): Promise<void> {
  await db.execute(slicePages === undefined ? sql`SELECT gongzhi_dash_rebuild()` : sql`SELECT gongzhi_dash_rebuild(${slicePages})`);
}

export type WhistleRow = {
  id: string;
  problem: string;
  status: 'open' | 'closed';
  blown_at: Date;
  due_at: Date;
  unit_id: string;
  region_name: string | null;
  attendance: { unitId: string; arrivedAt: string | null; lateMinutes: number | null }[];
};

/** Open whistles placed in the territory, the newest first, with their attendance. */
export async function openWhistles(db: Db, cityId: string, regionPath: string, limit: number): Promise<WhistleRow[]> {
  const rows = await queryRows<WhistleRow & { blown_at: string | Date; due_at: string | Date }>(
    db,
    sql`
    SELECT w.id, w.problem, w.status, w.blown_at, w.due_at, w.unit_id, w.region_name,
           coalesce((SELECT json_agg(json_build_object('unitId', a.unit_id, 'arrivedAt', a.arrived_at, 'lateMinutes', a.late_minutes))
                     FROM whistle_attendance a WHERE a.city_id = w.city_id AND a.whistle_id = w.id), '[]') AS attendance
    FROM whistles w
    WHERE w.city_id = ${cityId} AND w.status = 'open' AND w.region_path LIKE ${`${regionPath}%`}
    ORDER BY w.blown_at DESC
    LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    ...r,
    blown_at: new Date(r.blown_at),
    due_at: new Date(r.due_at),
  }));
}

export type PointRow = {
  id: string;
  tracking_code: string;
  lng: number;
  lat: number;
  status: string;
  overdue: boolean;
  received_at: string;
};

/**
 * The most recent located cases of a territory in a period (street level and below). The territory's
 * cases are found first through the region index (a street holds a small share of the city), then the
 * newest taken: scanning the whole city's newest cases for those of one street would read far more.
 */
export async function casePoints(db: Db, cityId: string, regionPath: string, from: Date, to: Date, limit: number): Promise<PointRow[]> {
  return queryRows<PointRow>(
    db,
    sql`
    WITH inside AS MATERIALIZED (
      SELECT id, tracking_code, lng, lat, status, overdue_at IS NOT NULL AS overdue, received_at
      FROM cases
      WHERE city_id = ${cityId} AND region_path LIKE ${`${regionPath}%`}
        AND received_at >= ${from.toISOString()}::timestamptz AND received_at < ${to.toISOString()}::timestamptz
        AND lng IS NOT NULL)
    SELECT * FROM inside ORDER BY received_at DESC LIMIT ${limit}`,
  );
}

export type FeedCaseRow = {
  id: string;
  tracking_code: string;
  text: string;
  category_name: string | null;
  region_path: string;
  region_name: string | null;
  status: string;
  overdue: boolean;
  received_at: string;
};

// The place as a reader of the whole city needs it: street · community · grid (a case placed by address: none).
const feedColumns = sql`c.id, c.tracking_code, left(c.text, 60) AS text, c.category->>'name' AS category_name, c.region_path,
  (SELECT string_agg(r->>'name', ' · ') FROM jsonb_array_elements(c.regions) r WHERE r->>'level' IN ('street', 'community', 'grid'))
    AS region_name,
  c.status, c.overdue_at IS NOT NULL AS overdue, c.received_at`;

/** The cases named by a batch of live events, in one read. */
export async function feedCases(db: Db, cityId: string, ids: string[]): Promise<FeedCaseRow[]> {
  if (ids.length === 0) return [];
  return queryRows<FeedCaseRow>(
    db,
    sql`SELECT ${feedColumns} FROM cases c WHERE c.city_id = ${cityId} AND c.id = ANY(${list(ids)}::uuid[])`,
  );
}

/** The city's latest cases, for the feed when a page opens (in cases_received_idx's order: NULLS LAST as it is built). */
export async function latestCases(db: Db, cityId: string, limit: number): Promise<FeedCaseRow[]> {
  return queryRows<FeedCaseRow>(
    db,
    sql`SELECT ${feedColumns} FROM cases c WHERE c.city_id = ${cityId}
        ORDER BY c.received_at DESC NULLS LAST, c.id DESC NULLS LAST LIMIT ${limit}`,
  );
}

export type FeedWhistleRow = { id: string; problem: string; status: string; region_path: string; region_name: string | null };

export async function feedWhistles(db: Db, cityId: string, ids: string[]): Promise<FeedWhistleRow[]> {
  if (ids.length === 0) return [];
  return queryRows<FeedWhistleRow>(
    db,
    sql`SELECT id, left(problem, 60) AS problem, status, region_path, region_name FROM whistles
        WHERE city_id = ${cityId} AND id = ANY(${list(ids)}::uuid[])`,
  );
}

/** Each category with the top-level category above it (itself, for a top-level one). */
export async function categoryGroups(
  db: Db,
  cityId: string,
): Promise<{ code: string; name: string; group_code: string; group_name: string }[]> {
  return queryRows<{ code: string; name: string; group_code: string; group_name: string }>(
    db,
    sql`
    WITH RECURSIVE tree AS (
      SELECT id, code, name, code AS group_code, name AS group_name FROM categories WHERE city_id = ${cityId} AND parent_id IS NULL
      UNION ALL
      SELECT c.id, c.code, c.name, t.group_code, t.group_name FROM categories c JOIN tree t ON c.parent_id = t.id WHERE c.city_id = ${cityId}
    )
    SELECT code, name, group_code, group_name FROM tree`,
  );
}
