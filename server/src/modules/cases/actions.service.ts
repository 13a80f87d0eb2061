import { createHash, randomBytes } from 'node:crypto';
import type { CaseActionInput, CaseView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { addWorkingDays } from '../deadlines/index.ts';
import { canReadCase, mayAct } from './cases.access.ts';
import { cityRefs, supervisorOf, type CityRefs, type Units } from './cases.directory.ts';
import { clocksFor, effectiveTier, nextCheckAt, shiftForSuspension } from './cases.policy.ts';
import * as repo from './cases.repo.ts';
import { applyTransition, TERMINAL_STATUSES, type CaseAction } from './cases.rules.ts';
import { presentCase, stateOf, type CategorySnapshot } from './cases.view.ts';
import { notifyUnit, publishChange, smsToReporter } from './notify.ts';
import { photoIdsOf } from './photos.service.ts';

// One lifecycle step on one case: lock the row, check who may, apply the pure state machine,
// then write the new state, its timeline event, notifications and messages in one transaction.

export interface Performer {
  accountId: string | null;
  name: string | null;
  unitName: string | null;
}

const performerOf = (actor: Actor, c: repo.CaseRow): Performer => {
  // The unit the actor acts for here: the lead unit if they belong to it, else their first unit.
  const grant = actor.grants.find((g) => g.unitId === c.leadUnitId) ?? actor.grants[0];
  return { accountId: actor.accountId, name: actor.displayName, unitName: grant?.unitName ?? null };
};

function unitOrRefuse(units: Units, unitId: string): void {
  if (!isUuid(unitId) || !units.byId.has(unitId)) throw new AppError(400, 'unknown_unit', `no unit ${unitId} in this city`);
}

export async function performAction(
  ctx: Context,
  actor: Actor,
  caseId: string,
  input: CaseActionInput & { version?: number | undefined },
): Promise<CaseView> {
  if (!isUuid(caseId)) throw notFound('case');
  const { db } = ctx.database;
  const refs = await cityRefs(ctx, actor.cityId);
  const result = await db.transaction(async (tx) => {
    const c = await repo.findCase(tx, actor.cityId, caseId, true);
    if (!c || !canReadCase(actor, c)) throw notFound('case');
    if (!mayAct(actor, c, input.type)) throw new AppError(403, 'forbidden', `Your roles do not allow ${input.type} on this case`);
    if (input.version !== undefined && input.version !== c.version) {
      throw conflict('version_conflict', `the case changed since you read it (version ${c.version}, not ${input.version})`);
    }
    const changed = await applyStep(ctx, tx, c, input, performerOf(actor, c), refs);
    return changed;
  });
  publishChange(ctx, result, `case.${input.type}`);
  const [events, photos] = await Promise.all([repo.listEvents(db, actor.cityId, caseId), photoIdsOf(db, actor.cityId, caseId)]);
  return presentCase(actor, result, events, refs.units, ctx.now(), photos);
}

/** Applies one step to a locked case row and writes it; returns the new row. Shared by the API, the public pages and the sweep. */
export async function applyStep(
  ctx: Context,
  tx: Db,
  c: repo.CaseRow,
  input: CaseActionInput,
  by: Performer,
  refs: CityRefs,
): Promise<repo.CaseRow> {
  const now = ctx.now();
  const { units, policy, calendar } = refs;
  if ('unitId' in input && input.unitId !== undefined) unitOrRefuse(units, input.unitId);
  const outcome = applyTransition(stateOf(c), toRuleAction(input), { maxReopens: policy.maxReopens });
  if (!outcome.ok) throw conflict(outcome.code, outcome.message);
  const { state, event } = outcome;
  const next: repo.CaseRow = {
    ...c,
    status: state.status,
    leadUnitId: state.leadUnitId ?? null,
    coHandlerUnitIds: [...state.coHandlerUnitIds],
    reopenCount: state.reopenCount,
    escalationLevel: state.escalationLevel,
    mustHandle: state.mustHandle,
    pendingExtension: state.pendingExtension ?? null,
    pendingReturn: state.pendingReturn ?? null,
    mergedInto: state.mergedInto ?? null,
    version: c.version + 1,
    updatedAt: now,
  };
  const data: Record<string, unknown> = { ...event.data };
  const notices: repo.NotificationInsert[] = [];
  const texts: (ReturnType<typeof smsToReporter> & object)[] = [];
  const unitName = (id: string | null | undefined) => (id ? (units.byId.get(id)?.name ?? null) : null);

  switch (input.type) {
    case 'dispatch': {
      if (input.categoryCode !== undefined && input.categoryCode !== c.categoryCode) {
        // The dispatcher classifies: the new leaf sets the time limit, counted from receipt.
        const leaf = refs.leaves.get(input.categoryCode);
        if (!leaf) throw new AppError(400, 'unknown_category', `${input.categoryCode} is not a leaf of the catalogue`);
        const tier = effectiveTier(leaf.deadlineTier, c.urgency as 'normal');
        const snapshot: CategorySnapshot & { handler: unknown } = {
          code: leaf.code,
          name: leaf.name,
          path: leaf.path,
          deadlineTier: leaf.deadlineTier,
          handler: leaf.handler,
        };
        Object.assign(
          next,
          { categoryCode: leaf.code, category: snapshot, deadlineTier: tier },
          clocksFor(policy, calendar, c.receivedAt, tier),
        );
        data.categoryCode = leaf.code;
      }
      Object.assign(next, { dispatchedAt: now, needsDispatcher: false, routeRuleId: 'manual', routeReason: 'dispatched by a dispatcher' });
      data.unitName = unitName(input.unitId);
      notices.push(...notifyUnit(next, input.unitId, 'case.dispatched', `新工单 ${c.trackingCode}：${c.text.slice(0, 40)}`));
      break;
    }
    case 'arbitrate_return':
      next.needsDispatcher = false;
      next.dispatchedAt = now;
      data.unitName = unitName(next.leadUnitId);
      notices.push(...notifyUnit(next, next.leadUnitId!, 'case.dispatched', `退单裁定：工单 ${c.trackingCode} 由贵单位办理`));
      break;
    case 'return':
      next.needsDispatcher = true;
      break;
    case 'contact':
      next.firstContactAt ??= now;
      break;
    case 'approve_extension': {
      const days = (c.pendingExtension as { days: number }).days;
      if (next.dueAt) next.dueAt = addWorkingDays(calendar, next.dueAt, days);
      next.dueSoonAt =
        next.dueAt && new Date(next.dueAt.getTime() - (next.dueAt.getTime() - c.receivedAt.getTime()) * policy.dueSoonFraction);
      next.dueSoonWarnedAt = null;
      data.dueAt = next.dueAt;
      break;
    }
    case 'suspend':
      next.suspendedAt = now;
      break;
    case 'resume':
      if (c.suspendedAt) {
        next.dueAt = shiftForSuspension(calendar, c.suspendedAt, now, c.dueAt);
        next.dueSoonAt = shiftForSuspension(calendar, c.suspendedAt, now, c.dueSoonAt);
        next.firstContactDueAt = shiftForSuspension(calendar, c.suspendedAt, now, c.firstContactDueAt);
        data.dueAt = next.dueAt;
      }
      next.suspendedAt = null;
      break;
    case 'reply': {
      next.repliedAt = now;
      const link = await callbackLink(tx, next, now, policy.callbackLinkDays);
      const sms = smsToReporter(next, `【共治】您的诉求 ${c.trackingCode} 已办结，请评价：${ctx.config.publicUrl}/r/${link}`);
      if (sms) texts.push(sms);
      break;
    }
    case 'record_callback':
      next.callback = { contacted: input.contacted, solved: input.solved, satisfied: input.satisfied };
      if (next.status === 'closed') next.closedAt = now;
      else {
        // 重办: a fresh time limit from now, the same tier.
        Object.assign(next, clocksFor(policy, calendar, now, c.deadlineTier as 'general'), {
          repliedAt: null,
          dueSoonWarnedAt: null,
          overdueAt: null,
          firstContactOverdueAt: null,
          firstContactAt: now,
        });
        notices.push(...notifyUnit(next, next.leadUnitId!, 'case.reopened', `回访不满意，工单 ${c.trackingCode} 重办`));
      }
      break;
    case 'add_cohandler':
      data.unitName = unitName(input.unitId);
      notices.push(...notifyUnit(next, input.unitId, 'case.cohandler_added', `协办工单 ${c.trackingCode}`));
      break;
    case 'merge_into':
      await mergeInto(tx, c, input.caseId, by, now);
      break;
    case 'escalate': {
      const above = supervisorOf(units, c.leadUnitId);
      data.toUnitId = above?.id ?? null;
      data.toUnitName = above?.name ?? null;
      if (above) notices.push(...notifyUnit(next, above.id, 'case.escalated', `工单 ${c.trackingCode} 升级督办：${input.reason}`));
      break;
    }
    case 'withdraw':
    case 'close':
      next.closedAt = now;
      break;
    case 'accept':
    case 'start':
    case 'request_extension':
    case 'reject_extension':
      break;
  }
  if (next.status === 'merged' || next.status === 'withdrawn') next.closedAt = now;
  // A case that has left the dispatcher's hands (finished, merged, withdrawn, accepted) no longer waits in the queue.
  if (TERMINAL_STATUSES.includes(next.status) || next.status === 'accepted') next.needsDispatcher = false;
  next.nextCheckAt = nextCheckAt(next);
  await repo.updateCase(tx, c.cityId, c.id, withoutKeys(next));
  await repo.appendEvents(tx, c.cityId, c.id, [
    { type: event.type, at: now, actorAccountId: by.accountId, actorName: by.name, actorUnitName: by.unitName, data },
  ]);
  await repo.insertNotifications(tx, notices);
  for (const sms of texts) await repo.insertSms(tx, sms);
  return next;
}

function withoutKeys(row: repo.CaseRow): Partial<repo.CaseInsert> {
  const { cityId: _city, id: _id, ...rest } = row;
  return rest;
}

function toRuleAction(input: CaseActionInput): CaseAction {
  if (input.type !== 'arbitrate_return') return input;
  return input.decision === 'reroute'
    ? { ...input, decision: 'reroute', unitId: input.unitId ?? '' }
    : { type: input.type, decision: 'must_handle' };
}

/** A one-time link for the resident's own answers to the callback questions; only its hash is stored. */
async function callbackLink(tx: Db, c: repo.CaseRow, now: Date, days: number): Promise<string> {
  const token = randomBytes(18).toString('base64url');
  await repo.insertCallbackLink(tx, {
    tokenHash: hashToken(token),
    cityId: c.cityId,
    caseId: c.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + days * 86_400_000),
  });
  return token;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The merged case's voice joins the target ("me too"): the target counts one more supporter. */
async function mergeInto(tx: Db, c: repo.CaseRow, targetId: string, by: Performer, now: Date): Promise<void> {
  if (targetId === c.id || !isUuid(targetId)) throw new AppError(400, 'invalid_merge_target', 'a case cannot be merged into itself');
  const target = await repo.findCase(tx, c.cityId, targetId, true);
  if (!target) throw new AppError(400, 'invalid_merge_target', 'the case to merge into does not exist');
  if ((TERMINAL_STATUSES as readonly string[]).includes(target.status)) {
    throw conflict('merge_target_closed', 'the case to merge into is already closed');
  }
  await repo.updateCase(tx, c.cityId, target.id, {
    supporters: target.supporters + 1 + c.supporters,
    version: target.version + 1,
    updatedAt: now,
  });
  await repo.appendEvents(tx, c.cityId, target.id, [
    {
      type: 'case.supporter_added',
      at: now,
      actorAccountId: by.accountId,
      actorName: by.name,
      actorUnitName: by.unitName,
      data: { fromCaseId: c.id, fromTrackingCode: c.trackingCode, text: c.text.slice(0, 200) },
    },
  ]);
}
