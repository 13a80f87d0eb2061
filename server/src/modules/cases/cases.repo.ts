import { and, asc, eq, getTableColumns, gte, isNotNull, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import { caseEvents, cases, idempotencyKeys, notifications, smsOutbox, callbackLinks } from './cases.schema.ts';

// All SQL of the cases module.

export type CaseRow = typeof cases.$inferSelect;
export type CaseInsert = typeof cases.$inferInsert;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type NotificationInsert = typeof notifications.$inferInsert;

export interface NewEvent {
  type: string;
  at: Date;
  actorAccountId: string | null;
  actorName: string | null;
  actorUnitName: string | null;
  data: Record<string, unknown>;
}

/** snake_case keys and ISO dates, as json_populate_record reads them. */
function toRecord(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined) continue;
    out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function insertFromJson(table: string, rows: Record<string, unknown>[]): SQL {
  const records = rows.map(toRecord);
  const columns = sql.raw([...new Set(records.flatMap((r) => Object.keys(r)))].join(', '));
  return sql`INSERT INTO ${sql.raw(table)} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${sql.raw(table)}, ${JSON.stringify(records)}::json)`;
}

/** A case taken in, with all that is written with it. */
export interface NewCase {
  row: CaseInsert;
  events: NewEvent[];
  key: { principal: string; key: string; requestHash: string } | null;
  notices: NotificationInsert[];
  sms: typeof smsOutbox.$inferInsert | null;
}

/**
 * New cases, their first events, idempotency keys, notifications and text messages in one statement (one round
 * trip, one commit): either all of it is there or none. A key already used raises a unique violation.
 */
export async function insertNewCases(db: Db, list: NewCase[]): Promise<void> {
  const parts: SQL[] = [
    sql`c AS (${insertFromJson(
      'cases',
      list.map((c) => c.row as unknown as Record<string, unknown>),
    )} RETURNING id)`,
  ];
  const add = (name: string, table: string, rows: object[]): void => {
    if (rows.length > 0) parts.push(sql`${sql.raw(name)} AS (${insertFromJson(table, rows as Record<string, unknown>[])})`);
  };
  add(
    'e',
    'case_events',
    list.flatMap(({ row, events }) => events.map((event, i) => ({ cityId: row.cityId, caseId: row.id, seq: i + 1, ...event }))),
  );
  add(
    'k',
    'idempotency_keys',
    list.flatMap(({ row, key }) => (key ? [{ cityId: row.cityId, caseId: row.id, createdAt: row.receivedAt, ...key }] : [])),
  );
  add(
    'n',
    'notifications',
    list.flatMap((c) => c.notices),
  );
  add(
    's',
    'sms_outbox',
    list.flatMap((c) => (c.sms ? [c.sms] : [])),
  );
  await db.execute(sql`WITH ${sql.join(parts, sql`, `)} SELECT count(*) FROM c`);
}

export async function findIdempotencyKey(db: Db, cityId: string, principal: string, key: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.cityId, cityId), eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  return row;
}

export async function findCase(db: Db, cityId: string, id: string, lock = false): Promise<CaseRow | undefined> {
  const query = db
    .select()
    .from(cases)
    .where(and(eq(cases.cityId, cityId), eq(cases.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Cases taken in from a number since a time (the caller's repeats: index on city, phone, received). */
export async function countCasesByPhone(db: Db, cityId: string, phone: string, since: Date): Promise<number> {
  return (await countCasesByPhones(db, [{ cityId, phone, since }]))[0]!;
}

/** countCasesByPhone for several numbers at once (intake's group commit), in their order. */
export async function countCasesByPhones(db: Db, items: { cityId: string; phone: string; since: Date }[]): Promise<number[]> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM cases c
                WHERE c.city_id = k.city_id AND c.reporter_phone = k.phone AND c.received_at >= k.since)::int AS n
        FROM json_to_recordset(${JSON.stringify(items.map((item, i) => ({ city_id: item.cityId, phone: item.phone, since: item.since, i })))}::json)
             AS k(city_id uuid, phone text, since timestamptz, i int)
        ORDER BY k.i`,
  );
  return rows.map((r) => Number(r.n));
}

export async function findCaseByTrackingCode(db: Db, cityId: string, code: string): Promise<CaseRow | undefined> {
  const [row] = await db
    .select()
    .from(cases)
    .where(and(eq(cases.cityId, cityId), eq(cases.trackingCode, code)));
  return row;
}

export async function updateCase(db: Db, cityId: string, id: string, patch: Partial<CaseInsert>): Promise<void> {
  await db
    .update(cases)
    .set(patch)
    .where(and(eq(cases.cityId, cityId), eq(cases.id, id)));
}

/** Appends events after the case's last one; the caller holds the case's row lock, so numbers never collide. */
export async function appendEvents(db: Db, cityId: string, caseId: string, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const records = events.map((event, i) => toRecord({ ...event, ord: i + 1 }));
  await db.execute(sql`
    INSERT INTO case_events (city_id, case_id, seq, type, at, actor_account_id, actor_name, actor_unit_name, data)
    SELECT ${cityId}::uuid, ${caseId}::uuid,
           (SELECT coalesce(max(seq), 0) FROM case_events WHERE city_id = ${cityId}::uuid AND case_id = ${caseId}::uuid) + e.ord,
           e.type, e.at, e.actor_account_id, e.actor_name, e.actor_unit_name, e.data
    FROM json_to_recordset(${JSON.stringify(records)}::json)
      AS e(ord int, type text, at timestamptz, actor_account_id uuid, actor_name text, actor_unit_name text, data jsonb)`);
}

export function listEvents(db: Db, cityId: string, caseId: string): Promise<CaseEventRow[]> {
  return db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.cityId, cityId), eq(caseEvents.caseId, caseId)))
    .orderBy(asc(caseEvents.seq));
}

/** About 400 m in latitude; longitude widens with the cosine of the latitude. */
const NEAR_DEGREES = 0.004;

/**
 * Open cases that could be the same problem: the same category (or, without one, the same region),
 * received since `since`, within a box around the point when there is one; newest first.
 */
export function duplicateCandidates(
  db: Db,
  cityId: string,
  filter: { categoryCode: string | null; regionPath: string; location: { lng: number; lat: number } | null; since: Date },
  max = 50,
): Promise<CaseRow[]> {
  const conditions: SQL[] = [
    eq(cases.cityId, cityId),
    filter.categoryCode === null ? eq(cases.regionPath, filter.regionPath) : eq(cases.categoryCode, filter.categoryCode),
    gte(cases.receivedAt, filter.since),
    sql`${cases.status} NOT IN ('replied', 'closed', 'withdrawn', 'merged')`,
  ];
  if (filter.location) {
    const { lng, lat } = filter.location;
    const dLng = NEAR_DEGREES / Math.max(0.2, Math.cos((lat * Math.PI) / 180));
    conditions.push(sql`${cases.lat} BETWEEN ${lat - NEAR_DEGREES} AND ${lat + NEAR_DEGREES}`);
    conditions.push(sql`${cases.lng} BETWEEN ${lng - dLng} AND ${lng + dLng}`);
  }
  return db
    .select()
    .from(cases)
    .where(and(...conditions))
    .orderBy(sql`${cases.receivedAt} DESC`)
    .limit(max);
}

const caseColumns = Object.entries(getTableColumns(cases));

/** A row of `SELECT * FROM cases` by raw SQL as the query builder would give it (camelCase keys, dates, JSON). */
function caseRowOf(raw: Record<string, unknown>): CaseRow {
  const row: Record<string, unknown> = {};
  for (const [key, column] of caseColumns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as CaseRow;
}

/**
 * duplicateCandidates for several cases with a category and a point, in one statement: result[i]
 * answers filters[i].
 */
export async function nearDuplicateCandidates(
  db: Db,
  filters: { cityId: string; categoryCode: string; location: { lng: number; lat: number }; since: Date }[],
  max = 50,
): Promise<CaseRow[][]> {
  const queries = filters.map((f, i) => {
    const dLng = NEAR_DEGREES / Math.max(0.2, Math.cos((f.location.lat * Math.PI) / 180));
    return {
      i,
      city_id: f.cityId,
      category_code: f.categoryCode,
      since: f.since.toISOString(),
      lat_min: f.location.lat - NEAR_DEGREES,
      lat_max: f.location.lat + NEAR_DEGREES,
      lng_min: f.location.lng - dLng,
      lng_max: f.location.lng + dLng,
    };
  });
  const rows = await queryRows<Record<string, unknown> & { query_index: number }>(
    db,
    sql`SELECT q.i AS query_index, c.*
        FROM json_to_recordset(${JSON.stringify(queries)}::json)
             AS q(i int, city_id uuid, category_code text, since timestamptz, lat_min float8, lat_max float8, lng_min float8, lng_max float8)
        CROSS JOIN LATERAL (
          SELECT * FROM cases
          WHERE city_id = q.city_id AND category_code = q.category_code AND received_at >= q.since
            AND status NOT IN ('replied', 'closed', 'withdrawn', 'merged')
            AND lat BETWEEN q.lat_min AND q.lat_max AND lng BETWEEN q.lng_min AND q.lng_max
          ORDER BY received_at DESC LIMIT ${max}) c`,
  );
  const result = filters.map((): CaseRow[] => []);
  for (const raw of rows) result[raw.query_index]!.push(caseRowOf(raw));
  return result;
}

export async function insertNotifications(db: Db, rows: NotificationInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

export async function insertSms(db: Db, row: typeof smsOutbox.$inferInsert): Promise<void> {
  await db.insert(smsOutbox).values(row);
}

export async function insertCallbackLink(db: Db, row: typeof callbackLinks.$inferInsert): Promise<void> {
  await db.insert(callbackLinks).values(row);
}

export async function findCallbackLink(db: Db, tokenHash: string) {
  const [row] = await db.select().from(callbackLinks).where(eq(callbackLinks.tokenHash, tokenHash));
  return row;
}

export async function useCallbackLink(db: Db, tokenHash: string, at: Date): Promise<boolean> {
  const rows = await queryRows<{ token_hash: string }>(
    db,
    sql`UPDATE callback_links SET used_at = ${at.toISOString()}::timestamptz WHERE token_hash = ${tokenHash} AND used_at IS NULL RETURNING token_hash`,
  );
  return rows.length === 1;
}

/**
 * Many new cases with their first events (events[i] belongs to rows[i]) and notifications, 1,000 JSON
 * rows per statement: for an import or the demo city, inside the caller's transaction. The rows of one
 * call share their keys (a key missing from one row would write NULL, not the column's default).
 */
export async function insertCases(db: Db, rows: CaseInsert[], events: NewEvent[][], notices: NotificationInsert[] = []): Promise<void> {
  const eventRows = rows.flatMap((row, i) =>
    (events[i] ?? []).map((event, j) => ({ cityId: row.cityId, caseId: row.id, seq: j + 1, ...event })),
  );
  const tables: [string, Record<string, unknown>[]][] = [
    ['cases', rows as unknown as Record<string, unknown>[]],
    ['case_events', eventRows],
    ['notifications', notices as Record<string, unknown>[]],
  ];
  for (const [table, list] of tables) {
    for (let i = 0; i < list.length; i += 1_000) await db.execute(insertFromJson(table, list.slice(i, i + 1_000)));
  }
}

/** Marks a city's waiting text messages as sent when they were written: the demo city's made-up history never reaches a gateway. */
export async function markSmsSent(db: Db, cityId: string): Promise<void> {
  await db.execute(sql`UPDATE sms_outbox SET sent_at = created_at WHERE city_id = ${cityId}::uuid AND sent_at IS NULL`);
}

/** The text of every case of a city with its current category (after any correction), for the classifier to learn from. */
export function categorisedTexts(db: Db, cityId: string): Promise<{ text: string; categoryCode: string }[]> {
  return db
    .select({ text: cases.text, categoryCode: sql<string>`${cases.categoryCode}` })
    .from(cases)
    .where(and(eq(cases.cityId, cityId), isNotNull(cases.categoryCode)))
    .orderBy(cases.id);
}
