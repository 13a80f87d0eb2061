// The case lifecycle (接诉即办) as a pure state machine: one action on one state gives the next
// state and the event for the timeline, or a stable error code (answered as 409). No I/O: the
// service loads the state, calls applyTransition, writes the state and the event together.

import { caseStatuses, openAtUnitStatuses, type CaseStatus } from '@gongzhi/contracts';

export const CASE_STATUSES = caseStatuses;
export type { CaseStatus };

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'withdrawn', 'merged'];

export type CaseAction =
  | { type: 'dispatch'; unitId: string; ruleId?: string }
  | { type: 'accept' }
  | { type: 'start' }
  | { type: 'contact'; note?: string }
  | { type: 'return'; reason: string }
  | { type: 'arbitrate_return'; decision: 'reroute'; unitId: string }
  | { type: 'arbitrate_return'; decision: 'must_handle' }
  | { type: 'request_extension'; days: number; reason: string }
  | { type: 'approve_extension' }
  | { type: 'reject_extension'; reason?: string }
  | { type: 'suspend'; reason: string }
  | { type: 'resume' }
  | { type: 'reply'; text: string }
  | { type: 'record_callback'; contacted: boolean; solved: boolean; satisfied: boolean }
  | { type: 'escalate'; reason: string }
  | { type: 'add_cohandler'; unitId: string }
  | { type: 'merge_into'; caseId: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'close'; reason: string };
export type CaseActionType = CaseAction['type'];

/** The state the rules need; deadlines and people live elsewhere. */
export interface CaseState {
  status: CaseStatus;
  leadUnitId?: string;
  coHandlerUnitIds: readonly string[];
  reopenCount: number;
  escalationLevel: number;
  /** Set when the dispatcher rules that the unit must handle it: that unit may not return it again. */
  mustHandle: boolean;
  /** Only while accepted, handling or suspended; dropped when the case leaves the unit's hands. */
  pendingExtension?: { days: number; reason: string };
  /** Only while returned. */
  pendingReturn?: { unitId: string; reason: string };
  mergedInto?: string;
}

export interface CasePolicy {
  /** How many times an unsatisfied callback may send the case back; at the limit it closes. */
  maxReopens: number;
}

export interface CaseEvent {
  type: `case.${string}`;
  data: Record<string, unknown>;
}

export type TransitionErrorCode =
  | 'illegal_transition'
  | 'return_not_allowed'
  | 'extension_already_pending'
  | 'extension_not_pending'
  | 'already_cohandler'
  | 'cohandler_is_lead'
  | 'reroute_same_unit'
  | 'reason_required'
  | 'text_required'
  | 'unit_required'
  | 'target_required'
  | 'invalid_days';

export type TransitionResult = { ok: true; state: CaseState; event: CaseEvent } | { ok: false; code: TransitionErrorCode; message: string };

const OPEN_AT_UNIT: readonly CaseStatus[] = openAtUnitStatuses;
const BEFORE_REPLY: readonly CaseStatus[] = ['received', 'returned', ...OPEN_AT_UNIT];

/** From which statuses each action may start: the transition table as data. */
export const ACTION_FROM_STATUSES: Record<CaseActionType, readonly CaseStatus[]> = {
  // From dispatched too: before 签收 a dispatcher may confirm or override the automatic routing.
  dispatch: ['received', 'dispatched'],
  accept: ['dispatched'],
  start: ['accepted'],
  contact: ['dispatched', 'accepted', 'handling', 'suspended'],
  return: ['dispatched', 'accepted', 'handling'],
  arbitrate_return: ['returned'],
  request_extension: ['accepted', 'handling'],
  approve_extension: ['accepted', 'handling', 'suspended'],
  reject_extension: ['accepted', 'handling', 'suspended'],
  suspend: ['accepted', 'handling'],
  resume: ['suspended'],
  reply: ['accepted', 'handling'],
  record_callback: ['replied'],
  escalate: ['returned', ...OPEN_AT_UNIT],
  add_cohandler: OPEN_AT_UNIT,
  merge_into: BEFORE_REPLY,
  withdraw: BEFORE_REPLY,
  close: ['received', 'replied'],
};

export const CASE_ACTION_TYPES = Object.keys(ACTION_FROM_STATUSES) as CaseActionType[];

/** A freshly taken-in case. */
export function initialCaseState(): CaseState {
  return { status: 'received', coHandlerUnitIds: [], reopenCount: 0, escalationLevel: 0, mustHandle: false };
}

type Refusal = { ok: false; code: TransitionErrorCode; message: string };

function refuse(code: TransitionErrorCode, message: string): Refusal {
  return { ok: false, code, message };
}

/** Refusals that depend on the state beyond its status (not on the action's payload). */
function stateRefusal(state: CaseState, type: CaseActionType): Refusal | null {
  if (!ACTION_FROM_STATUSES[type].includes(state.status)) {
    return refuse('illegal_transition', `cannot ${type} a case that is ${state.status}`);
  }
  if (type === 'return' && state.mustHandle)
    return refuse('return_not_allowed', 'the dispatcher ruled that this unit must handle the case');
  if (type === 'request_extension' && state.pendingExtension) return refuse('extension_already_pending', 'an extension is already pending');
  if ((type === 'approve_extension' || type === 'reject_extension') && !state.pendingExtension) {
    return refuse('extension_not_pending', 'no extension is pending');
  }
  return null;
}

/** The actions the current state allows (for the buttons the UI shows); the payload is checked later. */
export function allowedActions(state: CaseState): CaseActionType[] {
  return CASE_ACTION_TYPES.filter((type) => stateRefusal(state, type) === null);
}

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function ok(state: CaseState, type: string, data: Record<string, unknown>): TransitionResult {
  return { ok: true, state, event: { type: `case.${type}`, data } };
}

/** What the case looks like once it leaves the unit's hands: nothing stays pending. */
function leaveUnit(state: CaseState, status: CaseStatus): CaseState {
  return { ...state, status, pendingExtension: undefined, pendingReturn: undefined };
}

/** Apply one action: the next state and its timeline event, or why the step is illegal. */
export function applyTransition(state: CaseState, action: CaseAction, policy: CasePolicy): TransitionResult {
  const refusal = stateRefusal(state, action.type);
  if (refusal) return refusal;
  switch (action.type) {
    case 'dispatch':
      if (isBlank(action.unitId)) return refuse('unit_required', 'dispatch needs a unit');
      return ok({ ...state, status: 'dispatched', leadUnitId: action.unitId }, 'dispatched', {
        unitId: action.unitId,
        ...(action.ruleId === undefined ? {} : { ruleId: action.ruleId }),
      });
    case 'accept':
      return ok({ ...state, status: 'accepted' }, 'accepted', { unitId: state.leadUnitId });
    case 'start':
      return ok({ ...state, status: 'handling' }, 'started', { unitId: state.leadUnitId });
    case 'contact':
      // 先联系: the unit reached the resident; the status does not move, the first-contact clock stops.
      return ok(state, 'contacted', action.note === undefined ? {} : { note: action.note });
    case 'return': {
      if (isBlank(action.reason)) return refuse('reason_required', 'a return needs a reason');
      const unitId = state.leadUnitId ?? '';
      return ok({ ...leaveUnit(state, 'returned'), pendingReturn: { unitId, reason: action.reason } }, 'returned', {
        unitId,
        reason: action.reason,
      });
    }
    case 'arbitrate_return':
      return arbitrateReturn(state, action);
    case 'request_extension':
      if (!Number.isInteger(action.days) || action.days <= 0)
        return refuse('invalid_days', 'extension days must be a positive whole number');
      if (isBlank(action.reason)) return refuse('reason_required', 'an extension needs a reason');
      return ok({ ...state, pendingExtension: { days: action.days, reason: action.reason } }, 'extension_requested', {
        days: action.days,
        reason: action.reason,
      });
    case 'approve_extension':
      // The service moves the deadline by `days` working days; history is not rewritten.
      return ok({ ...state, pendingExtension: undefined }, 'extension_approved', { ...state.pendingExtension });
    case 'reject_extension':
      return ok({ ...state, pendingExtension: undefined }, 'extension_rejected', {
        ...state.pendingExtension,
        ...(action.reason === undefined ? {} : { rejectionReason: action.reason }),
      });
    case 'suspend':
      if (isBlank(action.reason)) return refuse('reason_required', 'a suspension needs a reason');
      return ok({ ...state, status: 'suspended' }, 'suspended', { reason: action.reason });
    case 'resume':
      return ok({ ...state, status: 'handling' }, 'resumed', {});
    case 'reply':
      if (isBlank(action.text)) return refuse('text_required', 'a reply needs a text');
      return ok(leaveUnit(state, 'replied'), 'replied', { unitId: state.leadUnitId, text: action.text });
    case 'record_callback':
      return recordCallback(state, action, policy);
    case 'escalate':
      if (isBlank(action.reason)) return refuse('reason_required', 'an escalation needs a reason');
      return ok({ ...state, escalationLevel: state.escalationLevel + 1 }, 'escalated', {
        reason: action.reason,
        escalationLevel: state.escalationLevel + 1,
      });
    case 'add_cohandler':
      if (isBlank(action.unitId)) return refuse('unit_required', 'a co-handler needs a unit');
      if (action.unitId === state.leadUnitId) return refuse('cohandler_is_lead', 'the lead unit cannot also co-handle');
      if (state.coHandlerUnitIds.includes(action.unitId)) return refuse('already_cohandler', 'this unit already co-handles the case');
      return ok({ ...state, coHandlerUnitIds: [...state.coHandlerUnitIds, action.unitId] }, 'cohandler_added', { unitId: action.unitId });
    case 'merge_into':
      if (isBlank(action.caseId)) return refuse('target_required', 'a merge needs the case to merge into');
      return ok({ ...leaveUnit(state, 'merged'), mergedInto: action.caseId }, 'merged', { intoCaseId: action.caseId });
    case 'withdraw':
      if (isBlank(action.reason)) return refuse('reason_required', 'a withdrawal needs a reason');
      return ok(leaveUnit(state, 'withdrawn'), 'withdrawn', { reason: action.reason });
    case 'close':
      // Closing without a callback (an enquiry answered at intake, a resident who cannot be reached) needs a why.
      if (isBlank(action.reason)) return refuse('reason_required', 'closing needs a reason');
      return ok(leaveUnit(state, 'closed'), 'closed', { reason: action.reason });
  }
}

function arbitrateReturn(state: CaseState, action: Extract<CaseAction, { type: 'arbitrate_return' }>): TransitionResult {
  const returnedBy = state.pendingReturn?.unitId;
  const base = { ...state, status: 'dispatched' as const, pendingReturn: undefined };
  switch (action.decision) {
    case 'reroute': {
      if (isBlank(action.unitId)) return refuse('unit_required', 're-routing needs a unit');
      if (action.unitId === returnedBy) return refuse('reroute_same_unit', 'to keep the same unit, rule must_handle');
      const coHandlerUnitIds = state.coHandlerUnitIds.filter((id) => id !== action.unitId);
      return ok({ ...base, leadUnitId: action.unitId, coHandlerUnitIds, mustHandle: false }, 'return_arbitrated', {
        decision: 'reroute',
        fromUnitId: returnedBy,
        unitId: action.unitId,
      });
    }
    case 'must_handle':
      return ok({ ...base, mustHandle: true }, 'return_arbitrated', { decision: 'must_handle', unitId: returnedBy });
  }
}

function recordCallback(state: CaseState, action: Extract<CaseAction, { type: 'record_callback' }>, policy: CasePolicy): TransitionResult {
  const answers = { contacted: action.contacted, solved: action.solved, satisfied: action.satisfied };
  if (action.satisfied) return ok({ ...state, status: 'closed' }, 'callback_recorded', { ...answers, outcome: 'closed' });
  if (state.reopenCount >= policy.maxReopens) {
    return ok({ ...state, status: 'closed' }, 'callback_recorded', { ...answers, outcome: 'closed_at_reopen_limit' });
  }
  // 重办: back to the same unit, which already owns it, so no new 签收.
  const reopenCount = state.reopenCount + 1;
  return ok({ ...state, status: 'handling', reopenCount }, 'callback_recorded', { ...answers, outcome: 'reopened', reopenCount });
}
