import { sql, type SQL } from 'drizzle-orm';
import type { WhistleActionType, WhistleList, WhistleSummary, WhistleView, whistleListQuery } from '@gongzhi/contracts';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import { forbidden, notFound } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { cityUnits, type Units } from '../cases/index.ts';
import {
  actingUnitIds,
  blowingGrants,
  canReadWhistle,
  mayManageWhistle,
  whistleMineCondition,
  whistleReadCondition,
} from './whistles.access.ts';
import * as repo from './whistles.repo.ts';
import { lateMinutes, reportSteps } from './whistles.rules.ts';
import { whistles } from './whistles.schema.ts';

// How a whistle reads: the summary in lists, the whole of it (attendance, timeline, the steps this
// user may take) on its page.

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const accessFacts = (w: repo.WhistleRow, attendance: repo.AttendanceRow[]) => ({
  unitId: w.unitId,
  regionPath: w.regionPath,
  summonedUnitIds: attendance.map((a) => a.unitId),
});

function unitRef(units: Units, id: string) {
  const unit = units.byId.get(id);
  return { id, name: unit?.name ?? '—', kind: unit?.kind ?? 'department' };
}

function presentSummary(w: repo.WhistleRow, units: Units, summoned: number, arrived: number): WhistleSummary {
  return {
    id: w.id,
    status: w.status,
    reason: w.reason,
    problem: w.problem,
    address: w.address,
    regionName: w.regionName,
    blowingUnit: unitRef(units, w.unitId),
    blownAt: w.blownAt.toISOString(),
    dueAt: w.dueAt.toISOString(),
    arrivalMinutes: w.arrivalMinutes,
    summoned,
    arrived,
    closedAt: iso(w.closedAt),
  };
}

export function presentWhistle(
  actor: Actor,
  w: repo.WhistleRow,
  attendance: repo.AttendanceRow[],
  events: repo.WhistleEventRow[],
  units: Units,
  now: Date,
): WhistleView {
  const facts = accessFacts(w, attendance);
  const acting = actingUnitIds(actor, facts);
  const allowed = new Set<WhistleActionType>();
  for (const a of attendance) if (acting.includes(a.unitId)) for (const step of reportSteps(w.status, a)) allowed.add(step);
  if (mayManageWhistle(actor, facts)) {
    if (w.status === 'open') allowed.add('close');
    else if (attendance.some((a) => !a.ratedAt)) allowed.add('rate');
    allowed.add('spawn_case');
  }
  const sorted = [...attendance].sort((a, b) => unitRef(units, a.unitId).name.localeCompare(unitRef(units, b.unitId).name, 'zh-CN'));
  return {
    ...presentSummary(w, units, attendance.length, attendance.filter((a) => a.arrivedAt).length),
    caseId: w.caseId,
    location: w.lng !== null && w.lat !== null ? { lng: w.lng, lat: w.lat } : null,
    blownBy: w.blownByName,
    result: w.result,
    attendance: sorted.map((a) => ({
      unit: unitRef(units, a.unitId),
      acknowledgedAt: iso(a.acknowledgedAt),
      arrivedAt: iso(a.arrivedAt),
      checkIn:
        a.arrivedAt && a.checkInLng !== null && a.checkInLat !== null
          ? {
              lng: a.checkInLng,
              lat: a.checkInLat,
              at: a.arrivedAt.toISOString(),
              distanceMeters: a.checkInDistanceMeters ?? 0,
              far: a.checkInFar ?? false,
            }
          : null,
      // Before arrival, lateness runs while the whistle is open.
      lateMinutes: a.arrivedAt ? a.lateMinutes : w.status === 'open' && now > w.dueAt ? lateMinutes(w.dueAt, now) : null,
      leftAt: iso(a.leftAt),
      actions: events
        .filter((e) => e.type === 'whistle.acted' && e.actorUnitId === a.unitId)
        .map((e) => ({ at: e.at.toISOString(), text: String((e.data as { text?: string }).text ?? ''), by: e.actorName })),
      rating:
        a.ratedAt && a.ratingArrival !== null && a.ratingAttitude !== null && a.ratingResult !== null
          ? { arrival: a.ratingArrival, attitude: a.ratingAttitude, result: a.ratingResult, comment: a.ratingComment }
          : null,
    })),
    spawnedCaseIds: w.spawnedCaseIds,
    checkInRadiusMeters: w.checkInRadiusMeters,
    version: w.version,
    allowedActions: [...allowed],
    actingUnitIds: acting,
    timeline: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.at.toISOString(),
      actor: { name: e.actorName, unitName: e.actorUnitName },
      data: e.data as Record<string, unknown>,
    })),
  };
}

/** One whistle as this user reads it (404 when they may not). */
export async function getWhistle(ctx: Context, actor: Actor, id: string): Promise<WhistleView> {
  const { db } = ctx.database;
  const w = isUuid(id) ? await repo.findWhistle(db, actor.cityId, id) : undefined;
  if (!w) throw notFound('whistle');
  const [attendance, events, units] = await Promise.all([
    repo.listAttendance(db, actor.cityId, id),
    repo.listEvents(db, actor.cityId, id),
    cityUnits(ctx, actor.cityId),
  ]);
  if (!canReadWhistle(actor, accessFacts(w, attendance))) throw notFound('whistle');
  return presentWhistle(actor, w, attendance, events, units, ctx.now());
}

/** The whistles this user may read (or, with mine, those of the user's own units), open ones first. */
export async function listWhistles(ctx: Context, actor: Actor, query: z.output<typeof whistleListQuery>): Promise<WhistleList> {
  if (actor.grants.every((g) => g.role === 'resident')) throw forbidden('Whistles are for staff');
  const conditions: SQL[] = [query.mine ? whistleMineCondition(actor) : whistleReadCondition(actor)];
  if (query.status) conditions.push(sql`${whistles.status} = ${query.status}`);
  const [rows, units] = await Promise.all([
    repo.listWhistles(ctx.database.db, actor.cityId, conditions, query.limit),
    cityUnits(ctx, actor.cityId),
  ]);
  return { items: rows.map((w) => presentSummary(w, units, w.summoned, w.arrived)) };
}

const SUMMONABLE_FIRST = new Set(['department', 'utility']);

/**
 * The units a blower may summon (any level, any kind but its own units), searched by name: departments and
 * utilities first, those whose territory covers the blower's nearest first.
 */
export async function summonableUnits(ctx: Context, actor: Actor, query: { q?: string | undefined; limit: number }) {
  const grants = blowingGrants(actor);
  if (grants.length === 0) throw forbidden('Only street and community secretaries and leaders blow whistles');
  const own = new Set(grants.map((g) => g.unitId));
  const home = grants[0]!.regionPath;
  const units = await cityUnits(ctx, actor.cityId);
  const q = query.q?.trim() ?? '';
  const rank = (u: Units['list'][number]) =>
    (SUMMONABLE_FIRST.has(u.kind) ? 0 : 2) + (home.startsWith(u.regionPath) ? 0 : 1) - u.regionPath.length / 1000;
  const items = units.list
    .filter((u) => !own.has(u.id) && (q === '' || u.name.includes(q)))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, query.limit)
    .map((u) => ({ id: u.id, name: u.name, kind: u.kind, departmentType: u.departmentType ?? null }));
  return { items };
}
