// Pure rules of the region tree as the forms need them; the server checks them again.
import { REGION_LEVELS } from '../types.ts';
import type { RegionLevel } from '../types.ts';

export type ChildLevel = Exclude<RegionLevel, 'city'>;

/** The level a child of this level has: city → district → street → community → grid; none below a grid. */
export function childLevelOf(level: RegionLevel): ChildLevel | undefined {
  return REGION_LEVELS[REGION_LEVELS.indexOf(level) + 1] as ChildLevel | undefined;
}

/** The digits of a national division code at each level (district 411602, street 411602001 …). */
export const CODE_DIGITS: Record<ChildLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };

/**
 * What a child's code starts with: the parent's code, except below a city, whose code ends in
 * 00 where its districts put their own two digits (周口市 411600 → 川汇区 411602).
 */
export function childCodePrefix(parent: { code: string; level: RegionLevel }): string {
  return parent.level === 'city' ? parent.code.replace(/00$/, '') : parent.code;
}

export const REGION_CODE = /^\d{6,15}$/;
