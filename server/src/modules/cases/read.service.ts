import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { openAtUnitStatuses, type CaseList, type CaseView, type caseListQuery } from '@gongzhi/contracts';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { scopeOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { canReadCase, caseScope, caseScopeCondition, handlerUnitIds, maySeeReporter } from './cases.access.ts';
import { cityUnits } from './cases.directory.ts';
import * as repo from './cases.repo.ts';
import type { CaseRow } from './cases.repo.ts';
import { cases } from './cases.schema.ts';
import { presentCase, presentSummary } from './cases.view.ts';
import { photoIdsOf } from './photos.service.ts';

type ListQuery = z.output<typeof caseListQuery>;

export async function getCase(ctx: Context, actor: Actor, caseId: string): Promise<CaseView> {
  const { db } = ctx.database;
  const c = isUuid(caseId) ? await repo.findCase(db, actor.cityId, caseId) : undefined;
  if (!c || !canReadCase(actor, c)) throw notFound('case');
  const [events, units, photos] = await Promise.all([
    repo.listEvents(db, actor.cityId, caseId),
    cityUnits(ctx, actor.cityId),
    photoIdsOf(db, actor.cityId, caseId),
  ]);
  return presentCase(actor, c, events, units, ctx.now(), photos);
}

/** The reporter's name and phone in clear, for those who call them; every reveal is audited. */
export async function revealReporter(ctx: Context, actor: Actor, caseId: string) {
  const { db } = ctx.database;
  const c = isUuid(caseId) ? await repo.findCase(db, actor.cityId, caseId) : undefined;
  if (!c || !canReadCase(actor, c)) throw notFound('case');
  if (!maySeeReporter(actor, c)) throw new AppError(403, 'forbidden', 'Only those who call the reporter may see their number');
  await db.transaction((tx) =>
    appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'case.reporter_viewed',
      entityType: 'case',
      entityId: c.id,
      detail: { trackingCode: c.trackingCode },
    }),
  );
  return { name: c.anonymous ? null : c.reporterName, phone: c.reporterPhone, anonymous: c.anonymous };
}

interface Cursor {
  v: string | null;
  id: string;
}

const encodeCursor = (cursor: Cursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string | undefined): Cursor | undefined {
  if (!text) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString()) as Cursor;
    if (typeof cursor.id === 'string' && isUuid(cursor.id)) return cursor;
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalid_cursor', 'the cursor is not one this API gave');
}

interface Order {
  key: 'dueAt' | 'receivedAt' | 'repliedAt';
  direction: 'asc' | 'desc';
}

const OPEN_AT_UNIT = sql`${cases.status} IN ('dispatched', 'accepted', 'handling', 'suspended')`;

/** The lists each role works from; each is a keyset-paged index scan. */
export async function listCases(ctx: Context, actor: Actor, query: ListQuery): Promise<CaseList> {
  const conditions: SQL[] = [eq(cases.cityId, actor.cityId)];
  let order: Order;
  switch (query.view) {
    case 'inbox': {
      const unitIds = handlerUnitIds(actor);
      if (!scopeOf(actor, 'case.handle') || unitIds.length === 0) throw new AppError(403, 'forbidden', 'Only handlers have an inbox');
      conditions.push(OPEN_AT_UNIT);
      order = { key: 'dueAt', direction: 'asc' };
      break;
    }
    case 'queue':
      conditions.push(
        scopeCondition(actor, 'case.dispatch'),
        eq(cases.needsDispatcher, true),
        sql`${cases.status} IN ('received', 'returned', 'dispatched')`,
      );
      order = { key: 'receivedAt', direction: 'asc' };
      break;
    case 'callbacks':
      conditions.push(scopeCondition(actor, 'case.callback'), eq(cases.status, 'replied'));
      order = { key: 'repliedAt', direction: 'asc' };
      break;
    case 'mine':
      conditions.push(eq(cases.reporterAccountId, actor.accountId));
      order = { key: 'receivedAt', direction: 'desc' };
      break;
    case 'all':
      conditions.push(scopeCondition(actor, 'case.read'));
      order = { key: 'receivedAt', direction: 'desc' };
      break;
  }
  if (query.status) conditions.push(eq(cases.status, query.status));
  if (query.dueState === 'overdue') conditions.push(sql`${cases.dueAt} <= ${ctx.now().toISOString()}::timestamptz`, OPEN_OR_QUEUED);
  if (query.dueState === 'due_soon') {
    const now = ctx.now().toISOString();
    conditions.push(sql`${cases.dueSoonAt} <= ${now}::timestamptz AND ${cases.dueAt} > ${now}::timestamptz`, OPEN_OR_QUEUED);
  }
  if (query.pending === 'extension') conditions.push(sql`${cases.pendingExtension} IS NOT NULL`);
  if (query.pending === 'return') conditions.push(sql`${cases.pendingReturn} IS NOT NULL`);
  if (query.phone) {
    if (!scopeOf(actor, 'case.pii')) throw new AppError(403, 'forbidden', "Only operators look up a caller's cases");
    conditions.push(eq(cases.reporterPhone, query.phone));
  }
  if (query.q) {
    const q = query.q.trim();
    conditions.push(
      or(eq(cases.trackingCode, q.toUpperCase()), sql`${cases.text} LIKE ${`%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`)!,
    );
  }
  conditions.push(...assessmentFilters(query));
  const cursor = decodeCursor(query.cursor);
  // Inbox cases always have a deadline: a row comparison keeps each branch on its index.
  if (cursor && query.view === 'inbox' && cursor.v !== null) {
    conditions.push(sql`(${cases.dueAt}, ${cases.id}) > (${cursor.v}::timestamptz, ${cursor.id}::uuid)`);
  } else if (cursor) conditions.push(afterCursor(order, cursor));
  const direction = order.direction === 'asc' ? asc : desc;
  const rows =
    query.view === 'inbox'
      ? await inboxRows(ctx, actor.cityId, handlerUnitIds(actor), conditions, query.limit + 1)
      : await ctx.database.db
          .select()
          .from(cases)
          .where(and(...conditions))
          .orderBy(
            sql`${cases[order.key]} ${sql.raw(order.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS LAST')}`,
            direction(cases.id),
          )
          .limit(query.limit + 1);
  const units = await cityUnits(ctx, actor.cityId);
  const now = ctx.now();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor({ v: last[order.key]?.toISOString() ?? null, id: last.id }) : null;
  return { items: page.map((row) => presentSummary(row, units, now)), nextCursor };
}

const FLAGS: Record<NonNullable<ListQuery['flag']>, SQL> = {
  rated: sql`${cases.callback} IS NOT NULL`,
  not_contacted: sql`(${cases.callback}->>'contacted')::boolean = false`,
  not_solved: sql`(${cases.callback}->>'solved')::boolean = false`,
  not_satisfied: sql`(${cases.callback}->>'satisfied')::boolean = false`,
  late: sql`${cases.repliedAt} > ${cases.dueAt}`,
  reopened: sql`${cases.reopenCount} > 0`,
};

const OPEN_OR_QUEUED = sql`${cases.status} IN ('received', 'returned', ${sql.join(
  openAtUnitStatuses.map((s) => sql`${s}`),
  sql`, `,
)})`;

const STATES: Record<NonNullable<ListQuery['state']>, SQL> = {
  open: OPEN_OR_QUEUED,
  awaiting_callback: sql`${cases.status} = 'replied'`,
  due_soon: sql`${OPEN_OR_QUEUED} AND ${cases.overdueAt} IS NULL AND ${cases.dueSoonWarnedAt} IS NOT NULL`,
  overdue: sql`${OPEN_OR_QUEUED} AND ${cases.overdueAt} IS NOT NULL`,
};

/** The filters that lead from an assessment figure or a dashboard number to the cases behind it. */
function assessmentFilters(query: ListQuery): SQL[] {
  const conditions: SQL[] = [];
  const at = (value: string) => sql`${value}::timestamptz`;
  if (query.unit) conditions.push(eq(cases.leadUnitId, query.unit));
  // Codes are unique in a city and each is one segment of the path.
  if (query.region) conditions.push(sql`'/' || ${cases.regionPath} LIKE ${`%/${query.region}/%`}`);
  if (query.repliedFrom) conditions.push(sql`${cases.repliedAt} >= ${at(query.repliedFrom)}`);
  if (query.repliedTo) conditions.push(sql`${cases.repliedAt} < ${at(query.repliedTo)}`);
  if (query.overdueFrom) conditions.push(sql`${cases.overdueAt} >= ${at(query.overdueFrom)}`);
  if (query.overdueTo) conditions.push(sql`${cases.overdueAt} < ${at(query.overdueTo)}`);
  if (query.flag) conditions.push(FLAGS[query.flag]);
  // The dashboard's numbers (dashboard rollups count the same way).
  if (query.receivedFrom) conditions.push(sql`${cases.receivedAt} >= ${at(query.receivedFrom)}`);
  if (query.receivedTo) conditions.push(sql`${cases.receivedAt} < ${at(query.receivedTo)}`);
  if (query.closedFrom) conditions.push(sql`${cases.closedAt} >= ${at(query.closedFrom)}`);
  if (query.closedTo) conditions.push(sql`${cases.closedAt} < ${at(query.closedTo)}`);
  if (query.channel) conditions.push(eq(cases.channel, query.channel));
  if (query.category === 'none') conditions.push(sql`${cases.categoryCode} IS NULL`);
  else if (query.category) conditions.push(sql`${cases.categoryCode} LIKE ${`${query.category.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`);
  if (query.state) conditions.push(STATES[query.state]);
  return conditions;
}

const byDeadline = (a: CaseRow, b: CaseRow): number =>
  (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The inbox: one branch per unit walking `cases_inbox_idx` in deadline order (so a unit with
 * thousands of open cases reads only a page of them), one for the cases it co-handles, merged.
 * The ids come first; the rows of the page follow by primary key.
 */
async function inboxRows(ctx: Context, cityId: string, unitIds: string[], conditions: SQL[], limit: number): Promise<CaseRow[]> {
  const { db } = ctx.database;
  const ids = sql`ARRAY[${sql.join(
    unitIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const branch = (extra: SQL) =>
    sql`(SELECT ${cases.id}, ${cases.dueAt} FROM ${cases} WHERE ${and(...conditions, extra)} ORDER BY ${cases.dueAt} ASC NULLS LAST, ${cases.id} ASC LIMIT ${limit})`;
  const branches = [
    ...unitIds.map((id) => branch(sql`${cases.leadUnitId} = ${id}::uuid`)),
    branch(sql`${cases.coHandlerUnitIds} && ${ids} AND NOT (${cases.leadUnitId} = ANY(${ids}))`),
  ];
  const page = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM (${sql.join(branches, sql` UNION ALL `)}) AS b ORDER BY due_at ASC NULLS LAST, id ASC LIMIT ${limit}`,
  );
  if (page.length === 0) return [];
  const rows = await db
    .select()
    .from(cases)
    .where(
      and(
        eq(cases.cityId, cityId),
        inArray(
          cases.id,
          page.map((r) => r.id),
        ),
      ),
    );
  return rows.sort(byDeadline);
}

function scopeCondition(actor: Actor, ability: 'case.read' | 'case.dispatch' | 'case.callback'): SQL {
  const scope = caseScope(actor, ability);
  if (!scope) throw new AppError(403, 'forbidden', `Your roles do not allow ${ability}`);
  return caseScopeCondition(scope);
}

/** Rows after the cursor in (sort value NULLS LAST, id) order. */
function afterCursor(order: Order, cursor: Cursor): SQL {
  const column = cases[order.key];
  const cmp = order.direction === 'asc' ? gt : lt;
  const idAfter = cmp(cases.id, cursor.id);
  if (cursor.v === null) return and(sql`${column} IS NULL`, idAfter)!;
  const v = sql`${cursor.v}::timestamptz`;
  const beyond = order.direction === 'asc' ? sql`${column} > ${v}` : sql`${column} < ${v}`;
  return sql`(${beyond} OR ${column} IS NULL OR (${column} = ${v} AND ${idAfter}))`;
}
