import { createHash } from 'node:crypto';
import type { WhistleActionInput, WhistleCreate, WhistleView, whistleAction, whistleCreate } from '@gongzhi/contracts';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { AppError, badRequest, conflict, forbidden, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { canReadCase, casesRepo, cityUnits, notifyUnit, prepareCase, submitterOf, type PreparedCase, type Units } from '../cases/index.ts';
import { actingUnitIds, blowingGrants, canReadWhistle, mayManageWhistle } from './whistles.access.ts';
import * as repo from './whistles.repo.ts';
import * as rules from './whistles.rules.ts';
import { cityWhistleSettings } from './whistles.settings.ts';
import { accessFacts, getWhistle } from './whistles.view.ts';

// Blowing a whistle and every step on it: lock the row, check who may, ask the pure rules, then
// write the new state, its timeline event and the notices in one transaction; tell open pages after.

const REASON_TEXT = { beyond_street: '街道解决不了的群众诉求', joint_enforcement: '联合执法', emergency: '应急处置' } as const;

const requestHash = (input: unknown): string => createHash('sha256').update(canonicalJson(input)).digest('hex');

function publish(ctx: Context, w: repo.WhistleRow, summonedUnitIds: string[], type: string): void {
  ctx.bus.publish({
    cityId: w.cityId,
    caseId: w.id,
    type,
    status: w.status,
    regionPath: w.regionPath,
    unitIds: [w.unitId, ...summonedUnitIds],
    reporterAccountId: null,
    subject: 'whistle',
  });
}

function whistleNotice(w: repo.WhistleInsert, unitId: string, kind: string, text: string): repo.NotificationInsert {
  return { cityId: w.cityId, id: newId(), unitId, caseId: w.caseId ?? null, whistleId: w.id, kind, text, createdAt: w.updatedAt };
}

/** Where the whistle is: the place given, or the case's. */
async function placeOf(ctx: Context, actor: Actor, input: z.output<typeof whistleCreate>) {
  const { db } = ctx.database;
  let theCase: casesRepo.CaseRow | undefined;
  if (input.caseId !== undefined) {
    theCase = isUuid(input.caseId) ? await casesRepo.findCase(db, actor.cityId, input.caseId) : undefined;
    if (!theCase || !canReadCase(actor, theCase)) throw badRequest('unknown_case', `no case ${input.caseId} you may read`);
  }
  const problem = input.problem ?? theCase?.text;
  if (!problem) throw badRequest('problem_required', 'describe the problem, or blow the whistle on a case');
  const address = input.address ?? theCase?.address ?? null;
  if (input.location) {
    const place = await ctx.locator.place(actor.cityId, input.location.lng, input.location.lat);
    if (!place) throw badRequest('outside_city', 'the place is outside the city');
    return { theCase, problem, address, ...input.location, regionPath: place.path, regionName: place.regions.at(-1)?.name ?? null };
  }
  if (theCase?.lng != null && theCase.lat != null) {
    const regions = theCase.regions as { name: string }[];
    return {
      theCase,
      problem,
      address,
      lng: theCase.lng,
      lat: theCase.lat,
      regionPath: theCase.regionPath,
      regionName: regions.at(-1)?.name ?? null,
    };
  }
  throw badRequest('place_required', 'mark the place on the map');
}

/** Blows a whistle: the place in the blowing unit's territory, the departments summoned and told at once. */
export async function blowWhistle(
  ctx: Context,
  actor: Actor,
  input: z.output<typeof whistleCreate>,
  idempotencyKey: string | undefined,
): Promise<{ replayed: boolean; body: WhistleView }> {
  const grants = blowingGrants(actor);
  if (grants.length === 0) throw forbidden('Only street and community secretaries and leaders blow whistles');
  const { db } = ctx.database;
  const hash = requestHash(input);
  if (idempotencyKey) {
    const replay = await replayed(ctx, actor, idempotencyKey, hash);
    if (replay) return replay;
  }
  const [units, settings] = await Promise.all([cityUnits(ctx, actor.cityId), cityWhistleSettings(ctx, actor.cityId)]);
  const place = await placeOf(ctx, actor, input);
  const grant = grants.find((g) => place.regionPath.startsWith(g.regionPath));
  if (!grant) throw new AppError(403, 'outside_territory', 'the place lies outside your street or community');
  const unitIds = [...new Set(input.unitIds)];
  for (const id of unitIds) {
    if (!isUuid(id) || !units.byId.has(id)) throw badRequest('unknown_unit', `no unit ${id} in this city`);
    if (id === grant.unitId) throw badRequest('invalid_unit', 'a unit does not summon itself');
  }
  const now = ctx.now();
  const arrivalMinutes = input.arrivalMinutes ?? settings.arrivalMinutes;
  const row: repo.WhistleInsert = {
    cityId: actor.cityId,
    id: newId(),
    status: 'open',
    reason: input.reason,
    problem: place.problem,
    caseId: place.theCase?.id ?? null,
    unitId: grant.unitId,
    unitRegionPath: grant.regionPath,
    regionPath: place.regionPath,
    regionName: place.regionName,
    address: place.address,
    lng: place.lng,
    lat: place.lat,
    arrivalMinutes,
    checkInRadiusMeters: settings.checkInRadiusMeters,
    blownAt: now,
    dueAt: rules.arrivalDueAt(now, arrivalMinutes),
    blownBy: actor.accountId,
    blownByName: actor.displayName,
    idempotencyKey: idempotencyKey ?? null,
    requestHash: idempotencyKey ? hash : null,
    updatedAt: now,
  };
  const text = `${grant.unitName}吹哨（${REASON_TEXT[input.reason]}）：请于 ${arrivalMinutes} 分钟内到达 ${place.address ?? place.regionName ?? ''}：${place.problem.slice(0, 40)}`;
  const event: repo.NewWhistleEvent = {
    type: 'whistle.blown',
    at: now,
    actorAccountId: actor.accountId,
    actorName: actor.displayName,
    actorUnitId: grant.unitId,
    actorUnitName: grant.unitName,
    data: {
      reason: input.reason,
      arrivalMinutes,
      unitIds,
      unitNames: unitIds.map((id) => units.byId.get(id)?.name ?? null),
      caseId: row.caseId,
    },
  };
  try {
    await db.transaction((tx) =>
      repo.insertWhistle(
        tx,
        row,
        unitIds,
        event,
        unitIds.map((id) => whistleNotice(row, id, 'whistle.blown', text)),
      ),
    );
  } catch (error) {
    if (idempotencyKey && isUniqueViolation(error)) {
      const replay = await replayed(ctx, actor, idempotencyKey, hash);
      if (replay) return replay;
    }
    throw error;
  }
  publish(ctx, { ...row, spawnedCaseIds: [] } as unknown as repo.WhistleRow, unitIds, 'whistle.blown');
  return { replayed: false, body: await getWhistle(ctx, actor, row.id) };
}

async function replayed(ctx: Context, actor: Actor, key: string, hash: string): Promise<{ replayed: true; body: WhistleView } | undefined> {
  const found = await repo.findByIdempotencyKey(ctx.database.db, actor.cityId, actor.accountId, key);
  if (!found) return undefined;
  if (found.requestHash !== hash)
    throw new AppError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request');
  return { replayed: true, body: await getWhistle(ctx, actor, found.id) };
}

type ActionInput = z.output<typeof whistleAction> & { unitId?: string | undefined };

/** One step on a whistle; a step the state refuses answers 409 with a stable code. */
export async function actOnWhistle(ctx: Context, actor: Actor, whistleId: string, input: ActionInput): Promise<WhistleView> {
  if (!isUuid(whistleId)) throw notFound('whistle');
  const { db } = ctx.database;
  const units = await cityUnits(ctx, actor.cityId);
  // A follow-up case is prepared (located, routed, its clocks set) before the transaction opens: it reads cached reference data.
  let prepared: PreparedCase | undefined;
  if (input.type === 'spawn_case') {
    const w = await repo.findWhistle(db, actor.cityId, whistleId);
    if (w && mayManageWhistle(actor, accessFacts(w, []))) prepared = await prepareFollowUp(ctx, actor, w, input, units);
  }
  const summoned = await db.transaction(async (tx) => {
    const w = await repo.findWhistle(tx, actor.cityId, whistleId, true);
    if (!w) throw notFound('whistle');
    const attendance = await repo.listAttendance(tx, actor.cityId, whistleId);
    const facts = accessFacts(w, attendance);
    if (!canReadWhistle(actor, facts)) throw notFound('whistle');
    const step = new Step(ctx, tx, actor, w, attendance, units);
    switch (input.type) {
      case 'acknowledge':
      case 'check_in':
      case 'act':
      case 'leave':
        await step.report(input, reportingUnit(actor, facts, input.unitId));
        break;
      case 'close':
      case 'rate':
      case 'spawn_case':
        if (!mayManageWhistle(actor, facts)) throw forbidden(`Only the unit that blew the whistle may ${input.type.replace('_', ' ')}`);
        if (input.type === 'spawn_case') await step.spawnCase(prepared!);
        else await step.closeOrRate(input);
        break;
    }
    await repo.updateWhistle(tx, w.cityId, w.id, { ...step.patch, version: w.version + 1, updatedAt: step.now });
    return { row: { ...w, ...step.patch }, unitIds: facts.summonedUnitIds };
  });
  publish(ctx, summoned.row, summoned.unitIds, `whistle.${input.type}`);
  return getWhistle(ctx, actor, whistleId);
}

function reportingUnit(actor: Actor, facts: ReturnType<typeof accessFacts>, unitId: string | undefined): string {
  const acting = actingUnitIds(actor, facts);
  if (unitId !== undefined) {
    if (!acting.includes(unitId)) throw forbidden('You do not report for that unit on this whistle');
    return unitId;
  }
  if (acting.length === 0) throw forbidden('Only staff of a summoned department report on a whistle');
  return acting[0]!;
}

async function prepareFollowUp(
  ctx: Context,
  actor: Actor,
  w: repo.WhistleRow,
  input: Extract<ActionInput, { type: 'spawn_case' }>,
  units: Units,
): Promise<PreparedCase> {
  const prepared = await prepareCase(
    ctx,
    submitterOf(actor),
    {
      text: input.text,
      categoryCode: input.categoryCode,
      urgency: input.urgency,
      location: w.lng !== null && w.lat !== null ? { lng: w.lng, lat: w.lat } : undefined,
      address: w.address ?? undefined,
      channel: 'web',
      route: true,
    },
    units,
  );
  // The case's first event names the whistle it came from.
  prepared.events[0]!.data.whistleId = w.id;
  return prepared;
}

/** The writes of one step on a locked whistle. */
class Step {
  readonly now: Date;
  patch: Partial<repo.WhistleInsert> = {};

  constructor(
    private readonly ctx: Context,
    private readonly tx: Db,
    private readonly actor: Actor,
    private readonly w: repo.WhistleRow,
    private readonly attendance: repo.AttendanceRow[],
    private readonly units: Units,
  ) {
    this.now = ctx.now();
  }

  private unitName = (id: string) => this.units.byId.get(id)?.name ?? null;

  private event(type: string, unitId: string, data: Record<string, unknown>): Promise<void> {
    return repo.appendEvents(this.tx, this.w.cityId, this.w.id, [
      {
        type,
        at: this.now,
        actorAccountId: this.actor.accountId,
        actorName: this.actor.displayName,
        actorUnitId: unitId,
        actorUnitName: this.unitName(unitId),
        data,
      },
    ]);
  }

  private attendanceOf(unitId: string): repo.AttendanceRow {
    const a = this.attendance.find((x) => x.unitId === unitId);
    if (!a) throw badRequest('not_summoned', `unit ${unitId} was not summoned to this whistle`);
    return a;
  }

  async report(input: Extract<ActionInput, { type: 'acknowledge' | 'check_in' | 'act' | 'leave' }>, unitId: string): Promise<void> {
    const a = this.attendanceOf(unitId);
    const { status } = this.w;
    let outcome: rules.RuleResult<Partial<repo.AttendanceRow> | null>;
    let data: Record<string, unknown> = {};
    switch (input.type) {
      case 'acknowledge':
        outcome = rules.acknowledge(status, a, this.now);
        break;
      case 'check_in': {
        const place = this.w.lng !== null && this.w.lat !== null ? { lng: this.w.lng, lat: this.w.lat } : null;
        outcome = rules.checkIn({ ...this.w, place }, a, input.position, this.now);
        if (outcome.ok) {
          const c = outcome.value as rules.CheckIn;
          data = { ...input.position, distanceMeters: c.checkInDistanceMeters, far: c.checkInFar, lateMinutes: c.lateMinutes };
        }
        break;
      }
      case 'act':
        outcome = rules.act(status, a);
        data = { text: input.text };
        break;
      case 'leave':
        outcome = rules.leave(status, a, this.now);
        break;
    }
    if (!outcome.ok) throw conflict(outcome.code, outcome.message);
    if (outcome.value) await repo.updateAttendance(this.tx, this.w.cityId, this.w.id, unitId, outcome.value);
    const type = { acknowledge: 'whistle.acknowledged', check_in: 'whistle.checked_in', act: 'whistle.acted', leave: 'whistle.left' }[
      input.type
    ];
    await this.event(type, unitId, data);
    if (input.type === 'check_in' && (data.far || (data.lateMinutes as number) > 0)) {
      const flags = [
        data.far ? `距现场 ${String(data.distanceMeters)} 米` : '',
        (data.lateMinutes as number) > 0 ? `迟到 ${String(data.lateMinutes)} 分钟` : '',
      ]
        .filter(Boolean)
        .join('，');
      await repo.insertNotifications(this.tx, [
        whistleNotice(
          { ...this.w, updatedAt: this.now },
          this.w.unitId,
          'whistle.checked_in',
          `${this.unitName(unitId) ?? ''}报到：${flags}`,
        ),
      ]);
    }
  }

  async closeOrRate(input: Extract<ActionInput, { type: 'close' | 'rate' }>): Promise<void> {
    let status = this.w.status;
    if (input.type === 'close') {
      const outcome = rules.close(status);
      if (!outcome.ok) throw conflict(outcome.code, outcome.message);
      status = 'closed';
      this.patch = { status, result: input.result, closedAt: this.now };
      await this.event('whistle.closed', this.w.unitId, { result: input.result });
      await repo.insertNotifications(
        this.tx,
        this.attendance.map((a) =>
          whistleNotice(
            { ...this.w, updatedAt: this.now },
            a.unitId,
            'whistle.closed',
            `吹哨已结束，可以撤离：${this.w.problem.slice(0, 40)}`,
          ),
        ),
      );
    }
    const seen = new Set<string>();
    for (const r of input.ratings) {
      if (seen.has(r.unitId)) throw badRequest('duplicate_rating', 'rate each department once');
      seen.add(r.unitId);
      const outcome = rules.rate(status, this.attendanceOf(r.unitId));
      if (!outcome.ok) throw conflict(outcome.code, outcome.message);
      await repo.updateAttendance(this.tx, this.w.cityId, this.w.id, r.unitId, {
        ratingArrival: r.arrival,
        ratingAttitude: r.attitude,
        ratingResult: r.result,
        ratingComment: r.comment ?? null,
        ratedAt: this.now,
      });
      const { unitId, ...rating } = r;
      await this.event('whistle.rated', this.w.unitId, { unitId, unitName: this.unitName(unitId), ...rating });
    }
  }

  async spawnCase(prepared: PreparedCase): Promise<void> {
    const { row } = prepared;
    const notices = row.leadUnitId
      ? notifyUnit(row, row.leadUnitId, 'case.dispatched', `新工单 ${row.trackingCode}：${row.text.slice(0, 40)}`)
      : [];
    await casesRepo.insertNewCases(this.tx, [{ row, events: prepared.events, key: null, notices, sms: null }]);
    this.patch = { spawnedCaseIds: [...this.w.spawnedCaseIds, row.id] };
    await this.event('whistle.case_spawned', this.w.unitId, { caseId: row.id, trackingCode: row.trackingCode });
  }
}

export type { WhistleActionInput, WhistleCreate };
