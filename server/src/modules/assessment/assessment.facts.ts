import type { Context } from '../../context.ts';
import { cityRefs } from '../cases/index.ts';
import { workingHoursBetween, type WorkCalendar } from '../deadlines/index.ts';
import * as repo from './assessment.repo.ts';

// The assessment's own narrow copy of what it counts of each case (assessment_facts), kept in step
// by reading the cases changed since the last look (cases.updated_at, indexed): a month's assessment
// then scans about 60 bytes a case instead of the whole case rows. The case module does not know about
// it; the recount test proves the figures equal a recount from the cases' timelines.

const BATCH = 10_000;
/** Cases changed this long before the watermark are read again: a transaction may commit after it started. */
const OVERLAP_MS = 10 * 60_000;

/** One case's fact: its callback answers as bits (1 rated, 2 contacted, 4 solved, 8 satisfied), deadline met, reopened, working seconds. */
export function factOf(cityId: string, c: repo.CaseFactSource, calendar: WorkCalendar): repo.FactRow {
  const cb = c.callback;
  const bits = cb ? 1 | (cb.contacted ? 2 : 0) | (cb.solved ? 4 : 0) | (cb.satisfied ? 8 : 0) : 0;
  return {
    cityId,
    caseId: c.id,
    repliedAt: c.replied_at,
    overdueAt: c.overdue_at,
    leadUnitId: c.lead_unit_id,
    regionPath: c.region_path,
    callback: bits,
    onTime: c.replied_at !== null && c.due_at !== null && c.replied_at <= c.due_at,
    reopened: c.reopen_count > 0,
    handlingSeconds: c.replied_at ? workingHoursBetween(calendar, c.handed_at, c.replied_at) * 3600 : null,
    caseUpdatedAt: c.updated_at,
  };
}

/** Brings a city's facts in step with its cases; returns how many cases were read. */
export async function refreshFacts(ctx: Context, cityId: string): Promise<number> {
  const { db } = ctx.database;
  const { calendar } = await cityRefs(ctx, cityId);
  const watermark = await repo.factsWatermark(db, cityId);
  const since = watermark && new Date(watermark.getTime() - OVERLAP_MS);
  let after: { at: Date; id: string } | null = null;
  let read = 0;
  for (;;) {
    const batch = await repo.changedCases(db, cityId, since, after, BATCH);
    if (batch.length === 0) break;
    await repo.upsertFacts(
      db,
      batch.map((c) => factOf(cityId, c, calendar)),
    );
    const last = batch.at(-1)!;
    after = { at: last.updated_at, id: last.id };
    read += batch.length;
    if (batch.length < BATCH) break;
  }
  if (after) await repo.setFactsWatermark(db, cityId, after.at);
  return read;
}
