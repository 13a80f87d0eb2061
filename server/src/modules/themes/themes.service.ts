import type { ThemeList, ThemeSummary, ThemeView, themeActionCreate, themeClose, themeCreate } from '@gongzhi/contracts';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { cityCalendar, cityUnits, type Units } from '../cases/index.ts';
import { addWorkingDays } from '../deadlines/index.ts';
import {
  canReadProgramme,
  mayAddAction,
  mayManageThemes,
  mayMarkActionDone,
  readsWholeCity,
  type ProgrammeFacts,
} from './themes.access.ts';
import { currentMonth, requirePastOrCurrentMonth } from './themes.proposals.ts';
import * as repo from './themes.repo.ts';
import * as rules from './themes.rules.ts';

// Programmes of the monthly theme: the city picks a proposal (lead unit, co-units, target), the lead adds
// actions with deadlines, the owners mark them done, the city closes it. Each change: lock the programme,
// check who may, ask the pure rules, write the state, its event, the notices and the audit entry in one
// transaction.

const unitRef = (units: Units, id: string) => {
  const unit = units.byId.get(id);
  return { id, name: unit?.name ?? '—', kind: unit?.kind ?? 'department' };
};

const facts = (p: repo.ProgrammeRow, actions: readonly repo.ActionRow[]): ProgrammeFacts => ({
  leadUnitId: p.leadUnitId,
  coUnitIds: p.coUnitIds,
  streetPaths: p.streetPaths,
  ownerUnitIds: actions.map((a) => a.ownerUnitId),
});

const notice = (p: { cityId: string }, unitId: string, kind: string, text: string, at: Date): repo.NotificationInsert => ({
  cityId: p.cityId,
  id: newId(),
  unitId,
  kind,
  text,
  createdAt: at,
});

const eventBy = (actor: Actor | null, type: string, at: Date, data: Record<string, unknown>): repo.NewThemeEvent => ({
  type,
  at,
  actorAccountId: actor?.accountId ?? null,
  actorName: actor?.displayName ?? null,
  data,
});

function requireUnit(units: Units, id: string): void {
  if (!isUuid(id) || !units.byId.has(id)) throw new AppError(422, 'unknown_unit', `no unit ${id} in this city`);
}

function summarise(p: repo.ProgrammeRow, actions: readonly repo.ActionRow[], units: Units, now: Date): ThemeSummary {
  const statuses = actions.map((a) => rules.actionStatus(a, now));
  return {
    id: p.id,
    month: p.month,
    categoryCode: p.categoryCode,
    categoryName: p.categoryName,
    title: p.title,
    status: p.status,
    leadUnit: unitRef(units, p.leadUnitId),
    actionsOpen: statuses.filter((s) => s === 'open').length,
    actionsOverdue: statuses.filter((s) => s === 'overdue').length,
    actionsDone: statuses.filter((s) => s === 'done').length,
    createdAt: p.createdAt.toISOString(),
    closedAt: p.closedAt?.toISOString() ?? null,
  };
}

/** The programmes the actor may read, active ones first. */
export async function listThemes(ctx: Context, actor: Actor, status?: 'active' | 'closed'): Promise<ThemeList> {
  requireScope(actor, 'case.read');
  const { db } = ctx.database;
  // A city makes about one programme a month: reading them all and filtering here is cheaper than any index.
  const programmes = await repo.listProgrammes(db, actor.cityId, status);
  const [actions, units] = await Promise.all([
    repo.listActions(
      db,
      actor.cityId,
      programmes.map((p) => p.id),
    ),
    cityUnits(ctx, actor.cityId),
  ]);
  const now = ctx.now();
  const items = programmes
    .map((p) => ({ p, actions: actions.filter((a) => a.programmeId === p.id) }))
    .filter(({ p, actions: a }) => canReadProgramme(actor, facts(p, a)))
    .map(({ p, actions: a }) => summarise(p, a, units, now));
  return { items, mayCreate: mayManageThemes(actor), mayReadProposals: readsWholeCity(actor) };
}

/** One programme: actions with their status, the measured effect, the timeline, what this user may do. */
export async function getTheme(ctx: Context, actor: Actor, id: string): Promise<ThemeView> {
  if (!isUuid(id)) throw notFound('programme');
  const { db } = ctx.database;
  const p = await repo.findProgramme(db, actor.cityId, id);
  if (!p) throw notFound('programme');
  const [actions, events, units, current] = await Promise.all([
    repo.listActions(db, actor.cityId, [id]),
    repo.listEvents(db, actor.cityId, id),
    cityUnits(ctx, actor.cityId),
    currentMonth(ctx, actor.cityId),
  ]);
  const f = facts(p, actions);
  if (!canReadProgramme(actor, f)) throw notFound('programme');
  const volumes = await repo.monthlyVolumes(
    db,
    actor.cityId,
    rules.addMonths(p.month, -rules.BASELINE_MONTHS),
    current > p.month ? current : p.month,
    p.categoryCode,
  );
  const now = ctx.now();
  const active = p.status === 'active';
  return {
    ...summarise(p, actions, units, now),
    target: p.target,
    targetReductionPercent: p.targetReductionPercent,
    coUnits: p.coUnitIds.map((u) => unitRef(units, u)),
    createdBy: p.createdByName,
    summary: p.summary,
    closeReason: p.closeReason,
    streets: p.streetPaths.length,
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      owner: unitRef(units, a.ownerUnitId),
      dueAt: a.dueAt.toISOString(),
      status: rules.actionStatus(a, now),
      doneAt: a.doneAt?.toISOString() ?? null,
      note: a.note,
      mayMarkDone: active && a.status === 'open' && mayMarkActionDone(actor, f, a.ownerUnitId),
    })),
    effect: rules.measureEffect(p.month, current, new Map(volumes.map((v) => [v.month, v.cases]))),
    mayAddAction: active && mayAddAction(actor, f),
    mayClose: active && mayManageThemes(actor),
    timeline: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actorName: e.actorName,
      data: e.data as Record<string, unknown>,
    })),
  };
}

/** The city picks a proposal: a programme with a lead unit and co-units, who are told at once. */
export async function createTheme(ctx: Context, actor: Actor, input: z.output<typeof themeCreate>): Promise<ThemeView> {
  if (!mayManageThemes(actor)) throw forbidden('Monthly themes are picked by city-wide leaders and administrators');
  const { db } = ctx.database;
  await requirePastOrCurrentMonth(ctx, actor.cityId, input.month);
  const [category, units] = await Promise.all([repo.findCategory(db, actor.cityId, input.categoryCode), cityUnits(ctx, actor.cityId)]);
  if (!category) throw new AppError(422, 'unknown_category', `${input.categoryCode} is not a second-level category of the catalogue`);
  requireUnit(units, input.leadUnitId);
  const coUnitIds = [...new Set(input.coUnitIds)];
  for (const id of coUnitIds) requireUnit(units, id);
  if (coUnitIds.includes(input.leadUnitId)) throw new AppError(422, 'invalid_unit', 'the lead unit is not also a co-unit');
  const now = ctx.now();
  const row: repo.ProgrammeInsert = {
    cityId: actor.cityId,
    id: newId(),
    month: input.month,
    categoryCode: category.code,
    categoryName: category.name,
    title: input.title,
    target: input.target,
    targetReductionPercent: input.targetReductionPercent ?? null,
    status: 'active',
    leadUnitId: input.leadUnitId,
    coUnitIds,
    streetPaths: await repo.streetPaths(db, actor.cityId, input.month, category.code),
    createdBy: actor.accountId,
    createdByName: actor.displayName,
    createdAt: now,
    updatedAt: now,
  };
  const text = `每月一题「${input.title}」（${input.month} ${category.name}）已立项：`;
  const notices = [
    notice(row, input.leadUnitId, 'theme.created', `${text}贵单位牵头，请制定措施并按期完成。`, now),
    ...coUnitIds.map((u) => notice(row, u, 'theme.created', `${text}贵单位配合，请按分工落实。`, now)),
  ];
  try {
    await db.transaction(async (tx) => {
      await repo.insertProgramme(
        tx,
        row,
        eventBy(actor, 'theme.created', now, {
          month: row.month,
          categoryCode: row.categoryCode,
          leadUnitId: row.leadUnitId,
          coUnitIds,
          target: row.target,
        }),
        notices,
      );
      await appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action: 'theme.create',
        entityType: 'theme_programme',
        entityId: row.id,
        detail: { month: row.month, categoryCode: row.categoryCode, title: row.title },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('category_has_programme', `${category.name} already has an active programme`);
    throw error;
  }
  return getTheme(ctx, actor, row.id);
}

/** Runs a change on a locked programme the actor may read; `change` checks the rest and writes. */
async function onProgramme(
  ctx: Context,
  actor: Actor,
  id: string,
  change: (tx: Db, p: repo.ProgrammeRow, actions: repo.ActionRow[], f: ProgrammeFacts, now: Date) => Promise<string>,
): Promise<ThemeView> {
  if (!isUuid(id)) throw notFound('programme');
  await ctx.database.db.transaction(async (tx) => {
    const p = await repo.findProgramme(tx, actor.cityId, id, true);
    if (!p) throw notFound('programme');
    const actions = await repo.listActions(tx, actor.cityId, [id]);
    const f = facts(p, actions);
    if (!canReadProgramme(actor, f)) throw notFound('programme');
    const now = ctx.now();
    const action = await change(tx, p, actions, f, now);
    await repo.updateProgramme(tx, p.cityId, p.id, { version: p.version + 1, updatedAt: now });
    await appendAudit(tx, { cityId: actor.cityId, actorId: actor.accountId, action, entityType: 'theme_programme', entityId: id });
  });
  return getTheme(ctx, actor, id);
}

function check(result: rules.RuleResult): void {
  if (!result.ok) throw conflict(result.code, result.message);
}

/** The lead unit (or the city) adds an action: an owner among the lead and co-units, a deadline in working days or a date. */
export async function addThemeAction(
  ctx: Context,
  actor: Actor,
  id: string,
  input: z.output<typeof themeActionCreate>,
): Promise<ThemeView> {
  const calendar = await cityCalendar(ctx, actor.cityId);
  return onProgramme(ctx, actor, id, async (tx, p, _actions, f, now) => {
    if (!mayAddAction(actor, f)) throw forbidden('Actions are added by the lead unit and the city');
    check(rules.mayChange(p.status));
    if ((input.workingDays === undefined) === (input.dueDate === undefined))
      throw new AppError(422, 'deadline_required', 'give the deadline as workingDays or as dueDate, one of them');
    if (input.dueDate !== undefined && !rules.isCalendarDate(input.dueDate))
      throw new AppError(422, 'invalid_date', `${input.dueDate} is not a date`);
    if (input.ownerUnitId !== p.leadUnitId && !p.coUnitIds.includes(input.ownerUnitId))
      throw new AppError(422, 'owner_not_in_programme', 'an action is owned by the lead unit or a co-unit');
    const dueAt =
      input.workingDays !== undefined
        ? addWorkingDays(calendar, now, input.workingDays)
        : rules.endOfLocalDay(input.dueDate!, calendar.utcOffsetMinutes);
    if (dueAt.getTime() <= now.getTime()) throw new AppError(422, 'deadline_past', 'the deadline has already passed');
    const action: repo.ActionInsert = {
      cityId: p.cityId,
      programmeId: p.id,
      id: newId(),
      title: input.title,
      ownerUnitId: input.ownerUnitId,
      dueAt,
      status: 'open',
      createdAt: now,
    };
    await repo.insertAction(tx, action);
    await repo.appendEvents(tx, p.cityId, p.id, [
      eventBy(actor, 'theme.action_added', now, {
        actionId: action.id,
        title: action.title,
        ownerUnitId: action.ownerUnitId,
        dueAt: dueAt.toISOString(),
      }),
    ]);
    // A co-unit is told of the action it owns; the lead unit sees its own on the programme.
    if (input.ownerUnitId !== p.leadUnitId)
      await repo.insertNotifications(tx, [
        notice(
          p,
          input.ownerUnitId,
          'theme.action_added',
          `每月一题「${p.title}」新增措施：${action.title}（${dueAt.toISOString().slice(0, 10)} 前完成）`,
          now,
        ),
      ]);
    return 'theme.action_add';
  });
}

/** The owner unit, the lead unit or the city marks an action done, with a note of what was done. */
export async function markThemeActionDone(ctx: Context, actor: Actor, id: string, actionId: string, note: string): Promise<ThemeView> {
  return onProgramme(ctx, actor, id, async (tx, p, actions, f, now) => {
    const action = actions.find((a) => a.id === actionId);
    if (!action) throw notFound('action');
    if (!mayMarkActionDone(actor, f, action.ownerUnitId))
      throw forbidden('Only the owner unit, the lead unit and the city mark an action done');
    check(rules.mayMarkDone(p.status, action));
    await repo.updateAction(tx, p.cityId, p.id, action.id, { status: 'done', doneAt: now, note });
    await repo.appendEvents(tx, p.cityId, p.id, [
      eventBy(actor, 'theme.action_done', now, { actionId, title: action.title, note, late: now.getTime() > action.dueAt.getTime() }),
    ]);
    return 'theme.action_done';
  });
}

/** The city closes a programme with a summary: every action done, or an explicit reason. */
export async function closeTheme(ctx: Context, actor: Actor, id: string, input: z.output<typeof themeClose>): Promise<ThemeView> {
  return onProgramme(ctx, actor, id, async (tx, p, actions, _f, now) => {
    if (!mayManageThemes(actor)) throw forbidden('Programmes are closed by city-wide leaders and administrators');
    const open = actions.filter((a) => a.status === 'open').length;
    check(rules.mayClose(p.status, open, input.reason));
    await repo.updateProgramme(tx, p.cityId, p.id, {
      status: 'closed',
      summary: input.summary,
      closeReason: input.reason ?? null,
      closedAt: now,
    });
    await repo.appendEvents(tx, p.cityId, p.id, [
      eventBy(actor, 'theme.closed', now, { summary: input.summary, reason: input.reason ?? null, openActions: open }),
    ]);
    return 'theme.close';
  });
}

/**
 * Tells the owner and the lead unit of every open action whose deadline has come (once per action); each
 * action is handled under its programme's lock, so a sweep in another process or a user's step never
 * writes the same timeline position. Returns the number of actions told.
 */
export async function sweepThemeActions(ctx: Context, now = ctx.now()): Promise<number> {
  const { db } = ctx.database;
  let told = 0;
  for (const due of await repo.dueActions(db, now)) {
    await db.transaction(async (tx) => {
      const p = await repo.findProgramme(tx, due.city_id, due.programme_id, true);
      const action = (await repo.listActions(tx, due.city_id, [due.programme_id])).find((a) => a.id === due.id);
      if (!p || p.status !== 'active' || !action || action.status !== 'open' || action.dueNotifiedAt) return;
      await repo.updateAction(tx, p.cityId, p.id, action.id, { dueNotifiedAt: now });
      await repo.appendEvents(tx, p.cityId, p.id, [
        eventBy(null, 'theme.action_overdue', now, { actionId: action.id, title: action.title }),
      ]);
      const text = `每月一题「${p.title}」的措施已到期未完成：${action.title}`;
      const unitIds = [...new Set([action.ownerUnitId, p.leadUnitId])];
      await repo.insertNotifications(
        tx,
        unitIds.map((u) => notice(p, u, 'theme.action_overdue', text, now)),
      );
      told += 1;
    });
  }
  return told;
}
