import type { CaseActionInput } from '@gongzhi/contracts';
import type { Random } from '../../lib/random.ts';
import type { CaseRow, Units } from '../cases/index.ts';

// What happens to the demo city's cases: each story is the list of steps one case goes through,
// with who takes each step and how many hours after the previous one. A story's weight is its share
// of the cases; its age range (days before today) keeps open cases recent and closed ones older,
// with some open ones old enough to be overdue or due soon. Closed ones span six months, so that the
// assessment has monthly rankings; the residents' verdicts depend on each unit's quality. The dispatch queue and the callbacks
// waiting are kept short, as in a centre that keeps up with them.

export type Who = 'dispatcher' | 'handler' | 'operator' | 'reporter';

export interface StoryEnv {
  rng: Random;
  units: Units;
  /** The case a duplicate joins (merged stories only). */
  mergeTarget?: string | undefined;
}

export interface Step {
  who: Who;
  hours: readonly [number, number];
  /** The step's input for the case as it stands, or null to skip it (no unit to give it to). */
  action: (c: CaseRow, env: StoryEnv) => CaseActionInput | null;
}

export interface Story {
  name: string;
  weight: number;
  ageDays: readonly [number, number];
  /** Taken in without routing: the case waits for a dispatcher. */
  queue?: boolean;
  /** Ends open before the reply: a duplicate may join it. */
  open?: boolean;
  steps: Step[];
}

const pick = (rng: Random, list: readonly string[]): string => list[Math.floor(rng() * list.length)]!;
const depth = (path: string, levels: number) => `${path.split('/').slice(0, levels).join('/')}/`;

/** The unit of that kind whose region is the case's region at that depth (2 district, 3 street, 4 community). */
function territorial(units: Units, c: CaseRow, kind: string, levels: number, departmentType?: string): string | null {
  const target = depth(c.regionPath, levels);
  const unit = units.list.find(
    (u) => u.kind === kind && u.regionPath === target && (departmentType === undefined || u.departmentType === departmentType),
  );
  return unit?.id ?? null;
}

type Kind = 'street' | 'community' | 'department';

/** Another unit that could take part, in the order of preference: neither the lead nor already a co-handler. */
function otherUnit(units: Units, c: CaseRow, preference: readonly Kind[]): string | null {
  const find: Record<Kind, () => string | null> = {
    street: () => territorial(units, c, 'street_office', 3),
    community: () => territorial(units, c, 'community_committee', 4),
    department: () => territorial(units, c, 'department', 2, '城管'),
  };
  for (const kind of preference) {
    const id = find[kind]();
    if (id !== null && id !== c.leadUnitId && !c.coHandlerUnitIds.includes(id)) return id;
  }
  return null;
}

const step = (who: Who, hours: readonly [number, number], action: Step['action'] | CaseActionInput): Step => ({
  who,
  hours,
  action: typeof action === 'function' ? action : () => action,
});

const REPLIES = [
  '经现场核查，诉求问题属实，已安排人员处理完毕，并电话告知诉求人处理结果。',
  '已联系相关责任单位现场整改，目前问题已解决，后续将加强日常巡查。',
  '经调查核实，已按政策规定向诉求人解释说明，诉求人表示理解。',
  '已协调物业和社区共同处理，问题已整改到位。',
  '已将诉求纳入近期工作计划，施工完成前安排专人盯办，并向诉求人说明进度。',
];
const CALLBACK = { type: 'record_callback', contacted: true } as const;

/** How well a unit works, 0.5 … 1, fixed per unit (a hash of its id): weaker units reopen more and satisfy less. */
export function unitQuality(unitId: string | null): number {
  let hash = 2_166_136_261;
  for (const ch of unitId ?? '') hash = Math.imul(hash ^ ch.charCodeAt(0), 16_777_619);
  return 0.5 + ((hash >>> 0) % 1000) / 2000;
}

/**
 * The resident's verdict on a reply, by the unit's quality: unsatisfied sends it back (at the reopen limit it
 * closes unsatisfied); skipped when the case is not waiting for a callback.
 */
const verdict: Step['action'] = (c, env) => {
  if (c.status !== 'replied') return null;
  const q = unitQuality(c.leadUnitId);
  const satisfied = env.rng() >= (c.reopenCount < 2 ? 0.4 : 0.6) * (1 - q) * 2;
  return {
    type: 'record_callback',
    contacted: env.rng() < 0.8 + 0.2 * q,
    solved: satisfied && env.rng() < 0.6 + 0.4 * q,
    satisfied,
  };
};

/** The steps every story is made of. */
export const STEP = {
  dispatch: step('dispatcher', [0.2, 3], (c, env) => {
    const unitId = territorial(env.units, c, 'street_office', 3) ?? territorial(env.units, c, 'government', 2);
    return unitId ? { type: 'dispatch', unitId } : null;
  }),
  accept: step('handler', [0.3, 8], { type: 'accept' }),
  contact: step('handler', [0.2, 4], { type: 'contact', note: '已电话联系诉求人，约定上门查看' }),
  start: step('handler', [0.5, 24], { type: 'start' }),
  reply: step('handler', [20, 120], (_c, env) => ({ type: 'reply', text: pick(env.rng, REPLIES) })),
  satisfied: step('operator', [12, 60], { ...CALLBACK, solved: true, satisfied: true }),
  verdict: step('operator', [12, 60], verdict),
  // Some replies come after the deadline (general: 7 working days).
  slowReply: step('handler', [20, 280], (_c, env) => ({ type: 'reply', text: pick(env.rng, REPLIES) })),
  replyAgain: step('handler', [20, 120], (c, env) => (c.status === 'handling' ? { type: 'reply', text: pick(env.rng, REPLIES) } : null)),
  unsatisfied: step('operator', [12, 60], { ...CALLBACK, solved: false, satisfied: false }),
  return: step('handler', [1, 20], (_c, env) => ({
    type: 'return',
    reason: pick(env.rng, ['该事项不属于本单位职责范围，请重新派单', '诉求地址不在本辖区', '涉及执法事项，需由区职能部门办理']),
  })),
  reroute: step('dispatcher', [1, 8], (c, env) => {
    const unitId = otherUnit(env.units, c, ['street', 'department', 'community']);
    return unitId ? { type: 'arbitrate_return', decision: 'reroute', unitId } : null;
  }),
  mustHandle: step('dispatcher', [1, 8], { type: 'arbitrate_return', decision: 'must_handle' }),
  requestExtension: step('handler', [24, 72], { type: 'request_extension', days: 5, reason: '需协调施工单位，工期较长' }),
  approveExtension: step('dispatcher', [2, 24], { type: 'approve_extension' }),
  suspend: step('handler', [24, 72], (_c, env) => ({
    type: 'suspend',
    reason: pick(env.rng, ['需等待法院判决结果', '涉及多部门联合执法，等待协调会议', '诉求人外出，暂无法上门核实']),
  })),
  resume: step('handler', [48, 120], { type: 'resume' }),
  escalate: step('dispatcher', [24, 96], (_c, env) => ({
    type: 'escalate',
    reason: pick(env.rng, ['群众反复来电，办理进度缓慢', '临近时限仍未实质办理', '涉及多个单位，需上级协调']),
  })),
  cohandler: step('dispatcher', [1, 24], (c, env) => {
    // 社区协办: the community helps the street; a department's case gets the street's help.
    const unitId = otherUnit(env.units, c, ['community', 'street', 'department']);
    return unitId ? { type: 'add_cohandler', unitId } : null;
  }),
  withdraw: step('reporter', [2, 48], { type: 'withdraw', reason: '诉求人来电表示问题已自行解决，申请撤回' }),
  close: step('dispatcher', [0.2, 2], { type: 'close', reason: '咨询类诉求，话务员已当场解答' }),
  merge: step('operator', [0.1, 2], (_c, env) => (env.mergeTarget ? { type: 'merge_into', caseId: env.mergeTarget } : null)),
};

const S = STEP;
const handled = [S.accept, S.contact, S.start];

export const STORIES: Story[] = [
  { name: 'received', weight: 0.8, ageDays: [0, 3], queue: true, open: true, steps: [] },
  { name: 'received_overdue', weight: 0.4, ageDays: [10, 20], queue: true, open: true, steps: [] },
  { name: 'returned', weight: 0.6, ageDays: [0, 4], open: true, steps: [S.return] },
  { name: 'dispatched', weight: 5, ageDays: [0, 2], open: true, steps: [] },
  { name: 'dispatched_overdue', weight: 1, ageDays: [9, 15], open: true, steps: [] },
  { name: 'accepted', weight: 5, ageDays: [0, 5], open: true, steps: [S.accept, S.contact] },
  { name: 'handling', weight: 8, ageDays: [1, 14], open: true, steps: handled },
  { name: 'handling_extended', weight: 2, ageDays: [5, 16], open: true, steps: [...handled, S.requestExtension, S.approveExtension] },
  { name: 'extension_pending', weight: 1, ageDays: [4, 10], open: true, steps: [...handled, S.requestExtension] },
  { name: 'escalated', weight: 2, ageDays: [8, 25], open: true, steps: [...handled, S.escalate] },
  { name: 'cohandled', weight: 3, ageDays: [1, 10], open: true, steps: [S.accept, S.cohandler, S.contact, S.start] },
  { name: 'suspended', weight: 3, ageDays: [3, 25], open: true, steps: [...handled, S.suspend] },
  { name: 'replied', weight: 0.3, ageDays: [2, 12], steps: [...handled, S.reply] },
  { name: 'reopened', weight: 2, ageDays: [6, 20], steps: [...handled, S.reply, S.unsatisfied] },
  {
    name: 'closed',
    weight: 36,
    ageDays: [6, 180],
    steps: [...handled, S.slowReply, S.verdict, S.replyAgain, S.verdict, S.replyAgain, S.verdict],
  },
  { name: 'closed_cohandled', weight: 3, ageDays: [8, 180], steps: [S.accept, S.cohandler, S.contact, S.start, S.reply, S.satisfied] },
  { name: 'closed_rerouted', weight: 2, ageDays: [8, 180], steps: [S.return, S.reroute, ...handled, S.reply, S.satisfied] },
  { name: 'closed_must_handle', weight: 1, ageDays: [8, 180], steps: [S.return, S.mustHandle, ...handled, S.reply, S.satisfied] },
  { name: 'closed_resumed', weight: 1, ageDays: [15, 180], steps: [...handled, S.suspend, S.resume, S.reply, S.satisfied] },
  { name: 'closed_escalated', weight: 1, ageDays: [15, 180], steps: [...handled, S.escalate, S.reply, S.satisfied] },
  { name: 'closed_after_reopen', weight: 4, ageDays: [12, 180], steps: [...handled, S.reply, S.unsatisfied, S.reply, S.satisfied] },
  {
    name: 'closed_unsatisfied',
    weight: 2,
    ageDays: [15, 180],
    steps: [...handled, S.reply, S.unsatisfied, S.reply, S.unsatisfied, S.reply, S.unsatisfied],
  },
  { name: 'closed_at_intake', weight: 2, ageDays: [0, 180], queue: true, steps: [S.close] },
  { name: 'withdrawn', weight: 3, ageDays: [1, 180], steps: [S.withdraw] },
  { name: 'withdrawn_accepted', weight: 1, ageDays: [1, 180], steps: [S.accept, S.contact, S.withdraw] },
  { name: 'merged', weight: 3, ageDays: [0, 30], queue: true, steps: [S.merge] },
];
