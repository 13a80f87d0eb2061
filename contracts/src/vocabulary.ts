// The words both sides share, as plain constants (no zod here, so the web bundle can import them for free).

export const regionLevels = ['city', 'district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof regionLevels)[number];

export const regionSubtypes = [
  'city',
  'district',
  'county',
  'county_city',
  'street',
  'town',
  'township',
  'community',
  'village',
  'grid',
] as const;
export type RegionSubtype = (typeof regionSubtypes)[number];

export const unitKinds = [
  'party_org',
  'government',
  'street_office',
  'community_committee',
  'department',
  'utility',
  'hotline_centre',
  'command_centre',
  'resident_unit',
  'property_company',
  'new_sector_org',
] as const;
export type UnitKind = (typeof unitKinds)[number];

export const roles = ['resident', 'operator', 'dispatcher', 'handler', 'grid_worker', 'secretary', 'leader', 'admin'] as const;
export type Role = (typeof roles)[number];

export const abilities = [
  'region.read',
  'region.manage',
  'unit.read',
  'unit.manage',
  'account.read',
  'account.manage',
  'audit.read',
  'apikey.manage',
  'calendar.manage',
  'catalogue.manage',
  'case.create',
  'case.read',
  'case.dispatch',
  'case.handle',
  'case.callback',
  'case.pii',
  'whistle.blow',
  'whistle.report',
  'theme.manage',
  // 恶意来电: mark a case's caller as malicious and read the flags (operators, dispatchers); clear a flag (dispatchers).
  'caller.flag',
  'caller.clear',
  'hotspot.manage',
] as const;
export type Ability = (typeof abilities)[number];

export const caseStatuses = [
  'received', // taken in, not yet dispatched
  'returned', // 退单: sent back by the unit, in the dispatcher's queue for a ruling
  'dispatched', // sent to the lead unit, waiting for 签收
  'accepted', // 签收: the unit owns it
  'handling',
  'suspended', // 挂起: the clock stops until resumed
  'replied', // 办结: waiting for the callback
  'closed',
  'withdrawn', // by the resident
  'merged', // a duplicate folded into another case
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** The statuses in which a unit holds the case and its clock runs (or is stopped, when suspended). */
export const openAtUnitStatuses = ['dispatched', 'accepted', 'handling', 'suspended'] as const satisfies readonly CaseStatus[];

/** `proactive` (主动发现): a case opened by staff from a hotspot, before anyone complained (未诉先办). */
export const caseChannels = ['hotline', 'web', 'grid', 'api', 'open311', 'import', 'proactive'] as const;
export type CaseChannel = (typeof caseChannels)[number];

export const caseUrgencies = ['normal', 'urgent', 'emergency'] as const;
export type CaseUrgency = (typeof caseUrgencies)[number];

export const deadlineTiers = ['emergency', 'utility', 'general', 'complex'] as const;
export type DeadlineTier = (typeof deadlineTiers)[number];

export const caseActionTypes = [
  'dispatch',
  'accept',
  'start',
  'contact',
  'return',
  'arbitrate_return',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'suspend',
  'resume',
  'reply',
  'record_callback',
  'escalate',
  'add_cohandler',
  'merge_into',
  'withdraw',
  'close',
] as const;
export type CaseActionType = (typeof caseActionTypes)[number];

export const whistleReasons = [
  'beyond_street', // a residents' problem the street cannot solve alone
  'joint_enforcement', // 联合执法
  'emergency',
] as const;
export type WhistleReason = (typeof whistleReasons)[number];

export const whistleStatuses = ['open', 'closed'] as const;
export type WhistleStatus = (typeof whistleStatuses)[number];

export const whistleActionTypes = ['acknowledge', 'check_in', 'act', 'leave', 'close', 'rate', 'spawn_case'] as const;
export type WhistleActionType = (typeof whistleActionTypes)[number];

/** Why an operator or dispatcher marks a caller (12345 恶意来电). */
export const callerMarkReasons = ['abuse', 'harassment', 'false_report', 'repeated_unreasonable'] as const;
export type CallerMarkReason = (typeof callerMarkReasons)[number];

/** Why a number is flagged: enough marks, or too many cases taken in within a short time (重复来电). */
export const callerFlagReasons = ['marks', 'repeated_cases'] as const;
export type CallerFlagReason = (typeof callerFlagReasons)[number];
/** Hotspots (未诉先办): a grid × category rising above its baseline, a repeated place, a repeated reporter, a text cluster. */
export const hotspotKinds = ['rise', 'place', 'person', 'text'] as const;
export type HotspotKind = (typeof hotspotKinds)[number];

export const hotspotStatuses = ['new', 'acknowledged', 'dismissed', 'converted'] as const;
export type HotspotStatus = (typeof hotspotStatuses)[number];
