import { describe, expect, it } from 'vitest';
import {
  ACTION_FROM_STATUSES,
  CASE_ACTION_TYPES,
  CASE_STATUSES,
  allowedActions,
  applyTransition,
  initialCaseState,
  type CaseAction,
  type CaseActionType,
  type CaseState,
  type CaseStatus,
  type TransitionResult,
} from './cases.rules.ts';

const policy = { maxReopens: 2 };

/** A valid action of each type, so that only the state decides the outcome. */
const SAMPLE: { [T in CaseActionType]: Extract<CaseAction, { type: T }> } = {
  dispatch: { type: 'dispatch', unitId: 'U2', ruleId: 'R1' },
  accept: { type: 'accept' },
  start: { type: 'start' },
  contact: { type: 'contact', note: '已电话联系居民' },
  return: { type: 'return', reason: '不属于本单位职责' },
  arbitrate_return: { type: 'arbitrate_return', decision: 'reroute', unitId: 'U2' },
  request_extension: { type: 'request_extension', days: 5, reason: '需协调施工' },
  approve_extension: { type: 'approve_extension' },
  reject_extension: { type: 'reject_extension' },
  suspend: { type: 'suspend', reason: '等待司法判决' },
  resume: { type: 'resume' },
  reply: { type: 'reply', text: '已修复路灯' },
  record_callback: { type: 'record_callback', contacted: true, solved: true, satisfied: true },
  escalate: { type: 'escalate', reason: '超期未办' },
  add_cohandler: { type: 'add_cohandler', unitId: 'U3' },
  merge_into: { type: 'merge_into', caseId: 'C9' },
  withdraw: { type: 'withdraw', reason: '问题已自行解决' },
  close: { type: 'close', reason: '咨询已当场答复' },
};

/** A typical case in each status: lead unit U1, nothing pending. */
function stateIn(status: CaseStatus): CaseState {
  const base = initialCaseState();
  if (status === 'received') return base;
  const withLead = { ...base, status, leadUnitId: 'U1' };
  return status === 'returned' ? { ...withLead, pendingReturn: { unitId: 'U1', reason: '非本辖区' } } : withLead;
}

function expectOk(result: TransitionResult): CaseState {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.state;
}

function run(state: CaseState, ...actions: CaseAction[]): CaseState {
  return actions.reduce((s, a) => expectOk(applyTransition(s, a, policy)), state);
}

function codeOf(result: TransitionResult): string {
  return result.ok ? 'ok' : result.code;
}

// Written out by hand from the lifecycle, not derived from the implementation.
// prettier-ignore
const RET = 'returned', DSP = 'dispatched', ACC = 'accepted', HDL = 'handling', SUS = 'suspended';
// prettier-ignore
const RPL = 'replied', CLO = 'closed', WDN = 'withdrawn', MRG = 'merged';
const X = 'illegal_transition';
const NP = 'extension_not_pending';
// prettier-ignore
const COLUMNS: readonly CaseActionType[] = [
  'dispatch', 'accept', 'start', 'contact', 'return', 'arbitrate_return', 'request_extension', 'approve_extension', 'reject_extension', 'suspend',
  'resume', 'reply', 'record_callback', 'escalate', 'add_cohandler', 'merge_into', 'withdraw', 'close',
];
// prettier-ignore
const EXPECTED: Record<CaseStatus, readonly string[]> = {
  //          dispatch  accept  start  contact  return  arbitr  req_ext  appr_ext  rej_ext  suspend  resume  reply  callback  escalate  cohandler  merge  withdraw  close
  received:   [DSP,      X,      X,     X,       X,      X,      X,       X,        X,       X,       X,      X,     X,        X,        X,         MRG,   WDN,      CLO],
  returned:   [X,        X,      X,     X,       X,      DSP,    X,       X,        X,       X,       X,      X,     X,        RET,      X,         MRG,   WDN,      X],
  dispatched: [DSP,      ACC,    X,     DSP,     RET,    X,      X,       X,        X,       X,       X,      X,     X,        DSP,      DSP,       MRG,   WDN,      X],
  accepted:   [X,        X,      HDL,   ACC,     RET,    X,      ACC,     NP,       NP,      SUS,     X,      RPL,   X,        ACC,      ACC,       MRG,   WDN,      X],
  handling:   [X,        X,      X,     HDL,     RET,    X,      HDL,     NP,       NP,      SUS,     X,      RPL,   X,        HDL,      HDL,       MRG,   WDN,      X],
  suspended:  [X,        X,      X,     SUS,     X,      X,      X,       NP,       NP,      X,       HDL,    X,     X,        SUS,      SUS,       MRG,   WDN,      X],
  replied:    [X,        X,      X,     X,       X,      X,      X,       X,        X,       X,       X,      X,     CLO,      X,        X,         X,     X,        CLO],
  closed:     [X,        X,      X,     X,       X,      X,      X,       X,        X,       X,       X,      X,     X,        X,        X,         X,     X,        X],
  withdrawn:  [X,        X,      X,     X,       X,      X,      X,       X,        X,       X,       X,      X,     X,        X,        X,         X,     X,        X],
  merged:     [X,        X,      X,     X,       X,      X,      X,       X,        X,       X,       X,      X,     X,        X,        X,         X,     X,        X],
};

describe('every status × every action', () => {
  it('the table covers every status and every action type', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_STATUSES].sort());
    expect([...COLUMNS].sort()).toEqual([...CASE_ACTION_TYPES].sort());
  });

  const cells = CASE_STATUSES.flatMap((status) => COLUMNS.map((type, i) => ({ status, type, expected: EXPECTED[status][i] })));
  it.each(cells)('$status + $type → $expected', ({ status, type, expected }) => {
    const result = applyTransition(stateIn(status), SAMPLE[type], policy);
    expect(result.ok ? result.state.status : result.code).toBe(expected);
    if (result.ok) expect(result.event.type).toMatch(/^case\.[a-z_]+$/);
    if (!result.ok && result.code === X) expect(result.message).toBe(`cannot ${type} a case that is ${status}`);
  });
});

describe('allowedActions', () => {
  const flagged: CaseState[] = [
    ...CASE_STATUSES.map(stateIn),
    { ...stateIn('handling'), pendingExtension: { days: 3, reason: 'r' } },
    { ...stateIn('suspended'), pendingExtension: { days: 3, reason: 'r' } },
    { ...stateIn('dispatched'), mustHandle: true },
  ];
  it.each(flagged.map((state) => ({ state, label: JSON.stringify(state) })))('agrees with applyTransition for $label', ({ state }) => {
    const accepted = CASE_ACTION_TYPES.filter((type) => applyTransition(state, SAMPLE[type], policy).ok);
    expect(allowedActions(state)).toEqual(accepted);
  });

  it('offers nothing in a terminal status', () => {
    for (const status of ['closed', 'withdrawn', 'merged'] as const) expect(allowedActions(stateIn(status))).toEqual([]);
  });

  it('the exported table lists only statuses that exist', () => {
    for (const from of Object.values(ACTION_FROM_STATUSES)) for (const s of from) expect(CASE_STATUSES).toContain(s);
  });
});

describe('scenarios', () => {
  it('happy path: received → dispatched → accepted → handling → replied → closed', () => {
    let state = initialCaseState();
    const events: string[] = [];
    for (const action of [SAMPLE.dispatch, SAMPLE.accept, SAMPLE.start, SAMPLE.reply, SAMPLE.record_callback]) {
      const result = applyTransition(state, action, policy);
      state = expectOk(result);
      if (result.ok) events.push(result.event.type);
    }
    expect(events).toEqual(['case.dispatched', 'case.accepted', 'case.started', 'case.replied', 'case.callback_recorded']);
    expect(state).toMatchObject({ status: 'closed', leadUnitId: 'U2', reopenCount: 0 });
  });

  it('dispatch records the unit and the routing rule', () => {
    const result = applyTransition(initialCaseState(), SAMPLE.dispatch, policy);
    expect(result).toMatchObject({ ok: true, event: { type: 'case.dispatched', data: { unitId: 'U2', ruleId: 'R1' } } });
  });

  it('return then reroute: the new unit leads and may return in its turn', () => {
    const returned = run(stateIn('accepted'), SAMPLE.return);
    expect(returned).toMatchObject({ status: 'returned', pendingReturn: { unitId: 'U1', reason: '不属于本单位职责' } });
    const result = applyTransition(returned, { type: 'arbitrate_return', decision: 'reroute', unitId: 'U4' }, policy);
    expect(result).toMatchObject({ ok: true, event: { type: 'case.return_arbitrated', data: { decision: 'reroute', fromUnitId: 'U1' } } });
    const rerouted = expectOk(result);
    expect(rerouted).toMatchObject({ status: 'dispatched', leadUnitId: 'U4', mustHandle: false, pendingReturn: undefined });
    expect(allowedActions(rerouted)).toContain('return');
  });

  it('rerouting to the unit that returned it is refused: that is must_handle', () => {
    const returned = run(stateIn('dispatched'), SAMPLE.return);
    const result = applyTransition(returned, { type: 'arbitrate_return', decision: 'reroute', unitId: 'U1' }, policy);
    expect(codeOf(result)).toBe('reroute_same_unit');
  });

  it('rerouting to a co-handler makes it the lead and drops it from the co-handlers', () => {
    const state = run(stateIn('dispatched'), { type: 'add_cohandler', unitId: 'U4' }, SAMPLE.return);
    const rerouted = run(state, { type: 'arbitrate_return', decision: 'reroute', unitId: 'U4' });
    expect(rerouted).toMatchObject({ leadUnitId: 'U4', coHandlerUnitIds: [] });
  });

  it('return then must_handle: back to the same unit, which may not return it again', () => {
    const ruled = run(stateIn('handling'), SAMPLE.return, { type: 'arbitrate_return', decision: 'must_handle' });
    expect(ruled).toMatchObject({ status: 'dispatched', leadUnitId: 'U1', mustHandle: true });
    expect(codeOf(applyTransition(ruled, SAMPLE.return, policy))).toBe('return_not_allowed');
    expect(codeOf(applyTransition(run(ruled, SAMPLE.accept), SAMPLE.return, policy))).toBe('return_not_allowed');
    expect(run(ruled, SAMPLE.accept, SAMPLE.start, SAMPLE.reply).status).toBe('replied');
  });

  it('a return needs a reason', () => {
    expect(codeOf(applyTransition(stateIn('dispatched'), { type: 'return', reason: '  ' }, policy))).toBe('reason_required');
  });

  it('extension: requested, then approved, with its days on the event', () => {
    const requested = run(stateIn('handling'), SAMPLE.request_extension);
    expect(requested.pendingExtension).toEqual({ days: 5, reason: '需协调施工' });
    expect(codeOf(applyTransition(requested, SAMPLE.request_extension, policy))).toBe('extension_already_pending');
    const result = applyTransition(requested, SAMPLE.approve_extension, policy);
    expect(result).toMatchObject({ ok: true, event: { type: 'case.extension_approved', data: { days: 5 } } });
    expect(expectOk(result)).toMatchObject({ status: 'handling', pendingExtension: undefined });
  });

  it('extension: rejected with a reason; a second decision finds nothing pending', () => {
    const rejected = applyTransition(
      run(stateIn('accepted'), SAMPLE.request_extension),
      { type: 'reject_extension', reason: '可按期办结' },
      policy,
    );
    expect(rejected).toMatchObject({
      ok: true,
      event: { type: 'case.extension_rejected', data: { days: 5, rejectionReason: '可按期办结' } },
    });
    expect(codeOf(applyTransition(expectOk(rejected), SAMPLE.approve_extension, policy))).toBe('extension_not_pending');
  });

  it('extension days must be a positive whole number', () => {
    for (const days of [0, -1, 1.5, Number.NaN]) {
      expect(codeOf(applyTransition(stateIn('handling'), { type: 'request_extension', days, reason: 'r' }, policy))).toBe('invalid_days');
    }
  });

  it('a pending extension survives suspension and is dropped by the reply', () => {
    const suspended = run(stateIn('handling'), SAMPLE.request_extension, SAMPLE.suspend);
    expect(suspended.pendingExtension).toBeDefined();
    expect(run(suspended, SAMPLE.resume, SAMPLE.reply).pendingExtension).toBeUndefined();
  });

  it('suspension and resume: back to handling, even when suspended right after 签收', () => {
    const suspended = run(stateIn('accepted'), SAMPLE.suspend);
    expect(suspended.status).toBe('suspended');
    expect(codeOf(applyTransition(suspended, SAMPLE.reply, policy))).toBe(X);
    expect(run(suspended, SAMPLE.resume).status).toBe('handling');
    expect(codeOf(applyTransition(stateIn('handling'), { type: 'suspend', reason: '' }, policy))).toBe('reason_required');
  });

  it('unsatisfied callbacks reopen up to maxReopens, then close', () => {
    const unsatisfied: CaseAction = { type: 'record_callback', contacted: true, solved: false, satisfied: false };
    let state = stateIn('replied');
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const result = applyTransition(state, unsatisfied, policy);
      if (result.ok) outcomes.push(result.event.data.outcome);
      state = expectOk(result);
      if (state.status === 'handling') state = run(state, SAMPLE.reply);
    }
    expect(outcomes).toEqual(['reopened', 'reopened', 'closed_at_reopen_limit']);
    expect(state).toMatchObject({ status: 'closed', reopenCount: 2, leadUnitId: 'U1' });
  });

  it('with maxReopens 0 an unsatisfied callback closes at once', () => {
    const result = applyTransition(
      stateIn('replied'),
      { type: 'record_callback', contacted: false, solved: false, satisfied: false },
      { maxReopens: 0 },
    );
    expect(result).toMatchObject({ ok: true, state: { status: 'closed', reopenCount: 0 } });
  });

  it('a satisfied callback closes and records the three answers', () => {
    const result = applyTransition(
      stateIn('replied'),
      { type: 'record_callback', contacted: true, solved: false, satisfied: true },
      policy,
    );
    expect(result).toMatchObject({
      ok: true,
      state: { status: 'closed' },
      event: { type: 'case.callback_recorded', data: { contacted: true, solved: false, satisfied: true, outcome: 'closed' } },
    });
  });

  it('merge and withdraw are terminal and drop whatever was pending', () => {
    const pending = run(stateIn('handling'), SAMPLE.request_extension);
    const merged = run(pending, SAMPLE.merge_into);
    expect(merged).toMatchObject({ status: 'merged', mergedInto: 'C9', pendingExtension: undefined });
    const withdrawn = run(run(stateIn('dispatched'), SAMPLE.return), SAMPLE.withdraw);
    expect(withdrawn).toMatchObject({ status: 'withdrawn', pendingReturn: undefined });
    for (const state of [merged, withdrawn]) expect(allowedActions(state)).toEqual([]);
    expect(codeOf(applyTransition(stateIn('received'), { type: 'merge_into', caseId: '' }, policy))).toBe('target_required');
  });

  it('a co-handler added twice, or the lead as co-handler, is refused', () => {
    const once = run(stateIn('handling'), SAMPLE.add_cohandler);
    expect(once.coHandlerUnitIds).toEqual(['U3']);
    expect(codeOf(applyTransition(once, SAMPLE.add_cohandler, policy))).toBe('already_cohandler');
    expect(codeOf(applyTransition(once, { type: 'add_cohandler', unitId: 'U1' }, policy))).toBe('cohandler_is_lead');
  });

  it('escalation raises the level each time and keeps the status', () => {
    const twice = run(stateIn('handling'), SAMPLE.escalate, SAMPLE.escalate);
    expect(twice).toMatchObject({ status: 'handling', escalationLevel: 2 });
  });

  it('payload checks: blank unit, reply text and close reason', () => {
    expect(codeOf(applyTransition(stateIn('received'), { type: 'dispatch', unitId: '' }, policy))).toBe('unit_required');
    expect(codeOf(applyTransition(stateIn('handling'), { type: 'reply', text: ' ' }, policy))).toBe('text_required');
    expect(codeOf(applyTransition(stateIn('received'), { type: 'close', reason: '' }, policy))).toBe('reason_required');
  });

  it('does not mutate the state it is given', () => {
    const state = Object.freeze(stateIn('handling'));
    expect(() => run(state, SAMPLE.add_cohandler, SAMPLE.request_extension, SAMPLE.reply)).not.toThrow();
    expect(state.coHandlerUnitIds).toEqual([]);
  });
});
