// Hotspots through the real API: detection on demand over cases at chosen times, identity across runs, the steps
// (acknowledge, dismiss, to_case with its timeline, to_whistle) and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, HotspotDetectResult, HotspotList, HotspotView } from '@gongzhi/contracts';
import type { Context } from '../src/context.ts';
import { errorCode, loginAs, makeAccount, testApp } from './harness.ts';
import { LEAVES, PLACES, makeCaseCity, type CaseCity } from './cases-harness.ts';
import { insertHotspot, insertPastCases, type PastCase } from './hotspots-harness.ts';

let ctx: Context;
let city: CaseCity;
let surgeIds: string[];

const near = (p: { lng: number; lat: number }, i: number) => ({ lng: p.lng + (i % 7) * 0.003, lat: p.lat + Math.floor(i / 7) * 0.003 });

beforeAll(async () => {
  const started = await testApp();
  ctx = started.ctx;
  city = await makeCaseCity(started.app, ctx);
  const background: PastCase[] = [];
  // About one case a week of each of two categories in G1 and G2 for the nine weeks before the last, spread out (no place repeats).
  for (let week = 1; week <= 9; week++)
    for (const [g, place] of [PLACES.G1, PLACES.G2].entries())
      for (const [k, categoryCode] of [LEAVES.street, LEAVES.community].entries())
        background.push({ daysAgo: week * 7 + 1 + g + k * 2, categoryCode, location: near(place, week * 4 + g * 2 + k) });
  await insertPastCases(ctx, city, background);
  // The surge: ten of G2's garbage complaints in the last five days.
  surgeIds = await insertPastCases(
    ctx,
    city,
    Array.from({ length: 10 }, (_, i) => ({ daysAgo: 0.2 + i * 0.45, categoryCode: LEAVES.street, location: near(PLACES.G2, 40 + i) })),
  );
  // The same caller three times this month, in different places.
  await insertPastCases(
    ctx,
    city,
    [3, 12, 25].map((daysAgo, i) => ({ daysAgo, location: near(PLACES.G1, 60 + i * 3), phone: '13912345678' })),
  );
}, 120_000);

describe('hotspot detection through the API', () => {
  it('finds the surge and the repeated caller, and keeps their identity on a second run', async () => {
    const first = await city.dispatcher.post('/api/hotspots/detect');
    expect(first.statusCode).toBe(200);
    const run1 = first.json<HotspotDetectResult>();
    const list = (await city.admin.get('/api/hotspots')).json<HotspotList>().items;
    expect(list.map((h) => h.kind).sort()).toEqual(['person', 'rise']);
    const rise = list.find((h) => h.kind === 'rise')!;
    expect(rise).toMatchObject({
      regionPath: city.regions.G2!.path,
      categoryCode: LEAVES.street,
      observed: 10,
      status: 'new',
      caseCount: 10,
    });
    expect(rise.expected).toBeLessThan(2);
    expect(rise.categoryName).toBeTruthy();
    expect(rise.regionName).toBe('G2区域');
    const person = list.find((h) => h.kind === 'person')!;
    expect(person.figures.phone).toBe('139****5678');
    expect(JSON.stringify(list)).not.toContain('13912345678');
    expect(run1).toMatchObject({ detected: 2, created: 2, updated: 0 });

    const again = (await city.dispatcher.post('/api/hotspots/detect')).json<HotspotDetectResult>();
    expect(again).toMatchObject({ detected: 2, created: 0, updated: 2 });
    const after = (await city.admin.get('/api/hotspots')).json<HotspotList>().items;
    expect(after.map((h) => h.id).sort()).toEqual(list.map((h) => h.id).sort());
    expect(after.find((h) => h.id === rise.id)!.firstSeenAt).toBe(rise.firstSeenAt);

    // The detail: the cases behind it, each with its id for /cases/:id.
    const view = (await city.dispatcher.get(`/api/hotspots/${rise.id}`)).json<HotspotView>();
    expect(view.cases.map((c) => c.id).sort()).toEqual([...surgeIds].sort());
    expect(view.actions).toEqual(['acknowledge', 'dismiss', 'to_case']);
    // Filters.
    expect((await city.admin.get('/api/hotspots?kind=person')).json<HotspotList>().items).toHaveLength(1);
    expect((await city.admin.get(`/api/hotspots?region=${city.regions.D2!.path}`)).json<HotspotList>().items).toHaveLength(0);
    expect((await city.admin.get(`/api/hotspots?category=${LEAVES.street}&status=new`)).json<HotspotList>().items).toHaveLength(1);
  });

  it('turns a hotspot into a case whose timeline says where it came from, once', async () => {
    const rise = (await city.admin.get('/api/hotspots?kind=rise')).json<HotspotList>().items[0]!;
    const ack = await city.dispatcher.post(`/api/hotspots/${rise.id}/actions`, { action: 'acknowledge' });
    expect(ack.json<HotspotView>()).toMatchObject({ status: 'acknowledged', actions: ['dismiss', 'to_case'] });
    const converted = await city.dispatcher.post(`/api/hotspots/${rise.id}/actions`, { action: 'to_case' });
    expect(converted.statusCode).toBe(200);
    const view = converted.json<HotspotView>();
    expect(view.status).toBe('converted');
    expect(view.actions).toEqual([]);
    const theCase = (await city.dispatcher.get(`/api/cases/${view.convertedCaseId}`)).json<CaseView>();
    expect(theCase.channel).toBe('proactive');
    expect(theCase.text).toContain('主动发现');
    expect(theCase.timeline[0]).toMatchObject({ type: 'case.received', data: { hotspotId: rise.id, hotspotKind: 'rise' } });
    const twice = await city.dispatcher.post(`/api/hotspots/${rise.id}/actions`, { action: 'to_case' });
    expect([twice.statusCode, errorCode(twice)]).toEqual([409, 'invalid_transition']);
    // The proactive case does not feed detection: the same two hotspots, still.
    expect((await city.dispatcher.post('/api/hotspots/detect')).json<HotspotDetectResult>()).toMatchObject({ detected: 2, created: 0 });
  });

  it('dismisses, and refuses what makes no sense', async () => {
    const person = (await city.admin.get('/api/hotspots?kind=person')).json<HotspotList>().items[0]!;
    const dismissed = await city.admin.post(`/api/hotspots/${person.id}/actions`, { action: 'dismiss', reason: '已电话回访，系同一问题' });
    expect(dismissed.json<HotspotView>().status).toBe('dismissed');
    // A dismissed hotspot stays dismissed when detection finds it again.
    await city.dispatcher.post('/api/hotspots/detect');
    expect((await city.admin.get(`/api/hotspots/${person.id}`)).json<HotspotView>().status).toBe('dismissed');
    const bad = await city.admin.post(`/api/hotspots/${person.id}/actions`, { action: 'explode' });
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'validation_failed']);
    const unknown = await city.admin.get('/api/hotspots/not-an-id');
    expect([unknown.statusCode, errorCode(unknown)]).toEqual([404, 'not_found']);
    const badQuery = await city.admin.get('/api/hotspots?kind=volcano');
    expect(badQuery.statusCode).toBe(400);
  });

  it('blows a whistle on a street hotspot', async () => {
    const id = await insertHotspot(ctx, city, 'G1', PLACES.G1);
    await makeAccount(ctx, city, `hs-jd-${city.code}`, [['leader', 's1Office']]);
    const streetLeader = await loginAs((await testApp()).app, `hs-jd-${city.code}`, city.slug);
    const response = await streetLeader.post(`/api/hotspots/${id}/actions`, { action: 'to_whistle', unitIds: [city.units.d1Dept] });
    expect(response.statusCode).toBe(200);
    const view = response.json<HotspotView>();
    expect(view.status).toBe('converted');
    const whistle = await streetLeader.get(`/api/whistles/${view.convertedWhistleId}`);
    expect(whistle.statusCode).toBe(200);
    expect(whistle.json<{ problem: string }>().problem).toContain('主动发现');
  });
});
