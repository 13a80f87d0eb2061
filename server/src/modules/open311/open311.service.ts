import { and, eq, sql, type SQL } from 'drizzle-orm';
import { phone as phoneSchema, type CaseStatus } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { AppError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { abilitiesOf, type Actor } from '../../lib/policy.ts';
import { actorFromApiKey, accountsRepo } from '../accounts/index.ts';
import { enforceIntakeLimits } from '../../http/limits.ts';
import { hashConfiguredKey } from '../accounts/tokens.ts';
import type { ExtraField } from '../catalogue/index.ts';
import { cases, cityLeaves, submitterOf, takeIn, uploadPhoto, type Leaf } from '../cases/index.ts';
import { orgRepo } from '../org/index.ts';
import { Open311Error, parseW3cDate, w3cDate, type Open311Value } from './open311.format.ts';

// GeoReport v2 over the case loop: the catalogue's leaves are the services, their extra fields the
// attributes, a POST is an intake like any other (routing, deadlines, duplicates, idempotency), and
// the requests are the city's cases as the public may see them: no reporter's name, phone or email.

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const MAX_DESCRIPTION = 4_000;
export const MAX_PAGE_SIZE = 1_000;
const WINDOW_DAYS = 90;
const DAY_MS = 24 * 3600_000;

export type City = NonNullable<Awaited<ReturnType<typeof orgRepo.findCityByKey>>>;

/** The city a request is for: `jurisdiction_id` (the city's slug or code), or the only city there is. */
export async function jurisdiction(ctx: Context, id: string | undefined): Promise<City> {
  if (id) {
    const city = await orgRepo.findCityByKey(ctx.database.db, id);
    if (!city) throw new Open311Error(404, `jurisdiction_id ${id} was not found`);
    return city;
  }
  const all = await orgRepo.listCities(ctx.database.db);
  if (all.length !== 1) throw new Open311Error(400, 'jurisdiction_id was not provided');
  return all[0]!;
}

export function discovery(baseUrl: string): Open311Value {
  return {
    changeset: '2026-11-27T00:00:00+08:00',
    contact: 'Gongzhi 共治 — see the deployment’s 12345 hotline centre',
    key_service: `${baseUrl}/ (an administrator creates API keys under 账户 → API 密钥)`,
    endpoints: [
      {
        specification: SPECIFICATION,
        url: `${baseUrl}/open311/v2`,
        changeset: '2026-11-27T00:00:00+08:00',
        type: 'production',
        formats: ['text/xml', 'application/json'],
        // Extensions beyond the core spec that this endpoint supports.
        extensions: ['pagination (page, page_size)', 'media upload (multipart media)', 'servicerequestupdates'],
      },
    ],
  };
}

const DATATYPES: Record<ExtraField['type'], string> = {
  text: 'text',
  number: 'number',
  date: 'datetime',
  single: 'singlevaluelist',
  multiple: 'multivaluelist',
};

async function leavesOf(ctx: Context, city: City): Promise<Leaf[]> {
  return [...(await cityLeaves(ctx, city.id)).values()].sort((a, b) => a.code.localeCompare(b.code));
}

export async function services(ctx: Context, city: City): Promise<Open311Value> {
  return (await leavesOf(ctx, city)).map((leaf) => ({
    service_code: leaf.code,
    service_name: leaf.name,
    description: leaf.path.join(' / '),
    metadata: leaf.fields.length > 0,
    type: 'realtime',
    keywords: leaf.keywords.join(', '),
    group: leaf.path[0] ?? null,
  }));
}

async function leafOrNotFound(ctx: Context, city: City, code: string): Promise<Leaf> {
  const leaf = (await cityLeaves(ctx, city.id)).get(code);
  if (!leaf) throw new Open311Error(404, `service_code ${code} was not found`);
  return leaf;
}

export async function serviceDefinition(ctx: Context, city: City, code: string): Promise<Open311Value> {
  const leaf = await leafOrNotFound(ctx, city, code);
  return {
    service_code: leaf.code,
    attributes: leaf.fields.map((field, i) => ({
      variable: true,
      code: field.code,
      datatype: DATATYPES[field.type],
      required: field.required,
      datatype_description: field.type === 'date' ? 'YYYY-MM-DD' : null,
      order: i + 1,
      description: field.label,
      values: (field.options ?? []).map((o) => ({ key: o.value, name: o.label })),
    })),
  };
}

/** The account behind an `api_key`: one of the city's keys, allowed to take in cases. */
async function apiActor(ctx: Context, city: City, key: string | undefined): Promise<Actor> {
  const invalid = new Open311Error(403, 'api_key was not provided or is not valid');
  if (!key) throw invalid;
  const actor =
    (await actorFromApiKey(ctx, key)) ??
    (await accountsRepo.findApiKeyActor(ctx.database.db, city.id, hashConfiguredKey(key)).then((row) =>
      row && !row.disabled
        ? ({
            cityId: row.cityId,
            city: { id: row.cityId, code: row.cityCode, slug: row.citySlug, name: row.cityName },
            accountId: row.accountId,
            username: row.username,
            displayName: row.displayName,
            phone: row.phone,
            grants: row.grants,
            via: 'api_key',
          } satisfies Actor)
        : undefined,
    ));
  if (!actor || actor.cityId !== city.id || !abilitiesOf(actor).includes('case.create')) throw invalid;
  return actor;
}

/** A form body as the spec sends it: every name with its values, in order (`attribute[x][]` repeats). */
export type Form = Map<string, string[]>;

const first = (form: Form, name: string): string | undefined => {
  const value = form.get(name)?.[0]?.trim();
  return value === '' ? undefined : value;
};

function number(form: Form, name: string): number | undefined {
  const value = first(form, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Open311Error(400, `${name} must be a number`);
  return n;
}

// HTML elements (a resident's 《…》 or <某某公司> is text, <script> or <br> is markup): the description is plain text.
const MARKUP =
  /<\s*\/?\s*(script|style|iframe|frame|object|embed|img|svg|math|a|b|i|u|s|p|div|span|br|hr|table|tr|td|th|form|input|button|textarea|select|link|meta|base|html|body|head|font|center|h[1-6]|ul|ol|li|em|strong|pre|code|video|audio|source)\b[^>]*>/i;

function attributes(form: Form, leaf: Leaf): Record<string, unknown> {
  const fields = new Map(leaf.fields.map((f) => [f.code, f]));
  const values: Record<string, unknown> = {};
  for (const [name, list] of form) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(name);
    if (!match) continue;
    const field = fields.get(match[1]!);
    if (!field) throw new Open311Error(400, `attribute ${match[1]} is not defined for service ${leaf.code}`);
    const given = list.map((v) => v.trim()).filter((v) => v !== '');
    if (given.length === 0) continue;
    if (field.type === 'multiple') values[field.code] = given;
    else if (given.length > 1) throw new Open311Error(400, `attribute ${field.code} takes one value`);
    else if (field.type === 'number') {
      const n = Number(given[0]);
      if (!Number.isFinite(n)) throw new Open311Error(400, `attribute ${field.code} must be a number`);
      values[field.code] = n;
    } else values[field.code] = given[0];
  }
  return values;
}

/** Intake errors in the spec's terms: what the client cannot fix is 400, what it may not do 403, what is not there 404. */
function asOpen311(error: unknown): never {
  if (error instanceof AppError) {
    const description =
      error.code === 'outside_jurisdiction'
        ? 'the location is outside this jurisdiction'
        : error.code === 'invalid_fields'
          ? `attribute: ${error.message}`
          : error.message;
    if (error.statusCode === 401 || error.statusCode === 403) throw new Open311Error(403, description);
    if (error.statusCode === 404) throw new Open311Error(404, description);
    if (error.statusCode < 500) throw new Open311Error(400, description);
  }
  throw error;
}

export interface Media {
  bytes: Buffer;
}

/** POST requests: validates the form as the spec says, then takes the case in like any other channel. */
export async function createRequest(
  ctx: Context,
  city: City,
  form: Form,
  media: Media | undefined,
  idempotencyKey: string | undefined,
  clientAddress: string,
): Promise<Open311Value> {
  const apiKey = first(form, 'api_key');
  const actor = await apiActor(ctx, city, apiKey);
  // An app's key is shared by all its users: per key and per address.
  enforceIntakeLimits(ctx, actor, clientAddress, apiKey);
  const code = first(form, 'service_code');
  if (!code) throw new Open311Error(400, 'service_code was not provided');
  const leaf = await leafOrNotFound(ctx, city, code);
  const lat = number(form, 'lat');
  const lng = number(form, 'long');
  if ((lat === undefined) !== (lng === undefined)) throw new Open311Error(400, 'lat and long go together');
  if (lat !== undefined && (Math.abs(lat) > 90 || Math.abs(lng!) > 180)) throw new Open311Error(400, 'lat or long is out of range');
  let address = first(form, 'address_string');
  const addressId = first(form, 'address_id');
  if (addressId !== undefined) {
    // The city's address register is its regions: an address_id is a grid, community or street code.
    const region = await orgRepo.findRegionByCode(ctx.database.db, city.id, addressId);
    if (!region) throw new Open311Error(400, `address_id ${addressId} is not a known address`);
    address ??= region.name;
  }
  if (lat === undefined && !address)
    throw new Open311Error(400, 'location was not provided: give lat and long, address_string or address_id');
  const description = first(form, 'description') ?? '';
  if ([...description].length > MAX_DESCRIPTION) throw new Open311Error(400, `description is longer than ${MAX_DESCRIPTION} characters`);
  if (MARKUP.test(description)) throw new Open311Error(400, 'description must be plain text, without HTML markup');
  const mediaUrl = first(form, 'media_url');
  if (mediaUrl !== undefined && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 2_000)) {
    throw new Open311Error(400, 'media_url must be an http or https URL');
  }
  const phone = first(form, 'phone');
  if (phone !== undefined && !phoneSchema.safeParse(phone).success) throw new Open311Error(400, 'phone is not a valid phone number');
  // 姓 then 名 for Chinese names; Latin names keep the order and a space.
  const [firstName, lastName] = [first(form, 'first_name'), first(form, 'last_name')];
  const cjk = /\p{Script=Han}/u.test(`${firstName ?? ''}${lastName ?? ''}`);
  const name = [lastName, firstName].filter(Boolean).join(cjk ? '' : ' ') || undefined;
  const fields = attributes(form, leaf);

  try {
    const photos = media ? [(await uploadPhoto(ctx, city.id, actor.accountId, media.bytes)).id] : [];
    const result = await takeIn(
      ctx,
      submitterOf(actor),
      {
        text: description || leaf.name,
        categoryCode: leaf.code,
        urgency: 'normal',
        location: lat === undefined ? undefined : { lat, lng: lng! },
        address,
        reporter: name || phone ? { name, phone, anonymous: false } : undefined,
        fields,
        photos,
        channel: 'open311',
        route: true,
        // The client's own references, kept on the first event of the timeline (email is not kept: residents are called back by phone).
        open311: {
          mediaUrl: mediaUrl ?? (photos[0] ? mediaPath(city, photos[0]) : null),
          deviceId: first(form, 'device_id') ?? null,
          accountId: first(form, 'account_id') ?? null,
        },
      },
      idempotencyKey,
      actor,
    );
    const created = result.body.case;
    return [
      {
        service_request_id: created.trackingCode,
        token: created.id,
        service_notice: created.dueAt
          ? `已受理，编号 ${created.trackingCode}，将于 ${w3cDate(new Date(created.dueAt))!.slice(0, 10)} 前办结`
          : `已受理，编号 ${created.trackingCode}`,
        account_id: null,
      },
    ];
  } catch (error) {
    return asOpen311(error);
  }
}

/** Where an uploaded media file is served (relative to the deployment's public address). */
export const mediaPath = (city: City, attachmentId: string): string => `/open311/v2/media/${city.slug}/${attachmentId}`;

const CLOSED: CaseStatus[] = ['replied', 'closed', 'withdrawn', 'merged'];
const OPEN: CaseStatus[] = ['received', 'returned', 'dispatched', 'accepted', 'handling', 'suspended'];

/** status_notes by status; `{unit}` is the lead unit's name. */
const STATUS_NOTES: Record<CaseStatus, string> = {
  received: '已受理，等待派单',
  returned: '重新派单中',
  dispatched: '已派至{unit}',
  accepted: '{unit}已签收',
  handling: '{unit}办理中',
  suspended: '暂停办理（挂起）',
  replied: '已办结，等待回访',
  closed: '已办结',
  withdrawn: '诉求人已撤回',
  merged: '与同一问题的其他诉求合并办理',
};

// Mobile numbers written into a description are masked (139****5678): the public sees the problem, not the person.
const PHONE_IN_TEXT = '(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])';
const PHONE_MASK = '\\1****\\2';

export interface RequestQuery {
  ids?: string[];
  serviceCodes?: string[];
  start?: Date;
  end?: Date;
  statuses?: ('open' | 'closed')[];
  page: number;
  pageSize: number;
}

/** Reads the GET query: comma lists, W3C dates, the 90-day window, page and page_size. Throws 400 on a malformed value. */
export function requestQuery(query: Record<string, string | undefined>, now: Date): RequestQuery {
  const list = (name: string): string[] | undefined => {
    const items = query[name]
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return items && items.length > 0 ? items : undefined;
  };
  const integer = (name: string, fallback: number, max: number): number => {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
      throw new Open311Error(400, `${name} must be a whole number from 1 to ${max}`);
    return Number(raw);
  };
  const page = integer('page', 1, 100_000);
  const pageSize = integer('page_size', MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const ids = list('service_request_id');
  // With ids, the spec ignores every other filter.
  if (ids) return { ids: ids.slice(0, MAX_PAGE_SIZE), page: 1, pageSize: MAX_PAGE_SIZE };
  const statuses = list('status');
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed');
  let start = parseW3cDate('start_date', query.start_date);
  let end = parseW3cDate('end_date', query.end_date);
  if (start && end && start > end) throw new Open311Error(400, 'start_date is after end_date');
  if (start && end && end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS) {
    throw new Open311Error(400, `start_date and end_date may not span more than ${WINDOW_DAYS} days`);
  }
  if (!start && !end) end = now;
  if (!start) start = new Date(end!.getTime() - WINDOW_DAYS * DAY_MS);
  if (!end) end = new Date(start.getTime() + WINDOW_DAYS * DAY_MS);
  return { serviceCodes: list('service_code'), start, end, statuses: statuses as ('open' | 'closed')[] | undefined, page, pageSize };
}

const w3cSql = (column: SQL): SQL => sql`to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')`;

/**
 * Each request's JSON text as last built, by case id, with the version of the case it was built from.
 * A list reads only its page's ids and versions, and builds (in PostgreSQL) the records it does not hold:
 * pollers and overlapping windows ask the same records again and again. A record is rebuilt when its case
 * changes, and at the latest a minute after it was built (a renamed unit or city shows within a minute).
 */
export class RecordCache {
  private readonly records = new Map<string, { version: string; json: Buffer; at: number }>();
  constructor(
    private readonly max: number,
    private readonly ttlMs = 60_000,
  ) {}
  get(id: string, version: string, now: number): Buffer | undefined {
    const entry = this.records.get(id);
    return entry && entry.version === version && now - entry.at < this.ttlMs ? entry.json : undefined;
  }
  set(id: string, version: string, json: Buffer, now: number): void {
    if (this.max === 0) return;
    this.records.delete(id);
    // The oldest built go first (a Map keeps the order of insertion).
    while (this.records.size >= this.max) this.records.delete(this.records.keys().next().value!);
    this.records.set(id, { version, json, at: now });
  }
}

/**
 * The requests of a city as the public sees them, newest first, as the answer's JSON in UTF-8: the
 * records are kept as bytes and the answer is their concatenation (nothing is encoded per answer).
 */
export async function listRequestsJson(ctx: Context, city: City, query: RequestQuery, cache: RecordCache): Promise<Buffer> {
  const conditions: SQL[] = [sql`c.city_id = ${city.id}::uuid`];
  if (query.ids) conditions.push(sql`c.tracking_code IN (${list(query.ids)})`);
  if (query.serviceCodes) conditions.push(sql`c.category_code IN (${list(query.serviceCodes)})`);
  if (query.start) conditions.push(sql`c.received_at >= ${query.start.toISOString()}::timestamptz`);
  if (query.end) conditions.push(sql`c.received_at < ${query.end.toISOString()}::timestamptz`);
  if (query.statuses?.length === 1) conditions.push(sql`c.status IN (${list(query.statuses[0] === 'open' ? OPEN : CLOSED)})`);
  // The page in cases_received_idx's order (NULLS LAST, as the index is built: the default NULLS FIRST of
  // DESC would sort the whole window), with each case's version.
  const page = await queryRows<{ id: string; version: string }>(
    ctx.database.db,
    sql`SELECT c.id::text AS id, c.version || '@' || c.updated_at AS version FROM cases c
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY c.received_at DESC NULLS LAST, c.id DESC NULLS LAST
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  const now = Date.now();
  const records: (Buffer | undefined)[] = page.map((row) => cache.get(row.id, row.version, now));
  const missing = page.filter((_, i) => records[i] === undefined).map((row) => row.id);
  if (missing.length > 0) {
    const built = new Map<string, Buffer>();
    for (const row of await buildRecords(ctx, city, missing)) {
      const json = Buffer.from(row.json);
      built.set(row.id, json);
      cache.set(row.id, row.version, json, now);
    }
    page.forEach((row, i) => (records[i] ??= built.get(row.id)));
  }
  // A case deleted between the two reads is left out.
  const items = records.filter((json) => json !== undefined).flatMap((json, i) => (i === 0 ? [json] : [JSON_BYTES.comma, json]));
  return Buffer.concat([JSON_BYTES.open, ...items, JSON_BYTES.close]);
}

const JSON_BYTES = { open: Buffer.from('['), comma: Buffer.from(','), close: Buffer.from(']') };

/** Values as SQL parameters separated by commas. */
const list = (values: readonly string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The public records of some cases of a city, built from their rows, with the version each was built from. */
async function buildRecords(ctx: Context, city: City, ids: string[]): Promise<{ id: string; version: string; json: string }[]> {
  const notes = sql.join(
    Object.entries(STATUS_NOTES).map(([status, note]) => sql`WHEN ${status} THEN replace(${note}, '{unit}', coalesce(u.name, '承办单位'))`),
    sql` `,
  );
  return queryRows<{ id: string; version: string; json: string }>(
    ctx.database.db,
    sql`SELECT r.id::text AS id, r.version || '@' || r.updated_at AS version, json_build_object(
          'service_request_id', r.tracking_code,
          'status', CASE WHEN r.status IN (${list(CLOSED)}) THEN 'closed' ELSE 'open' END,
          'status_notes', CASE r.status ${notes} END,
          'service_name', r.category ->> 'name',
          'service_code', coalesce(r.category_code, ''),
          'description', regexp_replace(r.text, ${PHONE_IN_TEXT}, ${PHONE_MASK}, 'g'),
          'agency_responsible', u.name,
          'service_notice', NULL,
          'requested_datetime', ${w3cSql(sql`r.received_at`)},
          'updated_datetime', ${w3cSql(sql`r.updated_at`)},
          'expected_datetime', ${w3cSql(sql`r.due_at`)},
          'address', coalesce(r.address, (SELECT ${city.name} || ' ' || string_agg(x ->> 'name', ' ' ORDER BY n)
                                           FROM jsonb_array_elements(r.regions) WITH ORDINALITY AS t(x, n))),
          'address_id', NULL,
          'zipcode', NULL,
          'lat', r.lat,
          'long', r.lng,
          -- Only a request that came in by Open311 has media on its first event.
          'media_url', CASE WHEN r.channel = 'open311' THEN
            (SELECT CASE WHEN left(m.media, 1) = '/' THEN ${ctx.config.publicUrl} ELSE '' END || m.media
             FROM (SELECT e.data #>> '{open311,mediaUrl}' AS media FROM case_events e
                   WHERE e.city_id = r.city_id AND e.case_id = r.id AND e.seq = 1) m) END
        )::text AS json
        FROM cases r LEFT JOIN units u ON u.city_id = r.city_id AND u.id = r.lead_unit_id
        WHERE r.city_id = ${city.id}::uuid AND r.id = ANY(ARRAY[${list(ids)}]::uuid[])`,
  );
}

/** tokens/{token}: the token a POST answered (the case's id) to its service_request_id. */
export async function requestForToken(ctx: Context, city: City, token: string): Promise<Open311Value> {
  const [row] = isUuid(token)
    ? await ctx.database.db
        .select({ trackingCode: cases.trackingCode })
        .from(cases)
        .where(and(eq(cases.cityId, city.id), eq(cases.id, token)))
    : [];
  if (!row) throw new Open311Error(404, `token ${token} was not found`);
  return [{ service_request_id: row.trackingCode, token }];
}

/** FixMyStreet's update states for the steps of the timeline the public may follow (a callback: by its outcome). */
const UPDATES: Record<string, { state: string; text: string }> = {
  'case.dispatched': { state: 'open', text: '已派单' },
  'case.accepted': { state: 'investigating', text: '承办单位已签收' },
  'case.started': { state: 'in_progress', text: '承办单位开始办理' },
  'case.returned': { state: 'internal_referral', text: '承办单位退单，重新派单中' },
  'case.return_arbitrated': { state: 'open', text: '已重新派单' },
  'case.suspended': { state: 'action_scheduled', text: '暂停办理' },
  'case.resumed': { state: 'in_progress', text: '恢复办理' },
  'case.escalated': { state: 'in_progress', text: '已提级督办' },
  'case.replied': { state: 'fixed', text: '已办结，等待回访' },
  'case.callback_recorded': { state: 'closed', text: '回访完成，已办结' },
  'case.closed': { state: 'closed', text: '已办结' },
  'case.withdrawn': { state: 'closed', text: '诉求人已撤回' },
  'case.merged': { state: 'duplicate', text: '与同一问题的其他诉求合并办理' },
};
const REOPENED = { state: 'open', text: '回访不满意，重新办理' };

/** servicerequestupdates: the public steps of every case in a window (default: the last day), oldest first. */
export async function listUpdates(ctx: Context, city: City, query: Record<string, string | undefined>): Promise<Open311Value> {
  let start = parseW3cDate('start_date', query.start_date);
  let end = parseW3cDate('end_date', query.end_date);
  if (!end) end = start ? new Date(start.getTime() + WINDOW_DAYS * DAY_MS) : ctx.now();
  if (!start) start = new Date(end.getTime() - DAY_MS);
  if (start > end) throw new Open311Error(400, 'start_date is after end_date');
  if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS)
    throw new Open311Error(400, `the window may not span more than ${WINDOW_DAYS} days`);
  const types = Object.keys(UPDATES);
  const rows = await queryRows<{
    case_id: string;
    seq: number;
    type: string;
    at: Date | string;
    tracking_code: string;
    unit: string | null;
    outcome: string | null;
  }>(
    ctx.database.db,
    sql`SELECT e.case_id, e.seq, e.type, e.at, c.tracking_code, e.data ->> 'unitName' AS unit, e.data ->> 'outcome' AS outcome
        FROM case_events e JOIN cases c ON c.city_id = e.city_id AND c.id = e.case_id
        WHERE e.city_id = ${city.id}::uuid AND e.at >= ${start.toISOString()}::timestamptz AND e.at < ${end.toISOString()}::timestamptz
          AND e.type IN (${sql.join(
            types.map((t) => sql`${t}`),
            sql`, `,
          )})
        ORDER BY e.at, e.case_id, e.seq
        LIMIT ${MAX_PAGE_SIZE}`,
  );
  return rows.map((row) => {
    const update = row.outcome === 'reopened' ? REOPENED : UPDATES[row.type]!;
    return {
      update_id: `${row.case_id}-${row.seq}`,
      service_request_id: row.tracking_code,
      status: update.state,
      updated_datetime: w3cDate(new Date(row.at))!,
      description: row.type === 'case.dispatched' && row.unit ? `已派至${row.unit}` : update.text,
      media_url: null,
    };
  });
}

/** An uploaded media file of an Open311 request, public like the request itself. */
export async function readMedia(ctx: Context, city: City, attachmentId: string) {
  if (!isUuid(attachmentId)) throw new Open311Error(404, 'media was not found');
  const [row] = await queryRows<{ content_type: string; content: Buffer }>(
    ctx.database.db,
    sql`SELECT a.content_type, a.content FROM attachments a
        JOIN case_events e ON e.city_id = a.city_id AND e.case_id = a.case_id AND e.seq = 1
        WHERE a.city_id = ${city.id}::uuid AND a.id = ${attachmentId}::uuid
          AND e.data #>> '{open311,mediaUrl}' = ${mediaPath(city, attachmentId)}`,
  );
  if (!row) throw new Open311Error(404, 'media was not found');
  return { contentType: row.content_type, content: row.content };
}
