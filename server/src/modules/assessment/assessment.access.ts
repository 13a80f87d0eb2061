import { territorialUnitKinds, type Role } from '@gongzhi/contracts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../../lib/policy.ts';

// Who reads the assessment: leaders, secretaries and administrators of a territory see its units and
// the departments placed in it; departments and utilities (any of their staff who handle cases, and
// their leaders) see themselves. Dispatchers, operators, grid workers and residents do not.

const TERRITORY_READERS: readonly Role[] = ['leader', 'secretary', 'admin'];
const SELF_READERS: readonly Role[] = ['leader', 'secretary', 'admin', 'handler'];

export interface AssessmentScope {
  /** Territories (path prefixes) whose units the actor reads. */
  regionPaths: string[];
  /** Non-territorial units that read their own assessment. */
  unitIds: string[];
  /** Administrators (of the territories in regionPaths) may change settings and generate talks. */
  admin: boolean;
}

export function assessmentScopeOf(actor: Actor): AssessmentScope | undefined {
  const scope: AssessmentScope = { regionPaths: [], unitIds: [], admin: false };
  for (const grant of actor.grants) {
    const territorial = territorialUnitKinds.has(grant.unitKind);
    if (territorial && TERRITORY_READERS.includes(grant.role)) scope.regionPaths.push(grant.regionPath);
    else if (!territorial && SELF_READERS.includes(grant.role)) scope.unitIds.push(grant.unitId);
    if (territorial && grant.role === 'admin') scope.admin = true;
  }
  if (scope.regionPaths.length === 0 && scope.unitIds.length === 0) return undefined;
  scope.regionPaths = scope.regionPaths.filter((p) => !scope.regionPaths.some((other) => other !== p && p.startsWith(other)));
  return scope;
}

/** The scope, or 403 for roles that never read the assessment. */
export function assessmentScope(actor: Actor): AssessmentScope {
  const scope = assessmentScopeOf(actor);
  if (!scope) throw forbidden('Your roles do not read the assessment');
  return scope;
}

/** The territory of whoever holds a talk: the district above a street; the government of a department's own region. */
export function superiorPath(talk: { level: 'street' | 'department'; regionPath: string }): string {
  return talk.level === 'street' ? talk.regionPath.replace(/[^/]+\/$/, '') : talk.regionPath;
}

/** Leaders and administrators of the superior's territory (or above) schedule, record and follow a talk. */
export function mayHoldTalk(actor: Actor, talk: { level: 'street' | 'department'; regionPath: string }): boolean {
  const above = superiorPath(talk);
  return actor.grants.some(
    (g) => territorialUnitKinds.has(g.unitKind) && (g.role === 'leader' || g.role === 'admin') && above.startsWith(g.regionPath),
  );
}

/** Who sees a talk: readers of the subject's territory, and the unit talked to. */
export function maySeeTalk(scope: AssessmentScope, talk: { regionPath: string; unitId: string | null }): boolean {
  return scope.regionPaths.some((p) => talk.regionPath.startsWith(p)) || (talk.unitId !== null && scope.unitIds.includes(talk.unitId));
}
