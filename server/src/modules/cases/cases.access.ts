import { sql, type SQL } from 'drizzle-orm';
import type { Ability, CaseActionType } from '@gongzhi/contracts';
import { roleAbilities, scopeCondition, scopeCoversPath, scopeOf, type Actor, type Scope } from '../../lib/policy.ts';
import { cases } from './cases.schema.ts';

// Who may see and do what on a case. A case is inside a scope when its place lies in one of the
// scope's territories or one of the scope's units leads or co-handles it. Handlers act only for
// the unit that leads the case; the reporter follows and withdraws their own.

export interface CaseAccessFacts {
  regionPath: string;
  leadUnitId: string | null;
  coHandlerUnitIds: readonly string[];
  reporterAccountId: string | null;
}

export function scopeCoversCase(scope: Scope | undefined, c: CaseAccessFacts): boolean {
  if (!scope) return false;
  if (scopeCoversPath(scope, c.regionPath)) return true;
  return scope.unitIds.some((id) => id === c.leadUnitId || c.coHandlerUnitIds.includes(id));
}

/**
 * A case scope: the ability's territories, and every unit in which the actor holds it (a street
 * office also reaches the cases it leads outside its own territory).
 */
export function caseScope(actor: Actor, ability: Ability): Scope | undefined {
  const scope = scopeOf(actor, ability);
  if (!scope) return undefined;
  const unitIds = actor.grants.filter((g) => roleAbilities[g.role].includes(ability)).map((g) => g.unitId);
  return { regionPaths: scope.regionPaths, unitIds: [...new Set(unitIds)] };
}

const has = (actor: Actor, ability: Ability, c: CaseAccessFacts) => scopeCoversCase(caseScope(actor, ability), c);

/** The units in which the actor holds the handler role (or administers). */
export function handlerUnitIds(actor: Actor): string[] {
  return [...new Set(actor.grants.filter((g) => g.role === 'handler' || g.role === 'admin').map((g) => g.unitId))];
}

const isReporter = (actor: Actor, c: CaseAccessFacts) => c.reporterAccountId !== null && c.reporterAccountId === actor.accountId;

export function canReadCase(actor: Actor, c: CaseAccessFacts): boolean {
  return isReporter(actor, c) || has(actor, 'case.read', c);
}

/** Handlers of the lead unit, with the handle ability. */
function leadsIt(actor: Actor, c: CaseAccessFacts): boolean {
  return c.leadUnitId !== null && !!scopeOf(actor, 'case.handle') && handlerUnitIds(actor).includes(c.leadUnitId);
}

type Rule = (actor: Actor, c: CaseAccessFacts) => boolean;
const dispatcher: Rule = (actor, c) => has(actor, 'case.dispatch', c);

/** Whose roles allow each kind of step (the state decides separately). */
const ACTION_RULES: Record<CaseActionType, Rule> = {
  accept: leadsIt,
  start: leadsIt,
  contact: leadsIt,
  return: leadsIt,
  request_extension: leadsIt,
  suspend: leadsIt,
  resume: leadsIt,
  reply: leadsIt,
  dispatch: dispatcher,
  arbitrate_return: dispatcher,
  approve_extension: dispatcher,
  reject_extension: dispatcher,
  escalate: dispatcher,
  add_cohandler: dispatcher,
  close: dispatcher,
  record_callback: (actor, c) => has(actor, 'case.callback', c),
  // The operator who finds the duplicate at intake merges it, as does the dispatcher.
  merge_into: (actor, c) => dispatcher(actor, c) || has(actor, 'case.create', c),
  withdraw: (actor, c) => isReporter(actor, c) || has(actor, 'case.callback', c) || dispatcher(actor, c),
};

export function mayAct(actor: Actor, c: CaseAccessFacts, type: CaseActionType): boolean {
  return ACTION_RULES[type](actor, c);
}

/** Who may see the reporter's name and phone: those who call them. */
export function maySeeReporter(actor: Actor, c: CaseAccessFacts): boolean {
  if (isReporter(actor, c) || has(actor, 'case.pii', c) || leadsIt(actor, c)) return true;
  return c.coHandlerUnitIds.some((id) => handlerUnitIds(actor).includes(id));
}

/** The SQL condition for the cases a scope covers (for lists). */
export function caseScopeCondition(scope: Scope): SQL {
  const parts: SQL[] = [scopeCondition({ regionPaths: scope.regionPaths, unitIds: [] }, cases.regionPath)];
  if (scope.unitIds.length > 0) {
    const ids = sql`ARRAY[${sql.join(
      scope.unitIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}]`;
    parts.push(sql`${cases.leadUnitId} = ANY(${ids})`, sql`${cases.coHandlerUnitIds} && ${ids}`);
  }
  return sql`(${sql.join(parts, sql` OR `)})`;
}
