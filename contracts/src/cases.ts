import { z } from 'zod';
import { regionLevel, unitKind } from './org.ts';
import { phone } from './accounts.ts';
import { caseActionTypes, caseChannels, caseStatuses, caseUrgencies, deadlineTiers } from './vocabulary.ts';

// The case loop (接诉即办): intake, the case as each role reads it, lifecycle actions, lists.

export const caseStatus = z.enum(caseStatuses);
export const caseChannel = z.enum(caseChannels);
export const caseUrgency = z.enum(caseUrgencies);

export const lngLat = z.strictObject({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

const reporterInput = z.strictObject({
  name: z.string().trim().min(1).max(50).optional(),
  phone: phone.optional(),
  anonymous: z.boolean().default(false),
});

/** A case as any channel submits it; `Idempotency-Key` makes a retried submit create one case. */
export const caseCreate = z.strictObject({
  text: z.string().trim().min(5, 'describe the problem in at least 5 characters').max(5000),
  categoryCode: z.string().min(1).max(40).optional().describe('a leaf of the catalogue; absent: the dispatcher classifies'),
  urgency: caseUrgency.default('normal'),
  location: lngLat.optional().describe('GCJ-02 longitude/latitude; absent: the address goes to the operator'),
  address: z.string().trim().min(1).max(300).optional(),
  reporter: reporterInput.optional(),
  fields: z.record(z.string(), z.unknown()).optional().describe("values of the leaf's extra fields, by field code"),
  photos: z.array(z.string().max(60)).max(9).optional().describe('ids from POST /api/photos, linked to the case'),
  channel: caseChannel.optional().describe('defaults from who submits: operator → hotline, grid worker → grid, API key → api'),
  route: z.boolean().default(true).describe('false: leave the case in the dispatch queue even when a rule places it'),
});
export type CaseCreate = z.input<typeof caseCreate>;

/** What a resident submits without an account. */
export const publicCaseCreate = z.strictObject({
  text: caseCreate.shape.text,
  categoryCode: caseCreate.shape.categoryCode,
  location: caseCreate.shape.location,
  address: caseCreate.shape.address,
  name: z.string().trim().min(1).max(50).optional(),
  phone,
  anonymous: z.boolean().default(false),
  photos: caseCreate.shape.photos,
});

const unitRef = z.object({ id: z.string(), name: z.string(), kind: unitKind });
const regionRefView = z.object({ code: z.string(), name: z.string(), level: regionLevel });

export const caseSummary = z.object({
  id: z.string(),
  trackingCode: z.string(),
  status: caseStatus,
  urgency: caseUrgency,
  channel: caseChannel,
  text: z.string().describe('the first 140 characters'),
  category: z.object({ code: z.string(), name: z.string() }).nullable(),
  regionName: z.string().nullable(),
  leadUnit: unitRef.nullable(),
  receivedAt: z.string(),
  dueAt: z.string().nullable(),
  dueState: z.enum(['none', 'ok', 'due_soon', 'overdue']),
  needsDispatcher: z.boolean(),
  escalationLevel: z.number().int(),
  supporters: z.number().int().describe('merged duplicates: other voices of the same problem ("me too")'),
  pendingExtension: z.object({ days: z.number().int(), reason: z.string() }).nullable().describe('延期 asked, waiting for approval'),
  pendingReturn: z
    .object({ unitId: z.string(), unitName: z.string().nullable(), reason: z.string() })
    .nullable()
    .describe('退单 waiting for the dispatcher’s ruling'),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseEventView = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: z.string(),
  actor: z.object({ accountId: z.string().nullable(), name: z.string().nullable(), unitName: z.string().nullable() }),
  data: z.record(z.string(), z.unknown()),
});
export type CaseEventView = z.infer<typeof caseEventView>;

export const caseView = caseSummary.extend({
  text: z.string(),
  address: z.string().nullable(),
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  regions: z.array(regionRefView).describe('district → street → community → grid where located'),
  category: z
    .object({ code: z.string(), name: z.string(), path: z.array(z.string()), deadlineTier: z.enum(deadlineTiers) })
    .nullable()
    .describe('as the catalogue was when the case was taken in: later catalogue edits do not rewrite it'),
  fields: z.record(z.string(), z.unknown()),
  reporter: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    anonymous: z.boolean(),
    masked: z.boolean().describe('true: name and phone are masked; reveal them through /reporter (audited)'),
    revealable: z.boolean().describe('whether this user may reveal them'),
  }),
  callerFlag: z
    .object({ id: z.string(), reason: z.enum(['marks', 'repeated_cases']), since: z.string() })
    .nullable()
    .describe("the caller's number was flagged (恶意来电, 重复来电) when the case was taken in; shown to those who may call the caller"),
  coHandlers: z.array(unitRef),
  routing: z.object({ ruleId: z.string().nullable(), reason: z.string().nullable() }),
  deadlineTier: z.enum(deadlineTiers),
  firstContactDueAt: z.string().nullable(),
  firstContactAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenCount: z.number().int(),
  mustHandle: z.boolean(),
  mergedInto: z.string().nullable(),
  callback: z.object({ contacted: z.boolean(), solved: z.boolean(), satisfied: z.boolean() }).nullable(),
  photos: z.array(z.string()).describe('photo ids: GET /api/cases/{id}/photos/{photoId}'),
  version: z.number().int(),
  allowedActions: z.array(z.enum(caseActionTypes)).describe('the actions this user may take now'),
  timeline: z.array(caseEventView),
});
export type CaseView = z.infer<typeof caseView>;

export const caseCreated = z.object({
  case: caseView,
  duplicates: z.array(caseSummary).describe('open cases nearby, same category, recent, similar text: offered for merging'),
});
export type CaseCreated = z.infer<typeof caseCreated>;

const reason = z.string().trim().min(1).max(1000);
const id = z.string().min(1).max(60);

/** One lifecycle step; `version` (optional) refuses the step if the case changed since it was read. */
export const caseAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('dispatch'), unitId: id, categoryCode: z.string().max(40).optional() }),
  z.strictObject({ type: z.literal('accept') }),
  z.strictObject({ type: z.literal('start') }),
  z.strictObject({ type: z.literal('contact'), note: z.string().max(1000).optional() }),
  z.strictObject({ type: z.literal('return'), reason }),
  z.strictObject({
    type: z.literal('arbitrate_return'),
    decision: z.enum(['reroute', 'must_handle']),
    unitId: id.optional().describe('the unit to re-route to (reroute only)'),
  }),
  z.strictObject({ type: z.literal('request_extension'), days: z.number().int().min(1).max(60), reason }),
  z.strictObject({ type: z.literal('approve_extension') }),
  z.strictObject({ type: z.literal('reject_extension'), reason: reason.optional() }),
  z.strictObject({ type: z.literal('suspend'), reason }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('reply'), text: z.string().trim().min(1).max(5000) }),
  z.strictObject({ type: z.literal('record_callback'), contacted: z.boolean(), solved: z.boolean(), satisfied: z.boolean() }),
  z.strictObject({ type: z.literal('escalate'), reason }),
  z.strictObject({ type: z.literal('add_cohandler'), unitId: id }),
  z.strictObject({ type: z.literal('merge_into'), caseId: id }),
  z.strictObject({ type: z.literal('withdraw'), reason }),
  z.strictObject({ type: z.literal('close'), reason }),
]);
export type CaseActionInput = z.infer<typeof caseAction>;

export const caseActionRequest = z.intersection(caseAction, z.object({ version: z.number().int().optional() }));

export const caseListViews = ['inbox', 'queue', 'callbacks', 'all', 'mine'] as const;

export const caseListQuery = z.strictObject({
  view: z
    .enum(caseListViews)
    .default('all')
    .describe(
      "inbox: open at the user's units, by deadline; queue: waiting for a dispatcher; callbacks: replied, waiting for 回访; all: everything in scope; mine: cases the user reported",
    ),
  status: caseStatus.optional(),
  dueState: z.enum(['due_soon', 'overdue']).optional(),
  pending: z.enum(['extension', 'return']).optional().describe('cases with an extension request or a return waiting for a ruling'),
  phone: phone.optional().describe("the caller's earlier cases (operators)"),
  q: z.string().max(100).optional().describe('text or tracking code'),
  unit: z.uuid().optional().describe('led by this unit'),
  region: z
    .string()
    .regex(/^\d{6,20}$/)
    .optional()
    .describe('located in this territory (region code)'),
  repliedFrom: z.iso.datetime({ offset: true }).optional().describe('last replied at or after (the assessment period of a case)'),
  repliedTo: z.iso.datetime({ offset: true }).optional().describe('last replied before'),
  overdueFrom: z.iso.datetime({ offset: true }).optional().describe('went overdue at or after'),
  overdueTo: z.iso.datetime({ offset: true }).optional().describe('went overdue before'),
  receivedFrom: z.iso.datetime({ offset: true }).optional().describe('received at or after'),
  receivedTo: z.iso.datetime({ offset: true }).optional().describe('received before'),
  closedFrom: z.iso.datetime({ offset: true }).optional().describe('closed at or after'),
  closedTo: z.iso.datetime({ offset: true }).optional().describe('closed before'),
  category: z
    .string()
    .regex(/^[0-9A-Za-z_-]{1,40}$/)
    .optional()
    .describe("in this category or below it (a category code); 'none' for cases without one"),
  channel: caseChannel.optional(),
  state: z
    .enum(['open', 'awaiting_callback', 'due_soon', 'overdue'])
    .optional()
    .describe(
      'as the dashboard counts them: open = taken in and not yet replied; awaiting_callback = replied; due_soon = open and warned; overdue = open and gone overdue',
    ),
  flag: z
    .enum(['rated', 'not_contacted', 'not_solved', 'not_satisfied', 'late', 'reopened'])
    .optional()
    .describe('callback answers and outcomes behind the assessment figures'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const caseList = z.object({ items: z.array(caseSummary), nextCursor: z.string().nullable() });
export type CaseList = z.infer<typeof caseList>;

export const caseReporter = z.object({ name: z.string().nullable(), phone: z.string().nullable(), anonymous: z.boolean() });

/** What anyone holding the tracking code sees: no names, no phones. */
export const publicCaseView = z.object({
  trackingCode: z.string(),
  status: caseStatus,
  text: z.string(),
  category: z.string().nullable(),
  regionName: z.string().nullable(),
  receivedAt: z.string(),
  dueAt: z.string().nullable(),
  handledBy: z.string().nullable(),
  reply: z.string().nullable(),
  timeline: z.array(z.object({ type: z.string(), at: z.string() })),
  callbackOpen: z.boolean(),
});
export type PublicCaseView = z.infer<typeof publicCaseView>;

export const callbackAnswers = z.strictObject({ contacted: z.boolean(), solved: z.boolean(), satisfied: z.boolean() });
