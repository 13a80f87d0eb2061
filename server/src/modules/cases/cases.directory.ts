import { eq, sql } from 'drizzle-orm';
import type { DeadlineTier, UnitKind, RegionLevel } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { queryRows } from '../../db/database.ts';
import type { ExtraField, HandlerSpec } from '../catalogue/index.ts';
import { loadWorkCalendar, type WorkCalendar } from '../deadlines/index.ts';
import type { RoutableUnit, RoutingRule } from '../routing/index.ts';
import { DEFAULT_CASE_POLICY, casePolicySchema, type CasePolicy } from './cases.policy.ts';
import { caseSettings, routingRules } from './cases.schema.ts';

// The per-city reference data every intake and action reads: units, catalogue leaves, the work
// calendar and the case policy, cached in memory (CityCache) and reloaded when they change.

export interface DirectoryUnit extends RoutableUnit {
  name: string;
}

export interface Units {
  list: DirectoryUnit[];
  byId: Map<string, DirectoryUnit>;
}

export interface Leaf {
  id: string;
  code: string;
  name: string;
  path: string[];
  deadlineTier: DeadlineTier;
  handler: HandlerSpec;
  keywords: string[];
  fields: ExtraField[];
}

export function cityUnits(ctx: Context, cityId: string): Promise<Units> {
  return ctx.cache.get(cityId, 'units', async () => {
    const rows = await queryRows<{
      id: string;
      name: string;
      kind: UnitKind;
      department_type: string | null;
      region_code: string;
      region_level: RegionLevel;
      region_path: string;
    }>(
      ctx.database.db,
      sql`SELECT u.id, u.name, u.kind, u.department_type, r.code AS region_code, r.level AS region_level, r.path AS region_path
          FROM units u JOIN regions r ON r.city_id = u.city_id AND r.id = u.region_id WHERE u.city_id = ${cityId}`,
    );
    const list = rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      departmentType: r.department_type,
      regionCode: r.region_code,
      regionLevel: r.region_level,
      regionPath: r.region_path,
    }));
    return { list, byId: new Map(list.map((unit) => [unit.id, unit])) };
  });
}

export function cityLeaves(ctx: Context, cityId: string): Promise<Map<string, Leaf>> {
  return ctx.cache.get(cityId, 'leaves', async () => {
    const rows = await queryRows<{
      id: string;
      code: string;
      name: string;
      path: string[];
      deadline_tier: DeadlineTier;
      handler: HandlerSpec;
      keywords: string[];
      fields: ExtraField[];
    }>(
      ctx.database.db,
      sql`SELECT c.id, c.code, c.name, ARRAY[g.name, p.name, c.name] AS path, c.deadline_tier, c.handler, c.keywords, c.fields
          FROM categories c
          JOIN categories p ON p.city_id = c.city_id AND p.id = c.parent_id
          JOIN categories g ON g.city_id = p.city_id AND g.id = p.parent_id
          WHERE c.city_id = ${cityId} AND c.level = 3`,
    );
    return new Map(
      rows.map((r) => [
        r.code,
        {
          id: r.id,
          code: r.code,
          name: r.name,
          path: r.path,
          deadlineTier: r.deadline_tier,
          handler: r.handler,
          keywords: r.keywords,
          fields: r.fields,
        },
      ]),
    );
  });
}

export function cityCalendar(ctx: Context, cityId: string): Promise<WorkCalendar> {
  return ctx.cache.get(cityId, 'calendar', () => loadWorkCalendar(ctx.database.db, cityId));
}

export function cityCasePolicy(ctx: Context, cityId: string): Promise<CasePolicy> {
  return ctx.cache.get(cityId, 'case-policy', async () => {
    const [row] = await ctx.database.db.select().from(caseSettings).where(eq(caseSettings.cityId, cityId));
    if (!row) return DEFAULT_CASE_POLICY;
    const parsed = casePolicySchema.safeParse(row.policy);
    return parsed.success ? parsed.data : DEFAULT_CASE_POLICY;
  });
}

/** The city's explicit routing rules, as the router takes them. */
export function cityRoutingRules(ctx: Context, cityId: string): Promise<RoutingRule[]> {
  return ctx.cache.get(cityId, 'routing-rules', async () => {
    const rows = await ctx.database.db.select().from(routingRules).where(eq(routingRules.cityId, cityId));
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      priority: r.priority,
      ...(r.categoryCode === null ? {} : { categoryCode: r.categoryCode }),
      ...(r.regionPathPrefix === null ? {} : { regionPathPrefix: r.regionPathPrefix }),
    }));
  });
}

/** Everything a lifecycle step reads besides the case, loaded before its transaction opens: on the
 * embedded database a cache reload inside an open transaction would wait for that transaction. */
export interface CityRefs {
  units: Units;
  leaves: Map<string, Leaf>;
  policy: CasePolicy;
  calendar: WorkCalendar;
}

export async function cityRefs(ctx: Context, cityId: string): Promise<CityRefs> {
  const [units, leaves, policy, calendar] = await Promise.all([
    cityUnits(ctx, cityId),
    cityLeaves(ctx, cityId),
    cityCasePolicy(ctx, cityId),
    cityCalendar(ctx, cityId),
  ]);
  return { units, leaves, policy, calendar };
}

const SUPERVISING_KINDS: readonly UnitKind[] = ['government', 'street_office'];

/**
 * The unit one level up, to which an overdue or escalated case goes: a department or utility
 * answers to the government of its own region; a street office or committee to the government
 * or street office of the region above.
 */
export function supervisorOf(units: Units, unitId: string | null): DirectoryUnit | undefined {
  const unit = unitId ? units.byId.get(unitId) : undefined;
  if (!unit) return undefined;
  const territorial = SUPERVISING_KINDS.includes(unit.kind) || unit.kind === 'community_committee';
  const target = territorial ? unit.regionPath.replace(/[^/]+\/$/, '') : unit.regionPath;
  if (target === '') return undefined;
  return units.list.find((u) => u.regionPath === target && SUPERVISING_KINDS.includes(u.kind) && u.id !== unit.id);
}
