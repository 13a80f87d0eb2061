import { cityRootPath, scopeOf, type Actor } from '../../lib/policy.ts';

// Who may see and do what on the monthly themes. City-wide leaders and administrators (theme.manage held in a
// territorial unit of the city's root) pick proposals and close programmes; the lead unit's staff add actions
// and mark any done; a co-unit's staff mark their own actions done. A programme is read by whoever reads
// cases over the whole city, by those whose case.read territory holds one of its streets or lies in one,
// and by the staff of its lead, co- and action-owning units. Others get 404.

export interface ProgrammeFacts {
  leadUnitId: string;
  coUnitIds: readonly string[];
  streetPaths: readonly string[];
  ownerUnitIds: readonly string[];
}

/** City-wide leaders and administrators. */
export function mayManageThemes(actor: Actor): boolean {
  return scopeOf(actor, 'theme.manage')?.regionPaths.includes(cityRootPath(actor)) ?? false;
}

/** Whoever reads the cases of the whole city (the proposals are city-wide figures). */
export function readsWholeCity(actor: Actor): boolean {
  return scopeOf(actor, 'case.read')?.regionPaths.includes(cityRootPath(actor)) ?? false;
}

const staffUnitIds = (actor: Actor): Set<string> => new Set(actor.grants.filter((g) => g.role !== 'resident').map((g) => g.unitId));

export function canReadProgramme(actor: Actor, p: ProgrammeFacts): boolean {
  if (mayManageThemes(actor)) return true;
  const units = staffUnitIds(actor);
  if (units.has(p.leadUnitId) || p.coUnitIds.some((id) => units.has(id)) || p.ownerUnitIds.some((id) => units.has(id))) return true;
  const paths = scopeOf(actor, 'case.read')?.regionPaths ?? [];
  return paths.some(
    (mine) => mine === cityRootPath(actor) || p.streetPaths.some((street) => street.startsWith(mine) || mine.startsWith(street)),
  );
}

/** Adding actions: the city's managers and the lead unit's staff. */
export const mayAddAction = (actor: Actor, p: ProgrammeFacts): boolean => mayManageThemes(actor) || staffUnitIds(actor).has(p.leadUnitId);

/** Marking an action done: the city's managers, the lead unit's staff, and the owner unit's. */
export const mayMarkActionDone = (actor: Actor, p: ProgrammeFacts, ownerUnitId: string): boolean =>
  mayAddAction(actor, p) || staffUnitIds(actor).has(ownerUnitId);
