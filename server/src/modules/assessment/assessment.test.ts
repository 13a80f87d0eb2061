import { beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentSettings, AssessmentUnits, Bulletin, CaseList, CaseView, TalkView, WhistleView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { loginAs, makeAccount, testApp, type Client } from '../../../test/harness.ts';
import { LEAVES, PLACES, act, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { loadWorkCalendar, workingHoursBetween } from '../deadlines/index.ts';
import { CASE_COUNT_KEYS, DEFAULT_SETTINGS, FIGURES, compositeScore, zeroCounts, type Counts } from './assessment.figures.ts';
import { monthOf, parsePeriod } from './assessment.rules.ts';

// Cases made through the real API, walked through replies, callbacks, returns and reopenings; the
// assessment must equal a recount from the raw timeline (the last reply and the last callback event
// of each case), done here independently of the SQL.

let city: CaseCity;
let ctx: Context;
let app: Awaited<ReturnType<typeof testApp>>['app'];
const caseIds: string[] = [];

type Answers = [contacted: boolean, solved: boolean, satisfied: boolean];

/** A case replied and called back; `reopens` unsatisfied rounds first; `open` leaves it in rework after them. */
async function handled(
  place: keyof typeof PLACES,
  leaf: string,
  answers: Answers | null,
  options: { returnFirst?: boolean; reopens?: number; open?: boolean } = {},
) {
  const created = await createCaseAs(city.operator, hotlineCase({ location: PLACES[place], categoryCode: leaf }));
  let c = created.case;
  caseIds.push(c.id);
  const handlerOf = (unitId: string | undefined) =>
    ({ [city.units.s1Office!]: city.s1Handler, [city.units.s2Office!]: city.s2Handler, [city.units.d1Dept!]: city.d1DeptHandler })[
      unitId ?? ''
    ];
  if (options.returnFirst) {
    await act(handlerOf(c.leadUnit?.id)!, c.id, { type: 'return', reason: '不属于本单位' });
    c = await act(city.dispatcher, c.id, { type: 'arbitrate_return', decision: 'reroute', unitId: city.units.s2Office });
  }
  const handler = handlerOf(c.leadUnit?.id)!;
  await act(handler, c.id, { type: 'accept' });
  for (let round = 0; round < (options.reopens ?? 0); round++) {
    await act(handler, c.id, { type: 'reply', text: '已处理' });
    await act(city.operator, c.id, { type: 'record_callback', contacted: true, solved: false, satisfied: false });
  }
  if (options.open) return;
  await act(handler, c.id, { type: 'reply', text: '已处理' });
  if (answers)
    await act(city.operator, c.id, { type: 'record_callback', contacted: answers[0], solved: answers[1], satisfied: answers[2] });
}

beforeAll(async () => {
  const started = await testApp();
  ctx = started.ctx;
  app = started.app;
  city = await makeCaseCity(started.app, ctx);
  const settings: AssessmentSettings = { ...DEFAULT_SETTINGS, minRated: 2, talkBottomN: 1 };
  expect((await city.admin.request('PUT', '/api/assessment/settings', settings)).statusCode).toBe(200);
  // Placed in S1 (G1): the street office's cases, one of them closed unsatisfied at the reopen limit (two
  // reopenings), one satisfied after a reopening, one without a callback, one returned by S1 and handled by
  // S2, one of the district's 城管 department; and one in rework after an unsatisfied callback (not counted:
  // a case is rated on its final callback, in the period of its last reply).
  await handled('G1', LEAVES.street, [true, true, true]);
  await handled('G1', LEAVES.street, [true, false, false], { reopens: 2 });
  await handled('G1', LEAVES.street, [false, false, true]);
  await handled('G1', LEAVES.street, null);
  await handled('G1', LEAVES.street, [true, true, true], { reopens: 1 });
  await handled('G1', LEAVES.street, [true, true, true], { returnFirst: true });
  await handled('G1', LEAVES.cityManagement, [true, true, true]);
  await handled('G1', LEAVES.street, null, { reopens: 1, open: true });
  // Placed in S2 (G2): two of its office's, one of the department's closed unsatisfied at the limit.
  await handled('G2', LEAVES.street, [true, true, true]);
  await handled('G2', LEAVES.street, [true, true, true]);
  await handled('G2', LEAVES.cityManagement, [true, false, false], { reopens: 2 });
  // Cases still open are not counted (one in S1, one in S3).
  caseIds.push((await createCaseAs(city.operator, hotlineCase({ location: PLACES.G1 }))).case.id);
  caseIds.push((await createCaseAs(city.operator, hotlineCase({ location: PLACES.G3 }))).case.id);
});

const period = () => monthOf(new Date());

/** The counts per street code and per lead unit, recounted from each case's timeline. */
async function recount(): Promise<{ streets: Map<string, Counts>; units: Map<string, Counts> }> {
  const calendar = await loadWorkCalendar(ctx.database.db, city.id);
  const { from, to } = parsePeriod(period());
  const streets = new Map<string, Counts>();
  const units = new Map<string, Counts>();
  const bump = (map: Map<string, Counts>, key: string, add: Partial<Counts>) => {
    const counts = map.get(key) ?? zeroCounts();
    for (const [k, v] of Object.entries(add) as [keyof Counts, number][]) counts[k] += v;
    map.set(key, counts);
  };
  for (const id of caseIds) {
    const c = (await city.admin.get(`/api/cases/${id}`)).json<CaseView>();
    const street = c.regions.find((r) => r.level === 'street')!.code;
    const events = c.timeline;
    for (const e of events.filter((x) => x.type === 'case.returned')) {
      bump(streets, street, { returned: 1 });
      bump(units, e.data.unitId as string, { returned: 1 });
    }
    if (c.repliedAt === null) continue;
    const lastReply = events.filter((e) => e.type === 'case.replied').at(-1)!;
    const at = new Date(lastReply.at);
    if (at < from || at >= to) continue;
    const handedAt = events.filter((e) => e.type === 'case.dispatched' || e.type === 'case.return_arbitrated').at(-1)!.at;
    const callback = events.filter((e) => e.type === 'case.callback_recorded' && new Date(e.at) > at).at(-1)?.data as
      { contacted: boolean; solved: boolean; satisfied: boolean } | undefined;
    const add: Partial<Counts> = {
      replied: 1,
      rated: callback ? 1 : 0,
      contacted: callback?.contacted ? 1 : 0,
      solved: callback?.solved ? 1 : 0,
      satisfied: callback?.satisfied ? 1 : 0,
      onTime: at <= new Date(c.dueAt!) ? 1 : 0,
      reopened: c.reopenCount > 0 ? 1 : 0,
      handlingMinutes: workingHoursBetween(calendar, new Date(handedAt), at) * 60,
    };
    bump(streets, street, add);
    bump(units, lastReply.data.unitId as string, add);
  }
  return { streets, units };
}

/** The case counts of a row (the whistle counts are checked in 'whistle figures'). */
const caseCounts = (counts: Partial<Record<(typeof CASE_COUNT_KEYS)[number], number>>) =>
  Object.fromEntries(CASE_COUNT_KEYS.map((k) => [k, counts[k] ?? 0])) as Record<(typeof CASE_COUNT_KEYS)[number], number>;

function expectSame(row: AssessmentUnits['rows'][number], expected: Counts | undefined) {
  const { handlingMinutes, ...counts } = caseCounts(expected ?? { handlingMinutes: 0 });
  const { handlingMinutes: gotMinutes, ...got } = caseCounts(row.counts);
  expect(got).toEqual(expected ? counts : expect.objectContaining({ replied: 0, rated: 0 }));
  expect(gotMinutes).toBe(Math.round(handlingMinutes));
  for (const figure of FIGURES.filter((f) => f.source === 'cases')) {
    const value = row.figures.find((f) => f.key === figure.key)!;
    if (value.denominator === null) continue;
    const expectedValue = value.denominator === 0 ? null : (value.numerator! / value.denominator) * (figure.scale ?? 1);
    expect(value.value).toBe(expectedValue);
  }
}

describe('the assessment equals a recount from the raw callbacks', () => {
  it('streets: every count and rate of every street', async () => {
    const response = await city.admin.get(`/api/assessment/units?period=${period()}&level=street`);
    expect(response.statusCode).toBe(200);
    const body = response.json<AssessmentUnits>();
    const { streets } = await recount();
    expect(body.rows.map((r) => r.key).sort()).toEqual([city.regions.S1!.code, city.regions.S2!.code, city.regions.S3!.code].sort());
    for (const row of body.rows) expectSame(row, streets.get(row.key));
    const s1 = body.rows.find((r) => r.key === city.regions.S1!.code)!;
    // By hand: S1 has 7 cases replied, 6 rated: 5 contacted, 4 solved, 5 satisfied; 2 reopened; 1 return.
    const { replied, rated, contacted, solved, satisfied, reopened, returned } = s1.counts;
    expect([replied, rated, contacted, solved, satisfied, reopened, returned]).toEqual([7, 6, 5, 4, 5, 2, 1]);
    expect(s1.figures.find((f) => f.key === 'satisfactionRate')!.value).toBe(5 / 6);
    // S3 has no rated case: insufficient, not ranked.
    const s3 = body.rows.find((r) => r.key === city.regions.S3!.code)!;
    expect([s3.insufficient, s3.rank, s3.class]).toEqual([true, null, null]);
    expect(body.ranked).toBe(2);
  });

  it('handling units: the lead unit at the last reply', async () => {
    const body = (await city.admin.get(`/api/assessment/units?period=${period()}&level=unit`)).json<AssessmentUnits>();
    const { units } = await recount();
    expect(body.rows.length).toBeGreaterThanOrEqual(3);
    for (const row of body.rows) expectSame(row, units.get(row.key));
    const departments = (await city.admin.get(`/api/assessment/units?period=${period()}&level=department`)).json<AssessmentUnits>();
    const d1 = departments.rows.find((r) => r.key === city.units.d1Dept)!;
    expect([d1.counts.rated, d1.counts.satisfied, d1.counts.reopened]).toEqual([2, 1, 1]);
  });

  it('each figure links to the cases behind it', async () => {
    const body = (await city.admin.get(`/api/assessment/units?period=${period()}&level=street`)).json<AssessmentUnits>();
    const s1 = body.rows.find((r) => r.key === city.regions.S1!.code)!;
    for (const key of ['satisfactionRate', 'onTimeRate']) {
      const figure = s1.figures.find((f) => f.key === key)!;
      const list = (await city.admin.get(`/api/cases?${figure.cases}&limit=200`)).json<CaseList>();
      expect(list.items.length).toBe(figure.denominator);
    }
    // The case list's filters on their own: the unsatisfied of S1, the replied cases the department led.
    const satisfaction = s1.figures.find((f) => f.key === 'satisfactionRate')!;
    const unsatisfied = (
      await city.admin.get(`/api/cases?${satisfaction.cases!.replace('flag=rated', 'flag=not_satisfied')}`)
    ).json<CaseList>();
    expect(unsatisfied.items.length).toBe(satisfaction.denominator! - satisfaction.numerator!);
    const { from, to } = parsePeriod(period());
    const query = new URLSearchParams({ unit: city.units.d1Dept!, repliedFrom: from.toISOString(), repliedTo: to.toISOString() });
    expect((await city.admin.get(`/api/cases?${query.toString()}`)).json<CaseList>().items.length).toBe(2);
    expect((await city.admin.get('/api/cases?flag=nonsense')).statusCode).toBe(400);
  });
});

describe('talks and the bulletin', () => {
  it('lists the bottom of each ranking once, and follows the talk to its end', async () => {
    const first = await city.admin.post(`/api/assessment/talks/generate?period=${period()}`);
    expect(first.statusCode).toBe(200);
    const listed = first.json<{ created: number; items: TalkView[] }>();
    expect(listed.created).toBe(2);
    expect(listed.items.map((t) => t.level).sort()).toEqual(['department', 'street']);
    const again = (await city.admin.post(`/api/assessment/talks/generate?period=${period()}`)).json<{ created: number }>();
    expect(again.created).toBe(0);
    const talk = listed.items.find((t) => t.level === 'street')!;
    expect(talk.superiorUnit?.id).toBe(city.units.d1Gov);
    await city.admin.post(`/api/assessment/talks/${talk.id}/schedule`, { scheduledAt: '2030-01-05T09:00:00+08:00' });
    const held = await city.admin.post(`/api/assessment/talks/${talk.id}/record`, {
      heldAt: '2030-01-05T10:00:00+08:00',
      record: '指出回访满意率偏低',
    });
    expect(held.json<TalkView>().status).toBe('held');
    const withItem = (
      await city.admin.post(`/api/assessment/talks/${talk.id}/items`, { text: '建立回访复核机制', owner: '街道办' })
    ).json<TalkView>();
    const item = withItem.items[0]!;
    expect((await city.leader.get(`/api/assessment/bulletin?period=${period()}`)).json<Bulletin>().talks.map((t) => t.id)).toContain(
      talk.id,
    );
    const done = (
      await city.admin.post(`/api/assessment/talks/${talk.id}/items/${item.id}/done`, { evidence: '制度文件已印发' })
    ).json<TalkView>();
    expect([done.status, done.items[0]!.evidence]).toEqual(['closed', '制度文件已印发']);
    // A handler of the street office does not read the assessment.
    expect(
      (await city.s1Handler.post(`/api/assessment/talks/${talk.id}/record`, { heldAt: '2030-01-05T10:00:00+08:00', record: 'x' }))
        .statusCode,
    ).toBe(403);
  });

  it('renders the bulletin as a page and as a PDF', async () => {
    const page = await city.leader.get(`/api/assessment/bulletin?period=${period()}`);
    expect(page.statusCode).toBe(200);
    const body = page.json<Bulletin>();
    expect(body.region.code).toBe(city.regions.D1!.code);
    expect(body.streets.rows.map((r) => r.key).sort()).toEqual([city.regions.S1!.code, city.regions.S2!.code].sort());
    expect(body.total.counts.replied).toBe(10);
    expect(body.typicalCases.length).toBeGreaterThan(0);
    const pdf = await city.leader.get(`/api/assessment/bulletin.pdf?period=${period()}`);
    expect([pdf.statusCode, pdf.headers['content-type'], pdf.rawPayload.subarray(0, 5).toString()]).toEqual([
      200,
      'application/pdf',
      '%PDF-',
    ]);
  });
});

describe('whistle figures (吹哨报到)', () => {
  // Whistles blown through the real API by the S1 street secretary; the district 城管 department (d1Dept) and the
  // city department (cityDept) report late, on time or not at all; the street closes and rates.
  const NEAR = { lng: 100.051, lat: 30.05 }; // ≈ 96 m from G1

  /** Runs fn with the server's clock moved forward. */
  async function later<T>(minutes: number, fn: () => Promise<T>): Promise<T> {
    const real = ctx.now;
    ctx.now = () => new Date(Date.now() + minutes * 60_000);
    try {
      return await fn();
    } finally {
      ctx.now = real;
    }
  }

  it("gives the department its on-time arrival rate and the streets' rating, equal to a hand count", async () => {
    await makeAccount(ctx, city, `asec${city.code}`, [['secretary', 's1Office']]);
    await makeAccount(ctx, city, `acity${city.code}`, [['handler', 'cityDept']]);
    const secretary = await loginAs(app, `asec${city.code}`, city.slug);
    const cityDeptHandler = await loginAs(app, `acity${city.code}`, city.slug);
    const { d1Dept, cityDept } = city.units as Record<string, string>;
    const blow = async (unitIds: string[], arrivalMinutes?: number) => {
      const response = await secretary.post('/api/whistles', {
        problem: '小区外墙脱落砸坏车辆，需城管、住建联合处置',
        location: PLACES.G1,
        unitIds,
        reason: 'beyond_street',
        ...(arrivalMinutes ? { arrivalMinutes } : {}),
      });
      expect(response.statusCode).toBe(201);
      return response.json<WhistleView>().id;
    };
    const step = async (client: Client, id: string, action: Record<string, unknown>) => {
      const response = await client.post(`/api/whistles/${id}/actions`, action);
      expect([action.type, response.statusCode]).toEqual([action.type, 200]);
    };
    const checkIn = (client: Client, id: string) => step(client, id, { type: 'check_in', position: NEAR });

    // W1 (30 min): d1Dept checks in at once (on time), cityDept never comes (late once the deadline passes).
    const w1 = await blow([d1Dept!, cityDept!]);
    await checkIn(city.d1DeptHandler, w1);
    await step(secretary, w1, {
      type: 'close',
      result: '已处置完毕',
      ratings: [{ unitId: d1Dept, arrival: 5, attitude: 4, result: 5 }],
    });
    await step(secretary, w1, { type: 'rate', ratings: [{ unitId: cityDept, arrival: 2, attitude: 2, result: 1 }] });
    // W2 (10 min): d1Dept checks in after 40 minutes (late); closed and rated.
    const w2 = await blow([d1Dept!], 10);
    await later(40, () => checkIn(city.d1DeptHandler, w2));
    await later(45, () =>
      step(secretary, w2, { type: 'close', result: '已处置', ratings: [{ unitId: d1Dept, arrival: 3, attitude: 3, result: 4 }] }),
    );
    // W3 (30 min): d1Dept never comes. W4 (30 min): it comes after 20 minutes (on time), cityDept too but late (after 50).
    await blow([d1Dept!]);
    const w4 = await blow([d1Dept!, cityDept!]);
    await later(20, () => checkIn(city.d1DeptHandler, w4));
    await later(50, () => checkIn(cityDeptHandler, w4));
    // W5 (24 h): not come yet and still within its time: counted in neither.
    await blow([d1Dept!], 24 * 60);

    // By hand, two hours on: d1Dept: deadlines passed or met W1 W2 W3 W4 = 4, on time W1 W4 = 2 → 0.5;
    // ratings 5·4·5 and 3·3·4: 2 ratings, 24 points → 24 ÷ 2 ÷ 3 = 4. cityDept: W1 W4 = 2, on time 0 → 0;
    // one rating 2·2·1 → 5 ÷ 3. Street S1: 5 whistles over the 9 cases received in G1 this month.
    ctx.cache.invalidate(city.id, `assessment:${period()}`);
    const body = await later(120, async () =>
      (await city.admin.get(`/api/assessment/units?period=${period()}&level=department`)).json<AssessmentUnits>(),
    );
    const figure = (key: string, unitId: string) => body.rows.find((r) => r.key === unitId)!.figures.find((f) => f.key === key)!;
    expect(figure('arrivalOnTimeRate', d1Dept!)).toMatchObject({ value: 0.5, numerator: 2, denominator: 4, cases: null });
    expect(figure('streetRating', d1Dept!)).toMatchObject({ value: 4, numerator: 24, denominator: 2 });
    expect(figure('arrivalOnTimeRate', cityDept!)).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    expect(figure('streetRating', cityDept!)).toMatchObject({ numerator: 5, denominator: 1 });
    expect(figure('streetRating', cityDept!).value).toBeCloseTo(5 / 3, 10);
    expect(body.definitions.find((d) => d.key === 'streetRating')).toMatchObject({ kind: 'rating', source: 'whistles', scored: true });

    // Scored with their weights (5 and 5), over the figures that have a value.
    const d1 = body.rows.find((r) => r.key === d1Dept)!;
    expect(d1.score).toBe(compositeScore(d1.figures, DEFAULT_SETTINGS.weights));
    const withoutWhistles = compositeScore(d1.figures, { ...DEFAULT_SETTINGS.weights, arrivalOnTimeRate: 0, streetRating: 0 });
    expect(d1.score).not.toBe(withoutWhistles);
    // A department never summoned: not applicable, no value.
    const water = body.rows.find((r) => r.key === city.units.water);
    if (water) expect(figure('arrivalOnTimeRate', water.key).value).toBeNull();

    // The street's whistle rate: shown, not scored.
    ctx.cache.invalidate(city.id, `assessment:${period()}`);
    const streets = (await city.admin.get(`/api/assessment/units?period=${period()}&level=street`)).json<AssessmentUnits>();
    const s1 = streets.rows.find((r) => r.key === city.regions.S1!.code)!;
    expect([s1.counts.whistles, s1.counts.casesReceived]).toEqual([5, 9]);
    expect(s1.figures.find((f) => f.key === 'whistleRate')!.value).toBeCloseTo((5 / 9) * 1000, 10);
    expect(streets.definitions.find((d) => d.key === 'whistleRate')).toMatchObject({ kind: 'perThousand', scored: false });
    const s2 = streets.rows.find((r) => r.key === city.regions.S2!.code)!;
    expect(s2.counts.whistles).toBe(0);
  });
});
