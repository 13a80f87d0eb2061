import { createHash, randomInt } from 'node:crypto';
import type { CaseChannel, CaseCreated, CaseUrgency } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { AppError, isUniqueViolation } from '../../lib/errors.ts';
import { groupedPerDb } from '../../lib/grouped.ts';
import { newId } from '../../lib/ids.ts';
import { requireScope, type Actor } from '../../lib/policy.ts';
import { validateFieldValues, type CatalogueLeaf } from '../catalogue/index.ts';
import { activeGramWeight } from '../classifier/index.ts';
import { routeCase } from '../routing/index.ts';
import { checkCallerAtIntake, type CaseCallerFlag } from '../callers/index.ts';
import { enforceLimits } from '../../http/limits.ts';
import { canReadCase } from './cases.access.ts';
import { cityCalendar, cityCasePolicy, cityLeaves, cityRoutingRules, cityUnits, type Leaf, type Units } from './cases.directory.ts';
import { clocksFor, effectiveTier, nextCheckAt } from './cases.policy.ts';
import * as repo from './cases.repo.ts';
import { presentCase, presentSummary } from './cases.view.ts';
import { findDuplicates } from './duplicates.rules.ts';
import { linkPhotos, photoIdsOf } from './photos.service.ts';
import type { Db } from '../../db/database.ts';
import { notifyUnit, publishChange, smsToReporter } from './notify.ts';

/** What intake needs, whoever submits it (staff, API, a resident without an account, a CSV row). */
export interface IntakeInput {
  text: string;
  categoryCode?: string | undefined;
  urgency: CaseUrgency;
  location?: { lng: number; lat: number } | undefined;
  address?: string | undefined;
  reporter?: { name?: string | undefined; phone?: string | undefined; anonymous: boolean } | undefined;
  fields?: Record<string, unknown> | undefined;
  photos?: string[] | undefined;
  channel: CaseChannel;
  route: boolean;
  receivedAt?: Date;
  /** An Open311 client's own references, kept on the first event of the timeline. */
  open311?: { mediaUrl: string | null; deviceId: string | null; accountId: string | null } | undefined;
}

/** Who submits: an account (staff, API key, registered resident) or an anonymous resident. */
export interface Submitter {
  cityId: string;
  cityCode: string;
  principal: string;
  accountId: string | null;
  name: string | null;
  /** A registered resident reporting for themself: the case is theirs to follow and withdraw. */
  reporterAccountId: string | null;
}

export function submitterOf(actor: Actor): Submitter {
  return {
    cityId: actor.cityId,
    cityCode: actor.city.code,
    principal: `account:${actor.accountId}`,
    accountId: actor.accountId,
    name: actor.displayName,
    reporterAccountId: actor.grants.every((g) => g.role === 'resident') ? actor.accountId : null,
  };
}

/** The channel a staff member's case comes in by, when the request does not say. */
export function defaultChannel(actor: Actor): CaseChannel {
  if (actor.via === 'api_key') return 'api';
  const roles = new Set(actor.grants.map((g) => g.role));
  if (roles.has('operator') || roles.has('dispatcher')) return 'hotline';
  if (roles.has('grid_worker')) return 'grid';
  return 'web';
}

// Crockford base32 without I, L, O, U: read over the phone without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const trackingCode = (): string => Array.from({ length: 10 }, () => ALPHABET[randomInt(32)]).join('');

const DUPLICATE_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface IntakeResult {
  replayed: boolean;
  body: CaseCreated;
}

export interface PreparedCase {
  row: repo.CaseInsert;
  events: repo.NewEvent[];
  leaf: Leaf | null;
}

/** Checks and routes one intake into the row and events to write (no writes). Throws a 400/422 AppError on bad input. */
export async function prepareCase(ctx: Context, submitter: Submitter, input: IntakeInput, units: Units): Promise<PreparedCase> {
  const { cityId } = submitter;
  const leaves = await cityLeaves(ctx, cityId);
  const leaf = input.categoryCode === undefined ? null : (leaves.get(input.categoryCode) ?? null);
  if (input.categoryCode !== undefined && !leaf) {
    throw new AppError(400, 'unknown_category', `${input.categoryCode} is not a leaf of the catalogue`);
  }
  const fields = input.fields ?? {};
  if (leaf) {
    const problems = validateFieldValues(leaf as unknown as CatalogueLeaf, fields);
    if (problems.length > 0) throw new AppError(400, 'invalid_fields', problems[0]!.reason, problems);
  } else if (Object.keys(fields).length > 0) {
    throw new AppError(400, 'invalid_fields', 'extra fields need a category');
  }
  if (!input.location && !input.address) throw new AppError(400, 'place_required', 'give a location or an address');
  const place = input.location ? await ctx.locator.place(cityId, input.location.lng, input.location.lat) : undefined;
  if (input.location && !place) {
    throw new AppError(422, 'outside_jurisdiction', 'the place is outside the city: refer the resident to the right city');
  }
  const receivedAt = input.receivedAt ?? ctx.now();
  const [policy, calendar, rules] = await Promise.all([
    cityCasePolicy(ctx, cityId),
    cityCalendar(ctx, cityId),
    cityRoutingRules(ctx, cityId),
  ]);
  const tier = effectiveTier(leaf?.deadlineTier ?? null, input.urgency);
  const clocks = clocksFor(policy, calendar, receivedAt, tier);
  const decision =
    input.route && place
      ? routeCase({ units: units.list, place: { path: place.path }, leafCode: leaf?.code ?? null, handler: leaf?.handler ?? null, rules })
      : null;
  const dispatched = decision?.unitId ? decision : null;
  const reporter = input.reporter;
  const id = newId();
  const row: repo.CaseInsert = {
    cityId,
    id,
    trackingCode: trackingCode(),
    channel: input.channel,
    status: dispatched ? 'dispatched' : 'received',
    urgency: input.urgency,
    text: input.text,
    address: input.address ?? null,
    lng: input.location?.lng ?? null,
    lat: input.location?.lat ?? null,
    regionPath: place?.path ?? `${submitter.cityCode}/`,
    regions: place?.regions.filter((r) => r.level !== 'city') ?? [],
    categoryCode: leaf?.code ?? null,
    category: leaf ? { code: leaf.code, name: leaf.name, path: leaf.path, deadlineTier: leaf.deadlineTier, handler: leaf.handler } : null,
    deadlineTier: tier,
    fields,
    reporterName: reporter?.anonymous ? null : (reporter?.name ?? null),
    reporterPhone: reporter?.phone ?? null,
    anonymous: reporter?.anonymous ?? false,
    reporterAccountId: submitter.reporterAccountId,
    createdBy: submitter.accountId,
    leadUnitId: dispatched?.unitId ?? null,
    routeRuleId: decision?.ruleId ?? null,
    routeReason: decision?.reason ?? null,
    // 区兜底 goes to the district at once and waits in the dispatch queue for a confirmation or an override.
    needsDispatcher: !dispatched || dispatched.needsDispatcher,
    receivedAt,
    dispatchedAt: dispatched ? receivedAt : null,
    ...clocks,
    updatedAt: receivedAt,
  };
  row.nextCheckAt = nextCheckAt({
    status: row.status as 'received',
    firstContactAt: null,
    firstContactOverdueAt: null,
    dueSoonWarnedAt: null,
    overdueAt: null,
    ...clocks,
  });
  const actor = { actorAccountId: submitter.accountId, actorName: submitter.name, actorUnitName: null, at: receivedAt };
  const events: repo.NewEvent[] = [
    {
      ...actor,
      type: 'case.received',
      data: {
        channel: input.channel,
        categoryCode: leaf?.code ?? null,
        tier,
        dueAt: clocks.dueAt,
        ...(input.open311 && { open311: input.open311 }),
      },
    },
  ];
  if (decision) {
    const unitName = decision.unitId ? (units.byId.get(decision.unitId)?.name ?? null) : null;
    events.push({
      ...actor,
      actorName: '自动派单',
      type: dispatched ? 'case.dispatched' : 'case.routing_failed',
      data: { unitId: decision.unitId, unitName, ruleId: decision.ruleId, reason: decision.reason, automatic: true },
    });
  }
  return { row, events, leaf };
}

// The statements of intake that concurrent requests share (group commit).
const insertGrouped = groupedPerDb((db: Db, list: repo.NewCase[]) => repo.insertNewCases(db, list).then(() => list.map(() => undefined)));
const nearCandidates = groupedPerDb(repo.nearDuplicateCandidates);
const casesByPhone = groupedPerDb(repo.countCasesByPhones);

const requestHash = (input: unknown): string => createHash('sha256').update(canonicalJson(input)).digest('hex');

/** Takes in one case: refuses bad input, replays a retried request, routes, finds duplicates, writes it all at once. */
export async function takeIn(
  ctx: Context,
  submitter: Submitter,
  input: IntakeInput,
  idempotencyKey: string | undefined,
  viewer: Actor | null,
): Promise<IntakeResult> {
  const { db } = ctx.database;
  const hash = requestHash({ ...input, receivedAt: undefined });
  // A retried request is found by its key's unique violation at insert: no lookup on the common path.
  const units = await cityUnits(ctx, submitter.cityId);
  const prepared = await prepareCase(ctx, submitter, input, units);
  const { row } = prepared;
  const since = new Date(row.receivedAt.getTime() - DUPLICATE_WINDOW_MS);
  // The caller's flag is looked up beside the duplicates.
  const [callerFlag, candidates] = await Promise.all([
    checkCaller(ctx, submitter, input, row),
    row.categoryCode && input.location
      ? nearCandidates(db, { cityId: row.cityId, categoryCode: row.categoryCode, location: input.location, since })
      : repo.duplicateCandidates(db, row.cityId, {
          categoryCode: row.categoryCode ?? null,
          regionPath: row.regionPath,
          location: input.location ?? null,
          since,
        }),
  ]);
  row.callerFlag = callerFlag;
  const duplicates = findDuplicates(
    { text: row.text, location: input.location ?? null, regionPath: row.regionPath },
    candidates.filter((c) => viewer === null || canReadCase(viewer, c)),
    candidates.length > 0 ? await activeGramWeight(ctx, row.cityId) : undefined,
  );
  const newCase: repo.NewCase = {
    row,
    events: prepared.events,
    key: idempotencyKey ? { principal: submitter.principal, key: idempotencyKey, requestHash: hash } : null,
    notices: row.leadUnitId
      ? notifyUnit(row, row.leadUnitId, 'case.dispatched', `新工单 ${row.trackingCode}：${row.text.slice(0, 40)}`)
      : [],
    sms: smsToReporter(row, `【共治】您的诉求已受理，编号 ${row.trackingCode}，可凭编号查询办理进度。`),
  };
  const photos = input.photos ?? [];
  try {
    // Without photos, grouped with the intakes arriving at the same moment; with them, one transaction that also links them.
    if (photos.length === 0) await insertGrouped(db, newCase);
    else
      await db.transaction(async (tx) => {
        await repo.insertNewCases(tx, [newCase]);
        await linkPhotos(tx, row.cityId, row.id, photos, submitter.accountId);
      });
  } catch (error) {
    if (idempotencyKey && isUniqueViolation(error)) {
      const replay = await replayed(ctx, submitter, idempotencyKey, hash, viewer);
      if (replay) return replay;
    }
    throw error;
  }
  publishChange(ctx, row, 'case.received');
  const now = ctx.now();
  const events = prepared.events.map((event, i) => ({ ...event, cityId: row.cityId, caseId: row.id, seq: i + 1 }));
  return {
    replayed: false,
    body: {
      case: presentForSubmitter(viewer, asStoredRow(row), events, units, now, photos),
      duplicates: duplicates.map((d) => presentSummary(d, units, now)),
    },
  };
}

/**
 * The caller's flag (恶意来电, 重复来电) recorded on the case; a flagged number is still taken in, but a
 * resident without an account reporting from one meets the stricter per-number limit. Imports are history: not counted.
 */
async function checkCaller(ctx: Context, submitter: Submitter, input: IntakeInput, row: repo.CaseInsert): Promise<CaseCallerFlag | null> {
  const phone = input.reporter?.phone;
  if (!phone || input.channel === 'import') return null;
  return checkCallerAtIntake(ctx, {
    cityId: row.cityId,
    phone,
    at: row.receivedAt,
    regionPath: row.regionPath,
    countCasesSince: (since) => casesByPhone(ctx.database.db, { cityId: row.cityId, phone, since }),
    whenFlagged: (hash) => {
      if (submitter.accountId === null) enforceLimits(ctx, [[ctx.limits.flaggedNumber, hash]]);
    },
  });
}

/** The row as the database holds it after the insert (the columns left to their defaults filled in). */
export function asStoredRow(row: repo.CaseInsert): repo.CaseRow {
  return {
    coHandlerUnitIds: [],
    mustHandle: false,
    reopenCount: 0,
    escalationLevel: 0,
    pendingExtension: null,
    pendingReturn: null,
    mergedInto: null,
    supporters: 0,
    callback: null,
    firstContactAt: null,
    dueSoonWarnedAt: null,
    overdueAt: null,
    firstContactOverdueAt: null,
    suspendedAt: null,
    repliedAt: null,
    closedAt: null,
    version: 1,
    ...row,
  } as repo.CaseRow;
}

function presentForSubmitter(
  viewer: Actor | null,
  row: repo.CaseRow,
  events: repo.CaseEventRow[],
  units: Units,
  now: Date,
  photos: string[],
): CaseCreated['case'] {
  // An anonymous resident sees their own case as a reporter would (no actions, their own number masked).
  const actor = viewer ?? anonymousViewer(row);
  return presentCase(actor, row, events, units, now, photos);
}

function anonymousViewer(row: repo.CaseRow): Actor {
  return {
    cityId: row.cityId,
    city: { id: row.cityId, code: '', slug: '', name: '' },
    accountId: '',
    username: '',
    displayName: '',
    phone: null,
    grants: [],
    via: 'session',
  };
}

async function replayed(
  ctx: Context,
  submitter: Submitter,
  key: string,
  hash: string,
  viewer: Actor | null,
): Promise<IntakeResult | undefined> {
  const { db } = ctx.database;
  const found = await repo.findIdempotencyKey(db, submitter.cityId, submitter.principal, key);
  if (!found) return undefined;
  if (found.requestHash !== hash) {
    throw new AppError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request');
  }
  const row = await repo.findCase(db, submitter.cityId, found.caseId);
  if (!row) return undefined;
  const units = await cityUnits(ctx, submitter.cityId);
  const [events, photos] = await Promise.all([repo.listEvents(db, submitter.cityId, row.id), photoIdsOf(db, submitter.cityId, row.id)]);
  return { replayed: true, body: { case: presentForSubmitter(viewer, row, events, units, ctx.now(), photos), duplicates: [] } };
}

/** Intake by a signed-in account (staff, API key, registered resident). */
export function createCase(
  ctx: Context,
  actor: Actor,
  input: Omit<IntakeInput, 'channel'> & { channel?: CaseChannel | undefined },
  idempotencyKey: string | undefined,
): Promise<IntakeResult> {
  requireScope(actor, 'case.create');
  const channel = input.channel ?? defaultChannel(actor);
  if (channel === 'import' || channel === 'open311') {
    throw new AppError(
      400,
      'invalid_channel',
      `${channel} is the channel of ${channel === 'import' ? '/api/cases/import' : '/open311/v2'}`,
    );
  }
  return takeIn(ctx, submitterOf(actor), { ...input, channel }, idempotencyKey, actor);
}
