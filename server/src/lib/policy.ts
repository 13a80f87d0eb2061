import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import { abilities, territorialUnitKinds, type Ability, type RegionLevel, type Role, type UnitKind } from '@gongzhi/contracts';
import { AppError, notFound } from './errors.ts';

/** One role an account holds, with the unit and territory it holds it in. */
export interface Grant {
  id: string;
  role: Role;
  unitId: string;
  unitName: string;
  unitKind: UnitKind;
  regionId: string;
  regionCode: string;
  regionName: string;
  regionLevel: RegionLevel;
  regionPath: string;
}

/** Who is acting: every service call is made for an actor. */
export interface Actor {
  cityId: string;
  city: { id: string; code: string; slug: string; name: string };
  accountId: string;
  username: string;
  displayName: string;
  phone: string | null;
  grants: Grant[];
  via: 'session' | 'api_key';
}

/** The region path of the actor's whole city: a scope holding it is city-wide. */
export const cityRootPath = (actor: Actor): string => `${actor.city.code}/`;

/** What each role may do; where it may do it comes from the unit it holds the role in. */
export const roleAbilities: Record<Role, readonly Ability[]> = {
  // Administrators may do everything, within the territory of their unit.
  admin: abilities,
  // Street and community secretaries and leaders blow whistles (吹哨) in their territory; they, and dispatchers, act on
  // the hotspots of their territory (hotspot.manage: acknowledge, dismiss, open a case, blow a whistle); a city's
  // leaders pick and close the monthly themes (每月一题, theme.manage held at the city's root).
  leader: ['region.read', 'unit.read', 'account.read', 'case.read', 'whistle.blow', 'hotspot.manage', 'theme.manage'],
  secretary: ['region.read', 'unit.read', 'account.read', 'case.read', 'whistle.blow', 'hotspot.manage'],
  // Operators and dispatchers mark malicious callers (恶意来电) and read the flags; dispatchers clear them.
  dispatcher: [
    'region.read',
    'unit.read',
    'case.create',
    'case.read',
    'case.dispatch',
    'case.callback',
    'case.pii',
    'caller.flag',
    'caller.clear',
    'hotspot.manage',
  ],
  operator: ['region.read', 'unit.read', 'case.create', 'case.read', 'case.callback', 'case.pii', 'caller.flag'],
  // Handlers act on the cases their unit leads; they see the reporter's number only for those.
  // Handlers also report (报到) for their unit when it is summoned to a whistle.
  handler: ['region.read', 'unit.read', 'case.read', 'case.handle', 'whistle.report'],
  grid_worker: ['region.read', 'unit.read', 'case.create', 'case.read'],
  // A registered resident reports and follows their own cases.
  resident: ['region.read', 'case.create'],
};

/**
 * Where an ability reaches: region subtrees (by path prefix) for territorial units,
 * the unit itself for departments, utilities and other units.
 */
export interface Scope {
  regionPaths: string[];
  unitIds: string[];
}

export function abilitiesOf(actor: Actor): Ability[] {
  const set = new Set<Ability>();
  for (const grant of actor.grants) for (const ability of roleAbilities[grant.role]) set.add(ability);
  return [...set].sort();
}

/** The scope of an ability for an actor, or undefined when no role gives it. */
export function scopeOf(actor: Actor, ability: Ability): Scope | undefined {
  const scope: Scope = { regionPaths: [], unitIds: [] };
  for (const grant of actor.grants) {
    if (!roleAbilities[grant.role].includes(ability)) continue;
    if (territorialUnitKinds.has(grant.unitKind)) scope.regionPaths.push(grant.regionPath);
    else scope.unitIds.push(grant.unitId);
  }
  if (scope.regionPaths.length === 0 && scope.unitIds.length === 0) return undefined;
  // A path inside another adds nothing.
  scope.regionPaths = scope.regionPaths.filter((p) => !scope.regionPaths.some((other) => other !== p && p.startsWith(other)));
  return scope;
}

export function can(actor: Actor, ability: Ability): boolean {
  return scopeOf(actor, ability) !== undefined;
}

/** The scope or a 403 (for actions on collections, where nothing specific is revealed). */
export function requireScope(actor: Actor, ability: Ability): Scope {
  const scope = scopeOf(actor, ability);
  if (!scope) throw new AppError(403, 'forbidden', `Your roles do not allow ${ability}`);
  return scope;
}

/** True when a region path lies inside the scope's territories. */
export function scopeCoversPath(scope: Scope, regionPath: string): boolean {
  return scope.regionPaths.some((p) => regionPath.startsWith(p));
}

export function scopeCoversUnit(scope: Scope, unit: { id: string; regionPath: string }): boolean {
  return scope.unitIds.includes(unit.id) || scopeCoversPath(scope, unit.regionPath);
}

/** The SQL condition for rows inside a scope, given the row's region path and (optionally) unit id columns. */
export function scopeCondition(scope: Scope, regionPath: AnyColumn | SQL, unitId?: AnyColumn | SQL): SQL {
  const parts: SQL[] = scope.regionPaths.map((p) => sql`${regionPath} LIKE ${escapeLike(p) + '%'}`);
  if (unitId && scope.unitIds.length > 0) {
    parts.push(
      sql`${unitId} IN (${sql.join(
        scope.unitIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );
  }
  if (parts.length === 0) return sql`FALSE`;
  return sql`(${sql.join(parts, sql` OR `)})`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * For an action on one thing: 404 when the actor may not even read it (existence does not leak),
 * 403 when it may read it but not do this.
 */
export function authorizeOn(visible: boolean, allowed: boolean, what: string): void {
  if (!visible) throw notFound(what);
  if (!allowed) throw new AppError(403, 'forbidden', `You may not change this ${what}`);
}
