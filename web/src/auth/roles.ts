import type { Me, MeRole, RegionLevel, Role } from '../types.ts';
import { REGION_LEVELS, ROLES } from '../types.ts';

// ROLES is ordered from the least to the most powerful role.
function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

// city = 0 … grid = 4: smaller is higher in the hierarchy
export function levelDepth(level: RegionLevel): number {
  return REGION_LEVELS.indexOf(level);
}

/** The user's highest role: the most powerful one, and of those the one highest in the tree. */
export function highestRole(me: Me): MeRole | undefined {
  return [...me.roles].sort((a, b) => roleRank(b.role) - roleRank(a.role) || levelDepth(a.region.level) - levelDepth(b.region.level))[0];
}

/** Where the regions page opens: the region of the highest role, or the city. */
export function homeRegionCode(me: Me): string {
  return highestRole(me)?.region.code ?? me.city.code;
}
