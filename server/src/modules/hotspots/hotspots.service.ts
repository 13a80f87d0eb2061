import type {
  HotspotActionInput,
  HotspotDetectResult,
  HotspotListQuery,
  HotspotSummary,
  HotspotView,
  hotspotAction,
  hotspotListQuery,
} from '@gongzhi/contracts';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import { AppError, conflict } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { authorizeOn, requireScope, scopeCoversPath, scopeOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { canReadCase, casesRepo, cityUnits, notifyUnit, prepareCase, submitterOf } from '../cases/index.ts';
import { publishChange } from '../cases/notify.ts';
import { activeGramWeight } from '../classifier/index.ts';
import { listCities } from '../org/index.ts';
import { blowingGrants, blowWhistle } from '../whistles/index.ts';
import * as repo from './hotspots.repo.ts';
import { detectHotspots, historyDays, matchKnown } from './hotspots.rules.ts';

// Detection runs (scheduled and on demand) and what the command centre does with a hotspot: read it, acknowledge or
// dismiss it, open a case from it (channel proactive, 主动发现) or blow a whistle on it.

const DAY_MS = 86_400_000;

/** Detects the city's hotspots now and stores them; null when another process is running it. */
export async function detectCity(ctx: Context, cityId: string): Promise<HotspotDetectResult | null> {
  const started = performance.now();
  const { db } = ctx.database;
  const now = ctx.now();
  const weight = await activeGramWeight(ctx, cityId);
  return db.transaction(async (tx) => {
    if (!(await repo.tryDetectionLock(tx, cityId))) return null;
    const [facts, first] = await Promise.all([
      repo.caseFacts(tx, cityId, new Date(now.getTime() - historyDays() * DAY_MS)),
      repo.historyStart(tx, cityId),
    ]);
    const found = detectHotspots(facts, now, first, weight);
    const known = await repo.recentHotspots(tx, cityId, new Date(now.getTime() - 60 * DAY_MS));
    const matches = matchKnown(found, known);
    const inserts: repo.HotspotInsert[] = [];
    let updated = 0;
    for (const [i, d] of found.entries()) {
      const fields = {
        regionPath: d.regionPath,
        categoryCode: d.categoryCode,
        windowEnd: d.windowEnd,
        score: d.score,
        observed: d.observed,
        expected: d.expected,
        figures: d.figures,
        lastSeenAt: now,
      };
      const matchId = matches[i];
      const match = matchId ? known.find((k) => k.id === matchId)! : undefined;
      if (match) {
        // The hotspot goes on: its window starts where it first did, its cases are all it has gathered.
        await repo.updateHotspot(tx, cityId, match.id, {
          ...fields,
          windowStart: match.windowStart < d.windowStart ? match.windowStart : d.windowStart,
          caseIds: [...new Set([...match.caseIds, ...d.caseIds])],
        });
        updated++;
      } else {
        inserts.push({
          cityId,
          id: newId(),
          kind: d.kind,
          key: d.key,
          windowStart: d.windowStart,
          caseIds: d.caseIds,
          firstSeenAt: now,
          ...fields,
        });
      }
    }
    await repo.insertHotspots(tx, inserts);
    return { detected: found.length, created: inserts.length, updated, ms: Math.round(performance.now() - started) };
  });
}

/** One pass over every city (the scheduled run). */
export async function detectAllCities(ctx: Context): Promise<void> {
  for (const city of await listCities(ctx.database.db)) await detectCity(ctx, city.id);
}

/** Detection on demand, for the actor's city. */
export async function detectNow(ctx: Context, actor: Actor): Promise<HotspotDetectResult> {
  requireScope(actor, 'hotspot.manage');
  const result = await detectCity(ctx, actor.cityId);
  if (!result) throw conflict('detection_running', 'a detection run is under way; try again in a moment');
  return result;
}

function present(row: repo.HotspotListRow): HotspotSummary {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    regionPath: row.regionPath,
    regionName: row.regionName,
    categoryCode: row.categoryCode,
    categoryName: row.categoryName,
    windowStart: row.windowStart.toISOString(),
    windowEnd: row.windowEnd.toISOString(),
    score: Math.round(row.score * 100) / 100,
    observed: row.observed,
    expected: row.expected,
    figures: row.figures,
    caseCount: row.caseIds.length,
    convertedCaseId: row.convertedCaseId,
    convertedWhistleId: row.convertedWhistleId,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}

/** Hotspots are read over the territory where the actor reads cases (command centres, dispatchers, streets). */
const readScope = (actor: Actor) => requireScope(actor, 'case.read');

export async function listHotspots(
  ctx: Context,
  actor: Actor,
  query: z.output<typeof hotspotListQuery>,
): Promise<{ items: HotspotSummary[] }> {
  const rows = await repo.listHotspots(ctx.database.db, actor.cityId, readScope(actor), query);
  return { items: rows.map(present) };
}

function mayManage(actor: Actor, row: { regionPath: string }): boolean {
  const scope = scopeOf(actor, 'hotspot.manage');
  return !!scope && scopeCoversPath(scope, row.regionPath);
}

async function visibleHotspot(ctx: Context, actor: Actor, id: string): Promise<repo.HotspotListRow> {
  const scope = scopeOf(actor, 'case.read');
  const row = scope && isUuid(id) ? await repo.namedHotspot(ctx.database.db, actor.cityId, id) : undefined;
  authorizeOn(!!row && scopeCoversPath(scope!, row.regionPath), true, 'hotspot');
  return row!;
}

export async function getHotspot(ctx: Context, actor: Actor, id: string): Promise<HotspotView> {
  const row = await visibleHotspot(ctx, actor, id);
  const rows = await repo.casesByIds(ctx.database.db, actor.cityId, row.caseIds);
  const open = row.status === 'new' || row.status === 'acknowledged';
  const manage = open && mayManage(actor, row);
  const actions: HotspotView['actions'] = manage
    ? [
        ...(row.status === 'new' ? (['acknowledge'] as const) : []),
        'dismiss',
        'to_case',
        ...(blowingGrants(actor).some((g) => row.regionPath.startsWith(g.regionPath)) ? (['to_whistle'] as const) : []),
      ]
    : [];
  return {
    ...present(row),
    cases: rows
      .filter((c) => canReadCase(actor, c))
      .map((c) => ({
        id: c.id,
        trackingCode: c.trackingCode,
        text: c.text.slice(0, 200),
        status: c.status,
        receivedAt: c.receivedAt.toISOString(),
        address: c.address,
        regionName: (c.regions as { name: string }[]).at(-1)?.name ?? null,
      })),
    actions,
  };
}

const KIND_TEXT = { rise: '诉求量异常上升', place: '同一地点反复诉求', person: '同一诉求人反复来电', text: '多网格相似诉求' } as const;

/** Where a case or whistle from the hotspot stands: the place's centre, or the newest located case behind it. */
async function placeOf(ctx: Context, row: repo.HotspotListRow) {
  const centre = row.figures.centre as { lng: number; lat: number } | null | undefined;
  const behind = await repo.casesByIds(ctx.database.db, row.cityId, row.caseIds);
  const located = behind.find((c) => c.lng !== null && c.lat !== null);
  const location = centre ?? (located ? { lng: located.lng!, lat: located.lat! } : undefined);
  const address = (row.figures.address as string | null | undefined) ?? located?.address ?? behind[0]?.address ?? undefined;
  return { location, address: address ?? undefined };
}

function summaryText(row: repo.HotspotListRow): string {
  const days = Math.round((row.windowEnd.getTime() - row.windowStart.getTime()) / DAY_MS);
  const where = [row.regionName, row.categoryName].filter(Boolean).join(' ');
  const expected = row.expected !== null ? `（按基线预期 ${row.expected} 件）` : '';
  return `【主动发现】${KIND_TEXT[row.kind]}：${where} 近 ${days} 天 ${row.observed} 件${expected}，请核查处置。`;
}

export async function actOnHotspot(ctx: Context, actor: Actor, id: string, input: z.output<typeof hotspotAction>): Promise<HotspotView> {
  const row = await visibleHotspot(ctx, actor, id);
  authorizeOn(true, mayManage(actor, row), 'hotspot');
  const { db } = ctx.database;
  const now = ctx.now();
  const allowed = {
    acknowledge: ['new'],
    dismiss: ['new', 'acknowledged'],
    to_case: ['new', 'acknowledged'],
    to_whistle: ['new', 'acknowledged'],
  };
  const check = (current: repo.HotspotRow) => {
    if (!allowed[input.action].includes(current.status)) {
      throw conflict('invalid_transition', `a hotspot that is ${current.status} cannot be ${input.action}`);
    }
  };
  const audit = (tx: typeof db, detail: Record<string, unknown>) =>
    appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: `hotspot.${input.action}`,
      entityType: 'hotspot',
      entityId: id,
      detail,
    });
  if (input.action === 'acknowledge' || input.action === 'dismiss') {
    const status = input.action === 'acknowledge' ? 'acknowledged' : 'dismissed';
    await db.transaction(async (tx) => {
      check((await repo.findHotspot(tx, actor.cityId, id, true))!);
      const note = input.action === 'dismiss' ? (input.reason ?? null) : null;
      await repo.updateHotspot(tx, actor.cityId, id, { status, actedBy: actor.accountId, actedAt: now, note });
      await audit(tx, { status, note });
    });
  } else if (input.action === 'to_case') {
    check(row);
    const units = await cityUnits(ctx, actor.cityId);
    const place = await placeOf(ctx, row);
    if (!place.location && !place.address) throw new AppError(400, 'place_required', 'the hotspot has no place to open a case at');
    const prepared = await prepareCase(
      ctx,
      submitterOf(actor),
      {
        text: input.text ?? summaryText(row),
        categoryCode: input.categoryCode ?? row.categoryCode ?? undefined,
        urgency: input.urgency,
        location: place.location,
        address: place.address,
        channel: 'proactive',
        route: true,
      },
      units,
    );
    // The case's first event says where it came from.
    Object.assign(prepared.events[0]!.data, { hotspotId: row.id, hotspotKind: row.kind, hotspotCaseIds: row.caseIds.slice(0, 50) });
    const caseRow = prepared.row;
    await db.transaction(async (tx) => {
      check((await repo.findHotspot(tx, actor.cityId, id, true))!);
      const notices = caseRow.leadUnitId
        ? notifyUnit(caseRow, caseRow.leadUnitId, 'case.dispatched', `新工单 ${caseRow.trackingCode}：${caseRow.text.slice(0, 40)}`)
        : [];
      await casesRepo.insertNewCases(tx, [{ row: caseRow, events: prepared.events, key: null, notices, sms: null }]);
      await repo.updateHotspot(tx, actor.cityId, id, {
        status: 'converted',
        convertedCaseId: caseRow.id,
        actedBy: actor.accountId,
        actedAt: now,
      });
      await audit(tx, { caseId: caseRow.id });
    });
    publishChange(ctx, caseRow, 'case.received');
  } else {
    check(row);
    const place = await placeOf(ctx, row);
    const whistle = await blowWhistle(
      ctx,
      actor,
      {
        problem: input.problem ?? summaryText(row),
        location: place.location,
        address: place.address,
        unitIds: input.unitIds,
        reason: input.reason,
      },
      undefined,
    );
    await db.transaction(async (tx) => {
      check((await repo.findHotspot(tx, actor.cityId, id, true))!);
      await repo.updateHotspot(tx, actor.cityId, id, {
        status: 'converted',
        convertedWhistleId: whistle.body.id,
        actedBy: actor.accountId,
        actedAt: now,
      });
      await audit(tx, { whistleId: whistle.body.id });
    });
  }
  return getHotspot(ctx, actor, id);
}

export type { HotspotActionInput, HotspotListQuery };
