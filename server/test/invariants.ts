// What must hold of a city's stored cases whatever happened to the servers: each timeline replays
// through the pure state machine to the state its row holds, the deadline sweep marked each due
// deadline once, and the dashboard's rollups equal a recount from the case rows. Written apart from
// the SQL and code they check. Used by the API tests and by the reliability suite (reliability/).
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/database.ts';
import { applyTransition, initialCaseState, type CaseAction, type CaseState } from '../src/modules/cases/index.ts';
import { localDay } from '../src/modules/dashboard/dashboard.period.ts';

const ZONE = 'Asia/Shanghai';

export type CaseFacts = {
  region_path: string;
  lead_unit_id: string | null;
  channel: string;
  category_code: string | null;
  status: string;
  received_at: Date;
  replied_at: Date | null;
  closed_at: Date | null;
  overdue_at: Date | null;
  due_soon_warned_at: Date | null;
  due_at: Date | null;
  callback: { contacted: boolean; solved: boolean; satisfied: boolean } | null;
};

const OPEN = ['received', 'returned', 'dispatched', 'accepted', 'handling', 'suspended', 'replied'];

/** The rollups recounted from the case rows, written here apart from the trigger's SQL: key → count. */
export function recount(rows: CaseFacts[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const c of rows) {
    const codes = c.region_path.split('/').filter(Boolean);
    const territories = codes.map((_, i) => `${codes.slice(0, i + 1).join('/')}/`);
    const withUnit = c.lead_unit_id ? [...territories, `u:${c.lead_unit_id}`] : territories;
    const day = (at: Date) => localDay(at, ZONE);
    for (const scope of territories) {
      add(`${scope}|${day(c.received_at)}|received|ch:${c.channel}`);
      add(`${scope}|${day(c.received_at)}|received|cat:${c.category_code ?? ''}`);
      if (c.closed_at) add(`${scope}|${day(c.closed_at)}|closed|`);
    }
    for (const scope of withUnit) {
      if (c.replied_at) {
        const d = day(c.replied_at);
        add(`${scope}|${d}|replied|`);
        if (c.callback) add(`${scope}|${d}|rated|`);
        if (c.callback?.contacted) add(`${scope}|${d}|contacted|`);
        if (c.callback?.solved) add(`${scope}|${d}|solved|`);
        if (c.callback?.satisfied) add(`${scope}|${d}|satisfied|`);
        if (c.due_at && c.replied_at <= c.due_at) add(`${scope}|${d}|on_time|`);
      }
      if (c.overdue_at) add(`${scope}|${day(c.overdue_at)}|overdue|`);
      if (OPEN.includes(c.status)) {
        const phase = c.status === 'replied' ? 'normal' : c.overdue_at ? 'overdue' : c.due_soon_warned_at ? 'due_soon' : 'normal';
        add(`${scope}|-|${c.status}|${phase}`);
      }
    }
  }
  return counts;
}

/** What the rollups hold for the city now (folded and pending): key → count, zeros left out; a month of dash_monthly that is not its days shows as a key. */
export async function rollups(db: Db, cityId: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ key: string; n: number }>(
    db,
    sql`WITH daily AS (
          SELECT scope, day, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue
          FROM dash_daily WHERE city_id = ${cityId}
          UNION ALL
          SELECT scope, day, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue
          FROM dash_daily_pending WHERE city_id = ${cityId})
        SELECT d.scope || '|' || d.day || '|' || m.measure || '|' || d.part AS key, sum(m.n)::float8 AS n
        FROM daily d CROSS JOIN LATERAL (VALUES ('received', d.received), ('replied', d.replied), ('rated', d.rated),
          ('contacted', d.contacted), ('solved', d.solved), ('satisfied', d.satisfied), ('on_time', d.on_time),
          ('closed', d.closed), ('overdue', d.overdue)) m(measure, n)
        GROUP BY 1 HAVING sum(m.n) <> 0
        UNION ALL
        -- dash_monthly is dash_daily by month: a month that differs shows as a key no recount has.
        SELECT 'monthly differs|' || scope || '|' || month || '|' || part, 1
        FROM (SELECT scope, month, part, received, replied, rated, contacted, solved, satisfied, on_time, closed, overdue
              FROM dash_monthly WHERE city_id = ${cityId}
              UNION ALL
              SELECT scope, date_trunc('month', day)::date, part, -received, -replied, -rated, -contacted, -solved, -satisfied,
                     -on_time, -closed, -overdue
              FROM dash_daily WHERE city_id = ${cityId}) m
        GROUP BY scope, month, part
        HAVING sum(received) <> 0 OR sum(replied) <> 0 OR sum(rated) <> 0 OR sum(contacted) <> 0 OR sum(solved) <> 0
            OR sum(satisfied) <> 0 OR sum(on_time) <> 0 OR sum(closed) <> 0 OR sum(overdue) <> 0
        UNION ALL
        SELECT scope || '|-|' || status || '|' || phase, sum(n)::float8
        FROM (SELECT scope, status, phase, n FROM dash_open WHERE city_id = ${cityId}
              UNION ALL SELECT scope, status, phase, n FROM dash_open_pending WHERE city_id = ${cityId}) o
        GROUP BY 1 HAVING sum(n) <> 0`,
  );
  return new Map(rows.map((r) => [r.key, r.n]));
}

const date = (v: unknown) => (v === null ? null : new Date(v as string));

export async function caseFacts(db: Db, cityId: string): Promise<CaseFacts[]> {
  const rows = await queryRows<CaseFacts & { received_at: string }>(
    db,
    sql`SELECT region_path, lead_unit_id, channel, category_code, status, received_at, replied_at, closed_at, overdue_at,
               due_soon_warned_at, due_at, callback FROM cases WHERE city_id = ${cityId}`,
  );
  return rows.map((r) => ({
    ...r,
    received_at: new Date(r.received_at),
    replied_at: date(r.replied_at),
    closed_at: date(r.closed_at),
    overdue_at: date(r.overdue_at),
    due_soon_warned_at: date(r.due_soon_warned_at),
    due_at: date(r.due_at),
  }));
}

/** Keys where the rollups and the recount differ, with both numbers (empty: they agree). */
export async function rollupDifferences(db: Db, cityId: string): Promise<string[]> {
  const [held, counted] = [await rollups(db, cityId), recount(await caseFacts(db, cityId))];
  const keys = new Set([...held.keys(), ...counted.keys()]);
  return [...keys]
    .filter((k) => held.get(k) !== counted.get(k))
    .map((k) => `${k}: rollup ${held.get(k) ?? 0}, recount ${counted.get(k) ?? 0}`);
}

type Event = { type: string; data: Record<string, unknown> };

/** The lifecycle step an event records, or null for an event that is not one (intake, sweep marks, supporters …). */
function actionOf({ type, data }: Event): CaseAction | null {
  const s = (key: string) => data[key] as string;
  switch (type) {
    case 'case.dispatched':
      return { type: 'dispatch', unitId: s('unitId') };
    case 'case.accepted':
      return { type: 'accept' };
    case 'case.started':
      return { type: 'start' };
    case 'case.contacted':
      return { type: 'contact' };
    case 'case.returned':
      return { type: 'return', reason: s('reason') };
    case 'case.return_arbitrated':
      return data.decision === 'reroute'
        ? { type: 'arbitrate_return', decision: 'reroute', unitId: s('unitId') }
        : { type: 'arbitrate_return', decision: 'must_handle' };
    case 'case.extension_requested':
      return { type: 'request_extension', days: data.days as number, reason: s('reason') };
    case 'case.extension_approved':
      return { type: 'approve_extension' };
    case 'case.extension_rejected':
      return { type: 'reject_extension' };
    case 'case.suspended':
      return { type: 'suspend', reason: s('reason') };
    case 'case.resumed':
      return { type: 'resume' };
    case 'case.replied':
      return { type: 'reply', text: s('text') };
    case 'case.callback_recorded':
      return { type: 'record_callback', contacted: !!data.contacted, solved: !!data.solved, satisfied: !!data.satisfied };
    case 'case.escalated':
      return { type: 'escalate', reason: s('reason') };
    case 'case.cohandler_added':
      return { type: 'add_cohandler', unitId: s('unitId') };
    case 'case.merged':
      return { type: 'merge_into', caseId: s('intoCaseId') };
    case 'case.withdrawn':
      return { type: 'withdraw', reason: s('reason') };
    case 'case.closed':
      return { type: 'close', reason: s('reason') };
    default:
      return null;
  }
}

/** Replays one timeline through the state machine; returns the state, or why a step could not have happened. */
export function replay(events: readonly Event[]): { state: CaseState } | { error: string } {
  let state = initialCaseState();
  for (const [i, event] of events.entries()) {
    if (event.type === 'case.overdue') {
      state = { ...state, escalationLevel: event.data.escalationLevel as number };
      continue;
    }
    const action = actionOf(event);
    if (!action) continue;
    // A callback closed at the reopen limit tells the limit that was in force.
    const maxReopens = event.data.outcome === 'closed_at_reopen_limit' ? state.reopenCount : Number.MAX_SAFE_INTEGER;
    const outcome = applyTransition(state, action, { maxReopens });
    if (!outcome.ok) return { error: `event ${i + 1} ${event.type}: ${outcome.code} (${outcome.message})` };
    state = outcome.state;
  }
  return { state };
}

/**
 * Cases whose stored state is not the one their timeline replays to (status, lead unit, reopenings,
 * escalation), or whose events are not numbered 1, 2, 3 … without a gap: "id: why" for each.
 */
export async function inconsistentTimelines(db: Db, cityId: string): Promise<string[]> {
  const rows = await queryRows<{
    id: string;
    status: string;
    lead_unit_id: string | null;
    reopen_count: number;
    escalation_level: number;
    events: (Event & { seq: number })[];
  }>(
    db,
    sql`SELECT c.id, c.status, c.lead_unit_id, c.reopen_count, c.escalation_level,
               (SELECT json_agg(json_build_object('seq', e.seq, 'type', e.type, 'data', e.data) ORDER BY e.seq)
                FROM case_events e WHERE e.city_id = c.city_id AND e.case_id = c.id) AS events
        FROM cases c WHERE c.city_id = ${cityId}`,
  );
  const problems: string[] = [];
  for (const row of rows) {
    const events = row.events ?? [];
    const gap = events.findIndex((e, i) => e.seq !== i + 1);
    if (gap !== -1) {
      problems.push(`${row.id}: event ${gap + 1} is numbered ${events[gap]!.seq}`);
      continue;
    }
    const replayed = replay(events);
    if ('error' in replayed) {
      problems.push(`${row.id}: ${replayed.error}`);
      continue;
    }
    const { state } = replayed;
    const stored = [row.status, row.lead_unit_id ?? null, row.reopen_count, row.escalation_level];
    const expected = [state.status, state.leadUnitId ?? null, state.reopenCount, state.escalationLevel];
    if (JSON.stringify(stored) !== JSON.stringify(expected)) {
      problems.push(`${row.id}: stored ${JSON.stringify(stored)}, timeline gives ${JSON.stringify(expected)}`);
    }
  }
  return problems;
}

/**
 * The deadline sweep's work: each mark (due soon, first contact overdue, overdue) made at most once per
 * deadline, a mark on every case whose row says it was made, and no open case left unmarked more than
 * `graceMs` after its deadline passed. Returns what is wrong.
 */
export async function deadlineProblems(db: Db, cityId: string, now: Date, graceMs: number): Promise<string[]> {
  const twice = await queryRows<{ id: string; type: string; n: number }>(
    db,
    sql`SELECT case_id AS id, type, count(*)::int AS n FROM case_events
        WHERE city_id = ${cityId} AND type IN ('case.due_soon', 'case.first_contact_overdue', 'case.overdue')
        GROUP BY case_id, type, data->>'dueAt' HAVING count(*) > 1`,
  );
  const unmarked = await queryRows<{ id: string }>(
    db,
    sql`SELECT c.id FROM cases c
        WHERE c.city_id = ${cityId} AND c.overdue_at IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM case_events e WHERE e.city_id = c.city_id AND e.case_id = c.id AND e.type = 'case.overdue')`,
  );
  const missed = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM cases WHERE city_id = ${cityId}
          AND status IN ('received', 'returned', 'dispatched', 'accepted', 'handling')
          AND overdue_at IS NULL AND due_at < ${new Date(now.getTime() - graceMs).toISOString()}::timestamptz`,
  );
  return [
    ...twice.map((r) => `${r.id}: ${r.type} ${r.n} times for one deadline`),
    ...unmarked.map((r) => `${r.id}: overdue_at set without a case.overdue event`),
    ...missed.map((r) => `${r.id}: open, past its deadline and never marked overdue`),
  ];
}
