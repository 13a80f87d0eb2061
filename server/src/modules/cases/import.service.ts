import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { caseCreate, caseUrgency, lngLat, phone, type ImportFailure } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { cityCalendar, cityUnits } from './cases.directory.ts';
import * as repo from './cases.repo.ts';
import { prepareCase, submitterOf, type IntakeInput, type PreparedCase } from './intake.service.ts';
import { notifyUnit, publishChange } from './notify.ts';

// Bulk intake from CSV (a hotline's export, a paper register typed in): every row goes through the
// same checks, locating, routing and deadlines as one case taken in by hand; one bad row refuses
// the whole file. Duplicates are not looked for and residents get no text message: the cases are
// history being carried over, not calls being answered now.

/** At most this many refused rows are listed (the message still counts them all). */
export const MAX_LISTED_FAILURES = 1_000;

/** Our column names, and the headers of the 12345 exports that mean the same. */
const COLUMN_ALIASES: Record<string, string> = {
  投诉件内容: 'text',
  标题: 'title',
  区域: 'address',
  '时间(日期)': 'received_at',
  '匿名(1)/实名(0)': 'anonymous',
};

export interface ImportResult {
  created: number;
  /** Taken in without a unit: waiting in the dispatch queue. */
  queued: number;
  /** Sent straight to a unit by the routing rules. */
  routed: number;
}

type Cells = Record<string, string>;
type RowCheck = { ok: true; input: IntakeInput } | { ok: false; reason: string };

const blank = (value: string | undefined): value is undefined | '' => value === undefined || value === '';

/** One column's value through a schema; the reason names the column. */
function check<T>(column: string, schema: z.ZodType<T>, value: unknown): { value: T } | { reason: string } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { value: parsed.data } : { reason: `${column}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', '是']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', '否']);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** An ISO date-time, or a date (midnight in the city's time zone); a time without a zone is the city's wall time. */
export function parseReceivedAt(value: string, cityOffsetMinutes: number): Date | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const milliseconds = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds));
  // Date.UTC rolls 2024-02-30 over into March and 25:00 into the next day: what does not round-trip is refused.
  const parts = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes()];
  if (parts.join() !== [year, month, day, hour, minute].join() || second > 59) return null;
  const zone = m[8];
  const sign = zone?.startsWith('-') ? -1 : 1;
  const offsetMinutes =
    zone === undefined ? cityOffsetMinutes : zone === 'Z' ? 0 : sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return new Date(wall.getTime() - offsetMinutes * 60_000);
}

/** The intake of one CSV row, or why it cannot be taken in (before locating and routing). */
function rowInput(cells: Cells, now: Date, offsetMinutes: number): RowCheck {
  const refuse = (reason: string): RowCheck => ({ ok: false, reason });
  const title = cells.title ?? '';
  const text = check('text', caseCreate.shape.text, title && cells.text ? `${title}：${cells.text}` : cells.text || title);
  if ('reason' in text) return refuse(text.reason);
  const urgency = check('urgency', caseUrgency, cells.urgency || 'normal');
  if ('reason' in urgency) return refuse(urgency.reason);
  let location: IntakeInput['location'];
  if (!blank(cells.lng) || !blank(cells.lat)) {
    if (blank(cells.lng) || blank(cells.lat)) return refuse('lng and lat: give both or neither');
    const point = check('lng/lat', lngLat, { lng: Number(cells.lng), lat: Number(cells.lat) });
    if ('reason' in point) return refuse(point.reason);
    location = point.value;
  }
  const address = blank(cells.address) ? undefined : check('address', caseCreate.shape.address, cells.address);
  if (address && 'reason' in address) return refuse(address.reason);
  const name = blank(cells.reporter_name) ? undefined : check('reporter_name', z.string().max(50), cells.reporter_name);
  if (name && 'reason' in name) return refuse(name.reason);
  const phoneNumber = blank(cells.reporter_phone) ? undefined : check('reporter_phone', phone, cells.reporter_phone);
  if (phoneNumber && 'reason' in phoneNumber) return refuse(phoneNumber.reason);
  const anonymousWord = (cells.anonymous ?? '').toLowerCase();
  if (anonymousWord && !TRUE_WORDS.has(anonymousWord) && !FALSE_WORDS.has(anonymousWord)) {
    return refuse(`anonymous: ${cells.anonymous} is not 1/0, true/false or 是/否`);
  }
  const anonymous = TRUE_WORDS.has(anonymousWord);
  let receivedAt: Date | undefined;
  if (!blank(cells.received_at)) {
    const parsed = parseReceivedAt(cells.received_at, offsetMinutes);
    if (!parsed) return refuse(`received_at: ${cells.received_at} is not an ISO date-time or a date (YYYY-MM-DD)`);
    if (parsed > now) return refuse(`received_at: ${cells.received_at} is in the future`);
    receivedAt = parsed;
  }
  let fields: Record<string, unknown> | undefined;
  if (!blank(cells.fields)) {
    const json = z.record(z.string(), z.unknown()).safeParse(safeJson(cells.fields));
    if (!json.success) return refuse('fields: not a JSON object of the extra field values');
    fields = json.data;
  }
  return {
    ok: true,
    input: {
      text: text.value,
      categoryCode: cells.category_code || undefined,
      urgency: urgency.value,
      location,
      address: address?.value,
      reporter: name || phoneNumber || anonymous ? { name: name?.value, phone: phoneNumber?.value, anonymous } : undefined,
      fields,
      channel: 'import',
      route: true,
      ...(receivedAt ? { receivedAt } : {}),
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The file's records with our column names; refuses what is not CSV or lacks the text column. */
function readCsv(body: string): { header: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(body, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new AppError(400, 'invalid_csv', `The CSV cannot be read: ${(error as Error).message}`);
  }
  const [first, ...rows] = records;
  if (!first) throw new AppError(400, 'import_failed', 'The file is empty', []);
  const header = first.map((h) => {
    const name = h.trim();
    return COLUMN_ALIASES[name] ?? name.toLowerCase();
  });
  if (!header.includes('text')) throw new AppError(400, 'invalid_csv', 'The header has no column text (or 投诉件内容)');
  if (rows.length === 0) throw new AppError(400, 'import_failed', 'The file holds no rows', []);
  return { header, rows };
}

/**
 * Imports cases from CSV (columns in docs: text, category_code, urgency, lng, lat, address, reporter_name,
 * reporter_phone, anonymous, received_at, fields; or a 12345 export's Chinese headers). All or nothing.
 * Row = the record's number in the file with the header as row 1 (as a spreadsheet numbers it, even
 * when a quoted field spans several lines), as in the units import.
 */
export async function importCasesCsv(ctx: Context, actor: Actor, body: string): Promise<ImportResult> {
  requireScope(actor, 'case.create');
  if (actor.grants.every((g) => g.role === 'resident')) {
    throw new AppError(403, 'forbidden', 'Residents report their own cases one by one');
  }
  const { header, rows } = readCsv(body);
  const submitter = { ...submitterOf(actor), reporterAccountId: null };
  const [units, calendar] = await Promise.all([cityUnits(ctx, actor.cityId), cityCalendar(ctx, actor.cityId)]);
  const now = ctx.now();
  const failures: ImportFailure[] = [];
  const prepared: PreparedCase[] = [];
  for (const [i, cells] of rows.entries()) {
    const row = i + 2;
    if (cells.length !== header.length) {
      failures.push({ row, reason: `expected ${header.length} fields, found ${cells.length}` });
      continue;
    }
    const record: Cells = {};
    header.forEach((column, j) => (record[column] ??= cells[j]!.trim()));
    const checked = rowInput(record, now, calendar.utcOffsetMinutes);
    if (!checked.ok) {
      failures.push({ row, reason: checked.reason });
      continue;
    }
    try {
      prepared.push(await prepareCase(ctx, submitter, checked.input, units));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      failures.push({ row, reason: `${error.code}: ${error.message}` });
    }
  }
  if (failures.length > 0) {
    const listed = failures.length > MAX_LISTED_FAILURES ? ` (the first ${MAX_LISTED_FAILURES} listed)` : '';
    throw new AppError(
      400,
      'import_failed',
      `${failures.length} row(s) refused${listed}; nothing was imported`,
      failures.slice(0, MAX_LISTED_FAILURES),
    );
  }
  const caseRows = prepared.map((p) => p.row);
  const routed = caseRows.filter((r) => r.leadUnitId).length;
  const result: ImportResult = { created: caseRows.length, queued: caseRows.length - routed, routed };
  const notices = caseRows.flatMap((r) =>
    r.leadUnitId ? notifyUnit(r, r.leadUnitId, 'case.dispatched', `新工单 ${r.trackingCode}：${r.text.slice(0, 40)}`) : [],
  );
  await ctx.database.db.transaction(async (tx) => {
    await repo.insertCases(
      tx,
      caseRows,
      prepared.map((p) => p.events),
      notices,
    );
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'case.import',
      entityType: 'case',
      detail: { ...result },
    });
  });
  for (const r of caseRows) publishChange(ctx, r, 'case.received');
  return result;
}
