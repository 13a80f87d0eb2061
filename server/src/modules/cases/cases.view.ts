import type { CaseSummary, CaseView, DeadlineTier, RegionLevel } from '@gongzhi/contracts';
import type { Actor } from '../../lib/policy.ts';
import { maskPhone } from '../accounts/index.ts';
import { mayAct, maySeeReporter } from './cases.access.ts';
import type { Units } from './cases.directory.ts';
import { dueState, maskName } from './cases.policy.ts';
import type { CaseEventRow, CaseRow } from './cases.repo.ts';
import { allowedActions, type CaseState } from './cases.rules.ts';

// How a case row reads, for lists (summary) and for one case (view with its timeline).

export interface CategorySnapshot {
  code: string;
  name: string;
  path: string[];
  deadlineTier: DeadlineTier;
}

type RegionSnapshot = { code: string; name: string; level: RegionLevel };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function unitRef(units: Units, id: string | null) {
  const unit = id ? units.byId.get(id) : undefined;
  return unit ? { id: unit.id, name: unit.name, kind: unit.kind } : null;
}

export function stateOf(row: CaseRow): CaseState {
  return {
    status: row.status as CaseState['status'],
    leadUnitId: row.leadUnitId ?? undefined,
    coHandlerUnitIds: row.coHandlerUnitIds,
    reopenCount: row.reopenCount,
    escalationLevel: row.escalationLevel,
    mustHandle: row.mustHandle,
    pendingExtension: (row.pendingExtension as CaseState['pendingExtension']) ?? undefined,
    pendingReturn: (row.pendingReturn as CaseState['pendingReturn']) ?? undefined,
    mergedInto: row.mergedInto ?? undefined,
  };
}

export function presentSummary(row: CaseRow, units: Units, now: Date): CaseSummary {
  const category = row.category as CategorySnapshot | null;
  const regions = row.regions as RegionSnapshot[];
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    status: row.status as CaseSummary['status'],
    urgency: row.urgency as CaseSummary['urgency'],
    channel: row.channel as CaseSummary['channel'],
    text: row.text.length > 140 ? `${row.text.slice(0, 140)}…` : row.text,
    category: category ? { code: category.code, name: category.name } : null,
    regionName: regions.at(-1)?.name ?? null,
    leadUnit: unitRef(units, row.leadUnitId),
    receivedAt: row.receivedAt.toISOString(),
    dueAt: iso(row.dueAt),
    dueState: dueState({ status: row.status as CaseSummary['status'], dueAt: row.dueAt, dueSoonAt: row.dueSoonAt }, now),
    needsDispatcher: row.needsDispatcher,
    escalationLevel: row.escalationLevel,
    supporters: row.supporters,
    pendingExtension: (row.pendingExtension as CaseSummary['pendingExtension']) ?? null,
    pendingReturn: pendingReturnOf(row, units),
  };
}

function pendingReturnOf(row: CaseRow, units: Units): CaseSummary['pendingReturn'] {
  const pending = row.pendingReturn as { unitId: string; reason: string } | null;
  return pending ? { ...pending, unitName: units.byId.get(pending.unitId)?.name ?? null } : null;
}

export function presentCase(actor: Actor, row: CaseRow, events: CaseEventRow[], units: Units, now: Date, photos: string[] = []): CaseView {
  const category = row.category as CategorySnapshot | null;
  const revealed = maySeeReporter(actor, row);
  // Even those who may call the reporter see the number masked until they ask for it (and that is audited).
  const reporter = {
    name: row.anonymous ? null : maskName(row.reporterName),
    phone: maskPhone(row.reporterPhone),
    anonymous: row.anonymous,
    masked: true,
    revealable: revealed,
  };
  const state = stateOf(row);
  return {
    ...presentSummary(row, units, now),
    text: row.text,
    address: row.address,
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
    regions: row.regions as RegionSnapshot[],
    category,
    fields: row.fields as Record<string, unknown>,
    reporter: revealed || row.reporterPhone === null ? reporter : { ...reporter, phone: null },
    // Whether the caller was flagged is for those who call them back, as the number is.
    callerFlag: revealed ? (row.callerFlag ?? null) : null,
    coHandlers: row.coHandlerUnitIds.flatMap((id) => unitRef(units, id) ?? []),
    routing: { ruleId: row.routeRuleId, reason: row.routeReason },
    deadlineTier: row.deadlineTier as DeadlineTier,
    firstContactDueAt: iso(row.firstContactDueAt),
    firstContactAt: iso(row.firstContactAt),
    repliedAt: iso(row.repliedAt),
    closedAt: iso(row.closedAt),
    reopenCount: row.reopenCount,
    mustHandle: row.mustHandle,
    mergedInto: row.mergedInto,
    callback: row.callback as CaseView['callback'],
    photos,
    version: row.version,
    allowedActions: allowedActions(state).filter((type) => mayAct(actor, row, type)),
    timeline: events.map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at.toISOString(),
      actor: { accountId: event.actorAccountId, name: event.actorName, unitName: event.actorUnitName },
      data: event.data as Record<string, unknown>,
    })),
  };
}
