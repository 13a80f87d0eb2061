import type { Role } from '@gongzhi/contracts';

/** The role × level combinations the permission truth tables are written for, with the unit each holds its role in. */
export const actors = {
  'admin@city': ['admin', 'cityGov'],
  'admin@district': ['admin', 'd1Gov'],
  'leader@city': ['leader', 'cityParty'],
  'leader@district': ['leader', 'd1Gov'],
  'leader@street': ['leader', 's1Office'],
  'secretary@community': ['secretary', 'k1Committee'],
  'operator@hotline': ['operator', 'hotline'],
  'dispatcher@district': ['dispatcher', 'd1Gov'],
  'handler@city-dept': ['handler', 'cityDept'],
  'handler@district-dept': ['handler', 'd1Dept'],
  'handler@street': ['handler', 's1Office'],
  'grid_worker@community': ['grid_worker', 'k1Committee'],
  'resident@community': ['resident', 'k1Committee'],
} as const satisfies Record<string, [Role, string]>;

export type ActorKey = keyof typeof actors;
