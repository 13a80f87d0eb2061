import { and, asc, eq, sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { cityRootPath, requireScope, scopeCoversPath, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { orgRepo } from '../org/index.ts';
import { cityUnits } from './cases.directory.ts';
import { routingRules } from './cases.schema.ts';

// A city's explicit routing rules (category × territory → unit), e.g. every 水污染 case in 川汇区 to the
// district's 生态环境 bureau. They are tried before the catalogue's handler, highest priority first.

export interface RoutingRuleInput {
  categoryCode?: string | undefined;
  regionCode?: string | undefined;
  unitId: string;
  priority: number;
  note?: string | undefined;
}

export interface RoutingRuleView {
  id: string;
  categoryCode: string | null;
  regionCode: string | null;
  unit: { id: string; name: string };
  priority: number;
  note: string | null;
}

const codeOfPath = (path: string | null): string | null => (path ? (path.split('/').filter(Boolean).at(-1) ?? null) : null);

export async function listRoutingRules(ctx: Context, actor: Actor): Promise<{ items: RoutingRuleView[] }> {
  requireScope(actor, 'case.read');
  const [rows, units] = await Promise.all([
    ctx.database.db
      .select()
      .from(routingRules)
      .where(eq(routingRules.cityId, actor.cityId))
      .orderBy(asc(routingRules.priority), asc(routingRules.id)),
    cityUnits(ctx, actor.cityId),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      categoryCode: r.categoryCode,
      regionCode: codeOfPath(r.regionPathPrefix),
      unit: { id: r.unitId, name: units.byId.get(r.unitId)?.name ?? '' },
      priority: r.priority,
      note: r.note,
    })),
  };
}

/** Administrators add rules within their territory; a city-wide rule (no region) needs a city-wide administrator. */
export async function createRoutingRule(ctx: Context, actor: Actor, input: RoutingRuleInput): Promise<RoutingRuleView> {
  const scope = requireScope(actor, 'catalogue.manage');
  const { db } = ctx.database;
  const units = await cityUnits(ctx, actor.cityId);
  if (!isUuid(input.unitId) || !units.byId.has(input.unitId))
    throw new AppError(400, 'unknown_unit', `no unit ${input.unitId} in this city`);
  let regionPathPrefix: string | null = null;
  if (input.regionCode !== undefined) {
    const region = await orgRepo.findRegionByCode(db, actor.cityId, input.regionCode);
    if (!region || !scopeCoversPath(scope, region.path)) throw notFound('region');
    regionPathPrefix = region.path;
  } else if (!scope.regionPaths.includes(cityRootPath(actor))) {
    throw new AppError(403, 'forbidden', 'A rule for the whole city is set by city-wide administrators');
  }
  if (input.categoryCode !== undefined) {
    const [found] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM categories WHERE city_id = ${actor.cityId}::uuid AND code = ${input.categoryCode}`,
    );
    if (!found || found.n === 0) throw new AppError(400, 'unknown_category', `${input.categoryCode} is not in the catalogue`);
  }
  const row = {
    cityId: actor.cityId,
    id: newId(),
    categoryCode: input.categoryCode ?? null,
    regionPathPrefix,
    unitId: input.unitId,
    priority: input.priority,
    note: input.note ?? null,
    createdBy: actor.accountId,
    createdAt: ctx.now(),
  };
  await db.transaction(async (tx) => {
    await tx.insert(routingRules).values(row);
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'routing_rule.create',
      entityType: 'routing_rule',
      entityId: row.id,
      detail: { categoryCode: row.categoryCode, regionCode: input.regionCode ?? null, unitId: row.unitId, priority: row.priority },
    });
  });
  ctx.cache.invalidate(actor.cityId, 'routing-rules');
  return {
    id: row.id,
    categoryCode: row.categoryCode,
    regionCode: input.regionCode ?? null,
    unit: { id: row.unitId, name: units.byId.get(row.unitId)!.name },
    priority: row.priority,
    note: row.note,
  };
}

export async function deleteRoutingRule(ctx: Context, actor: Actor, id: string): Promise<void> {
  const scope = requireScope(actor, 'catalogue.manage');
  const { db } = ctx.database;
  const [rule] = isUuid(id)
    ? await db
        .select()
        .from(routingRules)
        .where(and(eq(routingRules.cityId, actor.cityId), eq(routingRules.id, id)))
    : [];
  const reachable =
    rule && (rule.regionPathPrefix ? scopeCoversPath(scope, rule.regionPathPrefix) : scope.regionPaths.includes(cityRootPath(actor)));
  if (!rule || !reachable) throw notFound('routing rule');
  await db.transaction(async (tx) => {
    await tx.delete(routingRules).where(and(eq(routingRules.cityId, actor.cityId), eq(routingRules.id, id)));
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'routing_rule.delete',
      entityType: 'routing_rule',
      entityId: id,
      detail: {},
    });
  });
  ctx.cache.invalidate(actor.cityId, 'routing-rules');
}
