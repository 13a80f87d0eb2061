import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { CityCache } from '../../lib/city-cache.ts';
import { createRandom, type Random } from '../../lib/random.ts';
import { RegionLocator } from '../geo/index.ts';
import {
  applyStep,
  asStoredRow,
  casesRepo,
  cityRefs,
  notifyUnit,
  type Performer,
  prepareCase,
  type PreparedCase,
  type Units,
} from '../cases/index.ts';
import { between, planCases, type DemoCaseCity } from './demo.plan.ts';
import { StatementRecorder } from './demo.recorder.ts';
import { STEP, type Step, type StoryEnv, type Who } from './demo.stories.ts';

// The demo city's case history: ~3,600 cases received over the last six months, in every status. Each
// is taken in by prepareCase and walked through its story by the real applyStep on a clock that moves
// forward, so every timeline is one the API could have written. The steps' writes are recorded and
// run many at a time, and each case row is written once in its final state (demo.recorder.ts).

export type { DemoCaseAccount, DemoCaseCity } from './demo.plan.ts';

const HOUR_MS = 3_600_000;
const CASES_PER_TRANSACTION = 300;

interface Walked {
  row: casesRepo.CaseRow;
  prepared: PreparedCase;
}

/** Creates the demo city's case history; returns how many cases were made. */
export async function createDemoCases(ctx: Context, city: DemoCaseCity, count = 3_600, seed = 411_600): Promise<number> {
  const rng = createRandom(seed);
  const now = ctx.now();
  let clock = now;
  // A clock that moves with each step; reference data that stays loaded (on PGlite a reload inside a
  // transaction would wait for that very transaction); a locator built from the regions in hand.
  const locator = new RegionLocator({ load: () => Promise.resolve(city.regions), version: () => Promise.resolve(0) });
  const atClock: Context = { ...ctx, now: () => clock, cache: new CityCache(Number.POSITIVE_INFINITY), locator };
  const refs = await cityRefs(atClock, city.cityId);
  const { leaves, units } = refs;
  const plans = planCases(city, [...leaves.values()], rng, count, now);
  // Oldest first, so that the case a duplicate joins already stands in its final state.
  const order = plans.map((_, i) => i).sort((a, b) => plans[a]!.input.receivedAt.getTime() - plans[b]!.input.receivedAt.getTime());
  const caseIds = new Map<number, string>();
  const lastStepAt = new Map<string, Date>();
  const env: StoryEnv = { rng, units };
  const recorder = new StatementRecorder();

  for (let start = 0; start < order.length; start += CASES_PER_TRANSACTION) {
    const batch = order.slice(start, start + CASES_PER_TRANSACTION);
    const prepared: PreparedCase[] = [];
    for (const i of batch) {
      const plan = plans[i]!;
      const result = await prepareCase(atClock, plan.submitter, plan.input, units);
      caseIds.set(i, result.row.id);
      prepared.push(result);
    }
    await ctx.database.db.transaction(async (tx) => {
      const walked: Walked[] = [];
      /** Writes the cases walked so far, then their recorded steps (whose events follow the cases' first ones). */
      const write = async () => {
        const first = walked.map((w) => w.prepared);
        await casesRepo.insertCases(
          tx,
          walked.map((w) => w.row),
          first.map((p) => p.events),
          first.flatMap(({ row }) =>
            row.leadUnitId
              ? notifyUnit(row, row.leadUnitId, 'case.dispatched', `新工单 ${row.trackingCode}：${row.text.slice(0, 40)}`)
              : [],
          ),
        );
        walked.length = 0;
        await recorder.flush(tx);
      };
      for (const [k, i] of batch.entries()) {
        const plan = plans[i]!;
        const current: Walked = { row: asStoredRow(prepared[k]!.row), prepared: prepared[k]! };
        const steps = current.row.status === 'received' && !plan.story.queue ? [STEP.dispatch, ...plan.story.steps] : plan.story.steps;
        env.mergeTarget = plan.mergeInto === undefined ? undefined : caseIds.get(plan.mergeInto);
        const times = stepTimes(rng, steps, current.row.receivedAt, now);
        clock = current.row.receivedAt;
        let db: Db = recorder.db;
        for (const [j, step] of steps.entries()) {
          const input = step.action(current.row, env);
          if (!input) continue;
          clock = times[j]!;
          if (input.type === 'merge_into') {
            // Not before the last step of the case it joins, whose timeline gets the "me too".
            const joined = lastStepAt.get(input.caseId)?.getTime() ?? 0;
            clock = new Date(Math.min(Math.max(clock.getTime(), joined + 0.1 * HOUR_MS), now.getTime() - 60_000));
            // A merge reads and locks the case it joins: from here on this case is written step by step.
            lastStepAt.set(input.caseId, clock);
            walked.push(current);
            await write();
            db = tx;
          }
          current.row = await applyStep(atClock, db, current.row, input, performer(city, units, current.row, step.who), refs);
        }
        lastStepAt.set(current.row.id, clock);
        if (db !== tx) walked.push(current);
      }
      await write();
    });
  }
  await casesRepo.markSmsSent(ctx.database.db, city.cityId);
  return plans.length;
}

/** When each step happens: random gaps after receipt (the step's range of hours), squeezed to end before now. */
function stepTimes(rng: Random, steps: readonly Step[], receivedAt: Date, now: Date): Date[] {
  const gaps = steps.map((s) => between(rng, s.hours) * HOUR_MS);
  const room = now.getTime() - 0.1 * HOUR_MS - receivedAt.getTime();
  const scale = Math.min(1, room / gaps.reduce((sum, gap) => sum + gap, 1));
  let at = receivedAt.getTime();
  return gaps.map((gap) => new Date((at += gap * scale)));
}

/** Who acts: the demo account of that role where one holds the unit, else the unit's duty officer. */
function performer(city: DemoCaseCity, units: Units, row: casesRepo.CaseRow, who: Who): Performer {
  const as = (username: string): Performer => {
    const a = city.accounts.find((x) => x.username === username)!;
    return { accountId: a.accountId, name: a.displayName, unitName: a.unitName };
  };
  switch (who) {
    case 'dispatcher':
      return as(row.regionPath.startsWith(`${city.branchPath.split('/').slice(0, 2).join('/')}/`) ? 'cq-dispatcher' : 'dispatcher');
    case 'operator':
      return as('operator');
    case 'reporter':
      return row.reporterAccountId ? as('resident') : as('operator');
    case 'handler': {
      const handler = city.accounts.find((a) => a.unitId === row.leadUnitId && a.username.endsWith('handler'));
      if (handler) return as(handler.username);
      return { accountId: null, name: '承办人', unitName: units.byId.get(row.leadUnitId ?? '')?.name ?? null };
    }
  }
}
