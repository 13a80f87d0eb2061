import { sql } from 'drizzle-orm';
import type { Context } from '../../context.ts';
import { insertJsonRows, queryRows, type Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { cityUnits, supervisorOf, type Units } from './cases.directory.ts';
import { listCities } from '../org/index.ts';
import { dueMarks, nextCheckAt, type ClockState, type DeadlineMark } from './cases.policy.ts';
import { publishChange } from './notify.ts';

// The deadline sweep: every case whose next check has come is locked (SKIP LOCKED, so several
// processes share the work and each case is acted on once), marked due soon / first contact
// overdue / overdue, escalated one level up when overdue, and given its next check. Set-based:
// one SELECT, one UPDATE, one INSERT of events and one of notifications per batch.

interface DueRow {
  city_id: string;
  id: string;
  tracking_code: string;
  status: string;
  region_path: string;
  lead_unit_id: string | null;
  escalation_level: number;
  first_contact_due_at: string | null;
  first_contact_at: string | null;
  first_contact_overdue_at: string | null;
  due_at: string | null;
  due_soon_at: string | null;
  due_soon_warned_at: string | null;
  overdue_at: string | null;
}

export interface SweepResult {
  cases: number;
  marks: Record<DeadlineMark, number>;
}

const date = (value: string | null): Date | null => (value === null ? null : new Date(value));

const TEXT: Record<DeadlineMark, string> = {
  due_soon: '即将超期',
  first_contact_overdue: '未按时联系诉求人',
  overdue: '已超期，升级督办',
};

/** Sweeps until no case is due; returns how many cases were acted on and the marks made. */
export async function sweepDeadlines(ctx: Context, options: { batchSize?: number; cityId?: string } = {}): Promise<SweepResult> {
  const { batchSize = 5_000, cityId } = options;
  const result: SweepResult = { cases: 0, marks: { due_soon: 0, first_contact_overdue: 0, overdue: 0 } };
  // The units of every city, loaded before the transactions (on the embedded database a cache reload
  // inside an open transaction would wait for it).
  const cityIds = cityId ? [cityId] : (await listCities(ctx.database.db)).map((c) => c.id);
  const unitsByCity = new Map(await Promise.all(cityIds.map(async (id) => [id, await cityUnits(ctx, id)] as const)));
  for (;;) {
    const rows = await ctx.database.db.transaction((tx) => sweepBatch(ctx, tx, batchSize, result, unitsByCity, cityId));
    for (const row of rows) {
      const facts = { cityId: row.city_id, id: row.id, status: row.status, regionPath: row.region_path, leadUnitId: row.lead_unit_id };
      publishChange(ctx, facts, 'case.deadline');
    }
    if (rows.length < batchSize) return result;
  }
}

async function sweepBatch(
  ctx: Context,
  tx: Db,
  batchSize: number,
  result: SweepResult,
  unitsByCity: Map<string, Units>,
  cityId?: string,
): Promise<DueRow[]> {
  const now = ctx.now();
  const rows = await queryRows<DueRow>(
    tx,
    sql`SELECT city_id, id, tracking_code, status, region_path, lead_unit_id, escalation_level, first_contact_due_at, first_contact_at,
               first_contact_overdue_at, due_at, due_soon_at, due_soon_warned_at, overdue_at
        FROM cases WHERE next_check_at <= ${now.toISOString()}::timestamptz ${cityId ? sql`AND city_id = ${cityId}::uuid` : sql``}
        ORDER BY next_check_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`,
  );
  if (rows.length === 0) return rows;
  const at = now.toISOString();
  const updates: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  // One notification per unit and kind for the whole batch: a unit with 40 cases going overdue at once gets one line, not 40.
  const notices = new Map<string, { cityId: string; unitId: string; mark: DeadlineMark; cases: DueRow[] }>();
  const notify = (row: DueRow, unitId: string | null, mark: DeadlineMark) => {
    if (!unitId) return;
    const key = `${row.city_id}:${unitId}:${mark}`;
    const entry = notices.get(key) ?? { cityId: row.city_id, unitId, mark, cases: [] };
    entry.cases.push(row);
    notices.set(key, entry);
  };
  // The unit above each lead unit, looked up once per batch.
  const above = new Map<string, string | null>();
  const supervisorId = (row: DueRow): string | null => {
    const key = `${row.city_id}:${row.lead_unit_id}`;
    const units = unitsByCity.get(row.city_id);
    if (!above.has(key)) above.set(key, units ? (supervisorOf(units, row.lead_unit_id)?.id ?? null) : null);
    return above.get(key)!;
  };
  for (const row of rows) {
    const clock: ClockState = {
      status: row.status,
      firstContactDueAt: date(row.first_contact_due_at),
      firstContactAt: date(row.first_contact_at),
      firstContactOverdueAt: date(row.first_contact_overdue_at),
      dueAt: date(row.due_at),
      dueSoonAt: date(row.due_soon_at),
      dueSoonWarnedAt: date(row.due_soon_warned_at),
      overdueAt: date(row.overdue_at),
    };
    const marks = dueMarks(clock, now);
    let escalation = row.escalation_level;
    const supervisor = marks.includes('overdue') ? supervisorId(row) : null;
    for (const mark of marks) {
      result.marks[mark]++;
      if (mark === 'due_soon') clock.dueSoonWarnedAt = now;
      if (mark === 'first_contact_overdue') clock.firstContactOverdueAt = now;
      if (mark === 'overdue') {
        clock.overdueAt = now;
        escalation++;
      }
      const data = mark === 'overdue' ? { dueAt: row.due_at, escalationLevel: escalation, toUnitId: supervisor } : { dueAt: row.due_at };
      events.push({ city_id: row.city_id, case_id: row.id, type: `case.${mark}`, at, data });
      notify(row, row.lead_unit_id, mark);
      if (mark === 'overdue') notify(row, supervisor, mark);
    }
    updates.push({
      city_id: row.city_id,
      id: row.id,
      due_soon_warned_at: clock.dueSoonWarnedAt?.toISOString() ?? null,
      first_contact_overdue_at: clock.firstContactOverdueAt?.toISOString() ?? null,
      overdue_at: clock.overdueAt?.toISOString() ?? null,
      escalation_level: escalation,
      next_check_at: nextCheckAt(clock)?.toISOString() ?? null,
    });
  }
  await tx.execute(sql`
    UPDATE cases c SET due_soon_warned_at = u.due_soon_warned_at, first_contact_overdue_at = u.first_contact_overdue_at,
           overdue_at = u.overdue_at, escalation_level = u.escalation_level, next_check_at = u.next_check_at,
           version = c.version + 1, updated_at = ${at}::timestamptz
    FROM json_to_recordset(${JSON.stringify(updates)}::json) AS u(city_id uuid, id uuid, due_soon_warned_at timestamptz,
         first_contact_overdue_at timestamptz, overdue_at timestamptz, escalation_level smallint, next_check_at timestamptz)
    WHERE c.city_id = u.city_id AND c.id = u.id`);
  if (events.length > 0) {
    // Numbered after each case's last event, in order; the row locks above keep the numbers free.
    await tx.execute(sql`
      INSERT INTO case_events (city_id, case_id, seq, type, at, actor_name, data)
      SELECT e.city_id, e.case_id,
             (SELECT coalesce(max(seq), 0) FROM case_events x WHERE x.city_id = e.city_id AND x.case_id = e.case_id)
               + row_number() OVER (PARTITION BY e.city_id, e.case_id ORDER BY e.ord),
             e.type, e.at, '时限监控', e.data
      FROM json_to_recordset(${JSON.stringify(events.map((e, ord) => ({ ...e, ord })))}::json)
        AS e(ord int, city_id uuid, case_id uuid, type text, at timestamptz, data jsonb)`);
  }
  const noticeRows = [...notices.values()].map(({ cityId, unitId, mark, cases }) => ({
    city_id: cityId,
    id: newId(),
    unit_id: unitId,
    case_id: cases.length === 1 ? cases[0]!.id : null,
    kind: `case.${mark}`,
    text:
      cases.length === 1
        ? `工单 ${cases[0]!.tracking_code} ${TEXT[mark]}`
        : `${cases.length} 件工单${TEXT[mark]}：${cases
            .slice(0, 5)
            .map((c) => c.tracking_code)
            .join('、')}${cases.length > 5 ? ' 等' : ''}`,
    created_at: at,
  }));
  await insertJsonRows(tx, 'notifications', ['city_id', 'id', 'unit_id', 'case_id', 'kind', 'text', 'created_at'], noticeRows);
  result.cases += rows.length;
  return rows;
}
