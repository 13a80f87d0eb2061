import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import type { Actor } from '../../lib/policy.ts';
import { canReadCase } from './cases.access.ts';
import { notifications } from './cases.schema.ts';
import type { CaseChange } from '../../lib/event-bus.ts';

// The in-app inbox: messages to the actor's units and to the actor.

/** Unit notifications are work: they reach the unit's staff, not the residents registered with it. */
function addressedTo(actor: Actor) {
  const unitIds = [...new Set(actor.grants.filter((g) => g.role !== 'resident').map((g) => g.unitId))];
  const parts = [eq(notifications.accountId, actor.accountId)];
  if (unitIds.length > 0) parts.push(inArray(notifications.unitId, unitIds));
  return and(eq(notifications.cityId, actor.cityId), or(...parts));
}

export async function listNotifications(ctx: Context, actor: Actor, query: { unread: boolean; limit: number }) {
  const { db } = ctx.database;
  const conditions = [addressedTo(actor), ...(query.unread ? [isNull(notifications.readAt)] : [])];
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(and(...conditions))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(query.limit),
    db
      .select({ unread: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(addressedTo(actor), isNull(notifications.readAt))),
  ]);
  return {
    unread: count?.unread ?? 0,
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      text: n.text,
      caseId: n.caseId,
      whistleId: n.whistleId,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
    })),
  };
}

/** Marks the given notifications (or all) as read; only those addressed to the actor are touched. */
export async function markNotificationsRead(ctx: Context, actor: Actor, ids: string[] | 'all'): Promise<{ marked: number }> {
  const conditions = [addressedTo(actor), isNull(notifications.readAt)];
  if (ids !== 'all') conditions.push(inArray(notifications.id, ids.length > 0 ? ids : ['00000000-0000-0000-0000-000000000000']));
  const rows = await ctx.database.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(and(...conditions))
    .returning({ id: notifications.id });
  return { marked: rows.length };
}

/** Whether a live change concerns a case the actor can see. */
export function changeVisibleTo(actor: Actor, change: CaseChange): boolean {
  const [leadUnitId = null, ...coHandlerUnitIds] = change.unitIds;
  return canReadCase(actor, { regionPath: change.regionPath, leadUnitId, coHandlerUnitIds, reporterAccountId: change.reporterAccountId });
}
