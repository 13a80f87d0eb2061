import { randomBytes } from 'node:crypto';
import type {
  CallerFlagList,
  CallerFlagListQuery,
  CallerFlagView,
  CallerMarkCreate,
  CallerMarkResult,
  CallerSettings,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { conflict, forbidden, isUniqueViolation } from '../../lib/errors.ts';
import { groupedPerDb } from '../../lib/grouped.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeOn, cityRootPath, requireScope, scopeCondition, scopeCoversPath, scopeOf, type Actor } from '../../lib/policy.ts';
import { maskPhone } from '../accounts/index.ts';
import { appendAudit } from '../audit/index.ts';
import { countingFrom, DEFAULT_CALLER_SETTINGS, flagReasonFor, phoneHash } from './callers.rules.ts';
import * as repo from './callers.repo.ts';

/** The flag as a case keeps it (cases.caller_flag). */
export interface CaseCallerFlag {
  id: string;
  reason: 'marks' | 'repeated_cases';
  since: string;
}

interface CitySettings {
  settings: CallerSettings;
  hashKey: string;
}

/** The city's thresholds and hash key (made with the defaults on first use), cached per process. */
function cityCallerSettings(ctx: Context, cityId: string): Promise<CitySettings> {
  return ctx.cache.get(cityId, 'caller-settings', async () => {
    const { db } = ctx.database;
    let row = await repo.findSettings(db, cityId);
    if (!row) {
      const hashKey = randomBytes(32).toString('base64url');
      await repo.insertSettingsIfMissing(db, { cityId, ...DEFAULT_CALLER_SETTINGS, hashKey, updatedBy: null, updatedAt: ctx.now() });
      row = (await repo.findSettings(db, cityId))!;
    }
    const { marksToFlag, marksWindowDays, casesToFlag, casesWindowHours, hashKey } = row;
    return { settings: { marksToFlag, marksWindowDays, casesToFlag, casesWindowHours }, hashKey };
  });
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

function presentFlag(flag: repo.FlagRow): CallerFlagView {
  return {
    id: flag.id,
    phone: flag.phoneMasked,
    reason: flag.reason,
    markCount: flag.markCount,
    caseCount: flag.caseCount,
    since: flag.since.toISOString(),
    updatedAt: flag.updatedAt.toISOString(),
    clearedAt: iso(flag.clearedAt),
    clearedBy: flag.clearedByName,
    clearReason: flag.clearReason,
  };
}

const snapshot = (flag: repo.FlagRow): CaseCallerFlag => ({ id: flag.id, reason: flag.reason, since: flag.since.toISOString() });

/** Flags a number (audited), or adds to its active flag when another request flagged it first. */
async function raiseFlag(
  tx: Db,
  flag: {
    cityId: string;
    hash: string;
    phone: string;
    reason: CaseCallerFlag['reason'];
    marks: number;
    cases: number;
    regionPath: string;
    at: Date;
  },
  actorId: string | null,
): Promise<repo.FlagRow> {
  const inserted = await repo.insertFlag(tx, {
    cityId: flag.cityId,
    id: newId(),
    phoneHash: flag.hash,
    phoneMasked: maskPhone(flag.phone) ?? '',
    reason: flag.reason,
    markCount: flag.marks,
    caseCount: flag.cases,
    regionPaths: [flag.regionPath],
    since: flag.at,
    updatedAt: flag.at,
  });
  if (!inserted) {
    const active = (await repo.latestFlag(tx, flag.cityId, flag.hash))!;
    return repo.updateFlag(tx, active, { markCount: flag.marks, caseCount: flag.cases, regionPath: flag.regionPath, at: flag.at });
  }
  await appendAudit(tx, {
    cityId: flag.cityId,
    actorId,
    action: 'caller_flag.raise',
    entityType: 'caller_flag',
    entityId: inserted.id,
    detail: { reason: flag.reason, markCount: flag.marks, caseCount: flag.cases },
  });
  return inserted;
}

/** A caller as intake sees them; `countCasesSince` counts the number's cases already taken in (the cases module's). */
export interface IntakeCaller {
  cityId: string;
  phone: string;
  at: Date;
  regionPath: string;
  countCasesSince(since: Date): Promise<number>;
  /** Called when the number is already flagged, before anything is written: may refuse the intake (throw). */
  whenFlagged?(hash: string): void;
}

/**
 * At intake: the number's active flag (counted one case more), or a new flag when this case makes too many
 * within the window (重复来电). The case is taken in either way (12345: never refuse, but flag).
 */
/** The latest flag of intake's numbers, looked up together for the intakes arriving at the same moment. */
const latestFlagAtIntake = groupedPerDb(repo.latestFlags);

export async function checkCallerAtIntake(ctx: Context, caller: IntakeCaller): Promise<CaseCallerFlag | null> {
  const { db } = ctx.database;
  const { settings, hashKey } = await cityCallerSettings(ctx, caller.cityId);
  const hash = phoneHash(hashKey, caller.phone);
  const windowStart = countingFrom(caller.at, settings, null).cases;
  const [latest, inWindow] = await Promise.all([
    latestFlagAtIntake(db, { cityId: caller.cityId, hash }),
    caller.countCasesSince(windowStart),
  ]);
  const from = countingFrom(caller.at, settings, latest?.clearedAt ?? null);
  // This case included.
  const cases = 1 + (from.cases > windowStart ? await caller.countCasesSince(from.cases) : inWindow);
  if (latest && !latest.clearedAt) {
    caller.whenFlagged?.(hash);
    return snapshot(await repo.updateFlag(db, latest, { caseCount: cases, regionPath: caller.regionPath, at: caller.at }));
  }
  if (flagReasonFor({ marks: 0, cases }, settings) === null) return null;
  const marks = await repo.countMarks(db, caller.cityId, hash, from.marks);
  const reason = flagReasonFor({ marks, cases }, settings)!;
  const flag = await db.transaction((tx) =>
    raiseFlag(
      tx,
      { cityId: caller.cityId, hash, phone: caller.phone, reason, marks, cases, regionPath: caller.regionPath, at: caller.at },
      null,
    ),
  );
  return snapshot(flag);
}

/** The case whose caller is marked, as the cases module hands it over (access already checked). */
export interface MarkedCase {
  cityId: string;
  id: string;
  phone: string;
  regionPath: string;
  /** Counted inside the mark's transaction (`db` is it). */
  countCasesSince(db: Db, since: Date): Promise<number>;
}

/** Marks a case's caller as malicious (once per case, audited); flags the number at the city's threshold. */
export async function markCaller(ctx: Context, actor: Actor, theCase: MarkedCase, input: CallerMarkCreate): Promise<CallerMarkResult> {
  const { settings, hashKey } = await cityCallerSettings(ctx, theCase.cityId);
  const hash = phoneHash(hashKey, theCase.phone);
  const at = ctx.now();
  return ctx.database.db.transaction(async (tx) => {
    try {
      await repo.insertMark(tx, {
        cityId: theCase.cityId,
        id: newId(),
        caseId: theCase.id,
        phoneHash: hash,
        reason: input.reason,
        note: input.note ?? null,
        regionPath: theCase.regionPath,
        markedBy: actor.accountId,
        markedAt: at,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('already_marked', "this case's caller is already marked");
      throw error;
    }
    const latest = await repo.latestFlag(tx, theCase.cityId, hash);
    const from = countingFrom(at, settings, latest?.clearedAt ?? null);
    const marks = await repo.countMarks(tx, theCase.cityId, hash, from.marks);
    let flag: repo.FlagRow | undefined;
    if (latest && !latest.clearedAt) flag = await repo.updateFlag(tx, latest, { markCount: marks, regionPath: theCase.regionPath, at });
    else if (flagReasonFor({ marks, cases: 0 }, settings)) {
      const cases = await theCase.countCasesSince(tx, from.cases);
      const place = { cityId: theCase.cityId, hash, phone: theCase.phone, regionPath: theCase.regionPath, at };
      flag = await raiseFlag(tx, { ...place, reason: 'marks', marks, cases }, actor.accountId);
    }
    await appendAudit(tx, {
      cityId: theCase.cityId,
      actorId: actor.accountId,
      action: 'caller.mark',
      entityType: 'case',
      entityId: theCase.id,
      detail: { reason: input.reason, note: input.note ?? null, markCount: marks, flagId: flag?.id ?? null },
    });
    return { markCount: marks, flag: flag ? presentFlag(flag) : null };
  });
}

/** GET /api/caller-flags: the flags with a case in the reader's territory (operators, dispatchers, administrators). */
export async function listCallerFlags(ctx: Context, actor: Actor, query: CallerFlagListQuery): Promise<CallerFlagList> {
  const scope = requireScope(actor, 'caller.flag');
  const hash = query.phone ? phoneHash((await cityCallerSettings(ctx, actor.cityId)).hashKey, query.phone) : undefined;
  const rows = await repo.listFlags(ctx.database.db, actor.cityId, {
    inScope: (path) => scopeCondition(scope, path),
    status: query.status,
    hash,
    limit: query.limit,
  });
  return { items: rows.map(presentFlag) };
}

/** POST /api/caller-flags/{id}/clear: dispatchers (and administrators) clear a flag in their territory, audited. */
export async function clearCallerFlag(ctx: Context, actor: Actor, id: string, reason: string): Promise<CallerFlagView> {
  const scope = requireScope(actor, 'caller.flag');
  const flag = await repo.findFlag(ctx.database.db, actor.cityId, id);
  const inside = (s: typeof scope | undefined) => !!flag && !!s && flag.regionPaths.some((p) => scopeCoversPath(s, p));
  authorizeOn(inside(scope), inside(scopeOf(actor, 'caller.clear')), 'caller flag');
  return ctx.database.db.transaction(async (tx) => {
    const cleared = await repo.clearFlag(tx, actor.cityId, id, {
      clearedBy: actor.accountId,
      clearedByName: actor.displayName,
      clearedAt: ctx.now(),
      clearReason: reason,
    });
    if (!cleared) throw conflict('flag_cleared', 'this flag is already cleared');
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'caller_flag.clear',
      entityType: 'caller_flag',
      entityId: id,
      detail: { reason },
    });
    return presentFlag(cleared);
  });
}

/** The city's thresholds, for those who read the flags. */
export async function getCallerSettings(ctx: Context, actor: Actor): Promise<CallerSettings> {
  requireScope(actor, 'caller.flag');
  return (await cityCallerSettings(ctx, actor.cityId)).settings;
}

/** City-wide administrators set them (audited). */
export async function saveCallerSettings(ctx: Context, actor: Actor, settings: CallerSettings): Promise<CallerSettings> {
  const scope = requireScope(actor, 'catalogue.manage');
  if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('The caller flag settings are set by city-wide administrators');
  await cityCallerSettings(ctx, actor.cityId);
  await ctx.database.db.transaction(async (tx) => {
    await repo.updateSettings(tx, actor.cityId, { ...settings, updatedBy: actor.accountId, updatedAt: ctx.now() });
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'caller_settings.save',
      entityType: 'caller_settings',
      detail: settings,
    });
  });
  ctx.cache.invalidate(actor.cityId, 'caller-settings');
  return getCallerSettings(ctx, actor);
}
