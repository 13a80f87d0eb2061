import type { RegionLevel, UnitKind } from '@gongzhi/contracts';
import type { HandlerSpec } from '../catalogue/index.ts';

// Routing (派单): category × territory → unit. Pure: the caller loads the units, the located place,
// the leaf's handler and the city's override rules; the decision names the rule that made it.

/** A unit as routing sees it; `regionPath` is the codes from the city root, each followed by '/'. */
export interface RoutableUnit {
  id: string;
  kind: UnitKind;
  /** Department type (城管…) for departments, utility type (供水…) for utilities, else null. */
  departmentType: string | null;
  regionCode: string;
  regionLevel: RegionLevel;
  regionPath: string;
}

/** Where the case was located: the deepest region path found; null when there is only an address. */
export type RoutablePlace = { path: string } | null;

/** An explicit rule a city configures, e.g. all 水污染 in 川汇区 to the district 生态环境 bureau. */
export interface RoutingRule {
  id: string;
  /** A leaf code or a prefix of it (a first- or second-level code); absent matches every category. */
  categoryCode?: string;
  /** A region path prefix ('411600/411602/'); absent matches every place. */
  regionPathPrefix?: string;
  unitId: string;
  priority: number;
}

export type RoutingRuleId =
  | `override:${string}`
  | 'direct_street'
  | 'community'
  | `department:${string}@${RegionLevel}`
  | `utility:${string}`
  | 'district_fallback'
  | 'no_place';

export interface RoutingDecision {
  unitId: string | null;
  ruleId: RoutingRuleId;
  needsDispatcher: boolean;
  reason: string;
}

export interface RouteCaseInput {
  units: readonly RoutableUnit[];
  place: RoutablePlace;
  /** The catalogue leaf's code, or null when the case has no category yet. */
  leafCode: string | null;
  handler: HandlerSpec | null;
  rules?: readonly RoutingRule[];
}

export interface LeadSplit {
  /** 首接负责: the unit of the first decision that names one. */
  leadUnitId: string | null;
  coHandlerUnitIds: string[];
  needsDispatcher: boolean;
}

// Path codes in order: city, district, street, community, grid.
const DEPTH = { city: 1, district: 2, street: 3, community: 4 } as const;

/** The codes of a region path ('411600/411602/' → ['411600', '411602']). */
export function pathCodes(path: string): string[] {
  return path.split('/').filter((code) => code !== '');
}

/** The path truncated to `depth` codes, or null when the path is not that deep. */
export function truncatePath(path: string, depth: number): string | null {
  const codes = pathCodes(path);
  if (codes.length < depth) return null;
  return `${codes.slice(0, depth).join('/')}/`;
}

function withSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function byId(a: RoutableUnit, b: RoutableUnit): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The units grouped by what routing looks them up by, each group sorted by id; built once per units array. */
interface UnitIndex {
  /** `${kind}|${regionPath}` and, for departments and utilities, `${kind}|${departmentType}|${regionPath}`. */
  byKey: Map<string, RoutableUnit[]>;
  /** Utilities by type, deepest region first. */
  utilities: Map<string, RoutableUnit[]>;
}

const indexes = new WeakMap<readonly RoutableUnit[], UnitIndex>();

function indexOf(units: readonly RoutableUnit[]): UnitIndex {
  let index = indexes.get(units);
  if (index) return index;
  index = { byKey: new Map(), utilities: new Map() };
  const add = (map: Map<string, RoutableUnit[]>, key: string, unit: RoutableUnit) => {
    const list = map.get(key);
    if (list) list.push(unit);
    else map.set(key, [unit]);
  };
  for (const unit of units) {
    add(index.byKey, `${unit.kind}|${unit.regionPath}`, unit);
    if (unit.departmentType !== null) add(index.byKey, `${unit.kind}|${unit.departmentType}|${unit.regionPath}`, unit);
    if (unit.kind === 'utility' && unit.departmentType !== null) add(index.utilities, unit.departmentType, unit);
  }
  for (const list of index.byKey.values()) list.sort(byId);
  for (const list of index.utilities.values()) list.sort((a, b) => b.regionPath.length - a.regionPath.length || byId(a, b));
  indexes.set(units, index);
  return index;
}

function ruleMatches(rule: RoutingRule, leafCode: string | null, place: RoutablePlace): boolean {
  if (rule.categoryCode !== undefined && (leafCode === null || !leafCode.startsWith(rule.categoryCode))) return false;
  if (rule.regionPathPrefix !== undefined && (place === null || !place.path.startsWith(withSlash(rule.regionPathPrefix)))) {
    return false;
  }
  return true;
}

/** Higher priority first, then the longer category prefix, then the longer region prefix, then the id. */
function compareRules(a: RoutingRule, b: RoutingRule): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const category = (b.categoryCode?.length ?? 0) - (a.categoryCode?.length ?? 0);
  if (category !== 0) return category;
  const region = (b.regionPathPrefix?.length ?? 0) - (a.regionPathPrefix?.length ?? 0);
  if (region !== 0) return region;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The best matching override rule whose unit exists (a rule naming a missing unit is skipped). */
export function pickOverride(
  rules: readonly RoutingRule[],
  units: readonly RoutableUnit[],
  leafCode: string | null,
  place: RoutablePlace,
): RoutingRule | undefined {
  if (rules.length === 0) return undefined;
  const unitIds = new Set(units.map((unit) => unit.id));
  return rules.filter((rule) => unitIds.has(rule.unitId) && ruleMatches(rule, leafCode, place)).sort(compareRules)[0];
}

function decided(unit: RoutableUnit, ruleId: RoutingRuleId, reason: string): RoutingDecision {
  return { unitId: unit.id, ruleId, needsDispatcher: false, reason };
}

function territorialUnit(units: readonly RoutableUnit[], path: string, depth: number, kind: UnitKind): RoutableUnit | undefined {
  const target = truncatePath(path, depth);
  if (target === null) return undefined;
  return indexOf(units).byKey.get(`${kind}|${target}`)?.[0];
}

/** The department of that type at the place's district, else at the city. */
function departmentFor(units: readonly RoutableUnit[], path: string, departmentType: string): RoutableUnit | undefined {
  for (const depth of [DEPTH.district, DEPTH.city]) {
    const target = truncatePath(path, depth);
    if (target === null) continue;
    const found = indexOf(units).byKey.get(`department|${departmentType}|${target}`)?.[0];
    if (found) return found;
  }
  return undefined;
}

/** The deepest utility of that type whose region covers the place. */
function utilityFor(units: readonly RoutableUnit[], path: string, utilityType: string): RoutableUnit | undefined {
  return indexOf(units)
    .utilities.get(utilityType)
    ?.find((unit) => path.startsWith(unit.regionPath));
}

function byHandler(units: readonly RoutableUnit[], path: string, handler: HandlerSpec): RoutingDecision | null {
  switch (handler.kind) {
    case 'street': {
      const unit = territorialUnit(units, path, DEPTH.street, 'street_office');
      return unit ? decided(unit, 'direct_street', '直派街乡: the street office of the place') : null;
    }
    case 'community': {
      const unit = territorialUnit(units, path, DEPTH.community, 'community_committee');
      return unit ? decided(unit, 'community', 'the community committee of the place') : null;
    }
    case 'department': {
      const unit = departmentFor(units, path, handler.departmentType);
      if (!unit) return null;
      const ruleId: RoutingRuleId = `department:${handler.departmentType}@${unit.regionLevel}`;
      return decided(unit, ruleId, `the ${unit.regionLevel} department of type ${handler.departmentType}`);
    }
    case 'utility': {
      const unit = utilityFor(units, path, handler.utilityType);
      return unit ? decided(unit, `utility:${handler.utilityType}`, `the ${handler.utilityType} company covering the place`) : null;
    }
    default: {
      const unreachable: never = handler;
      return unreachable;
    }
  }
}

function districtFallback(units: readonly RoutableUnit[], path: string, why: string): RoutingDecision {
  const unit = territorialUnit(units, path, DEPTH.district, 'government');
  return {
    unitId: unit?.id ?? null,
    ruleId: 'district_fallback',
    needsDispatcher: true,
    reason: unit ? `区兜底: ${why}; sent to the district government` : `区兜底: ${why}; no district government found for the place`,
  };
}

/** Decides which unit a case goes to, and by which rule. */
export function routeCase(input: RouteCaseInput): RoutingDecision {
  const { units, place, leafCode, handler, rules = [] } = input;
  const override = pickOverride(rules, units, leafCode, place);
  if (override) {
    return {
      unitId: override.unitId,
      ruleId: `override:${override.id}`,
      needsDispatcher: false,
      reason: 'explicit routing rule of the city',
    };
  }
  if (place === null) {
    return { unitId: null, ruleId: 'no_place', needsDispatcher: true, reason: 'the case has no located place; the operator places it' };
  }
  if (handler === null) return districtFallback(units, place.path, 'the case has no category yet');
  return byHandler(units, place.path, handler) ?? districtFallback(units, place.path, `no ${handler.kind} unit found for the place`);
}

/** 首接负责: the first decision's unit leads, the other units co-handle (deduplicated, nulls skipped). */
export function splitLead(decisions: readonly RoutingDecision[]): LeadSplit {
  const unitIds = [...new Set(decisions.flatMap((decision) => (decision.unitId === null ? [] : [decision.unitId])))];
  return {
    leadUnitId: unitIds[0] ?? null,
    coHandlerUnitIds: unitIds.slice(1),
    needsDispatcher: decisions.length === 0 || decisions.some((decision) => decision.needsDispatcher),
  };
}
