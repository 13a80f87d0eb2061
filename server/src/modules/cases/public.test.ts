import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublicCaseView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { LogSmsGateway } from '../../lib/sms.ts';
import { Client, errorCode, testApp } from '../../../test/harness.ts';
import { LEAVES, PLACES, act, createCaseAs, hotlineCase, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { sendPendingSms } from './sms.service.ts';

let city: CaseCity;
let ctx: Context;
let anonymous: Client;
let app: FastifyInstance;
beforeAll(async () => {
  const test = await testApp();
  ctx = test.ctx;
  app = test.app;
  city = await makeCaseCity(test.app, ctx);
  anonymous = new Client(test.app);
});

const sentTo = (phone: string) => (ctx.sms as LogSmsGateway).sent.filter((m) => m.phone === phone).map((m) => m.text);

describe('residents without an account', () => {
  it('report, get a tracking code by SMS, follow the case, and answer the callback link', async () => {
    const form = await anonymous.get(`/api/public/${city.slug}`);
    expect(form.json<{ categories: unknown[] }>().categories.length).toBeGreaterThan(300);
    const phone = `135${String(Date.now()).slice(-8)}`;
    const report = await anonymous.post(`/api/public/${city.slug}/cases`, {
      text: '我家楼下的垃圾桶已经满了好几天，没人来收',
      categoryCode: LEAVES.street,
      location: PLACES.G1,
      name: '赵六',
      phone,
    });
    expect(report.statusCode, report.body).toBe(201);
    const { trackingCode } = report.json<{ trackingCode: string }>();
    await sendPendingSms(ctx);
    expect(sentTo(phone).join()).toContain(trackingCode);

    const tracked = (await anonymous.get(`/api/public/${city.slug}/cases/${trackingCode}`)).json<PublicCaseView>();
    expect(tracked).toMatchObject({ status: 'dispatched', handledBy: 's1Office单位', callbackOpen: false });
    expect(JSON.stringify(tracked)).not.toContain(phone);
    expect(JSON.stringify(tracked)).not.toContain('赵六');

    const caseId = (await city.operator.get(`/api/cases?q=${trackingCode}`)).json<{ items: { id: string }[] }>().items[0]!.id;
    await act(city.s1Handler, caseId, { type: 'accept' });
    await act(city.s1Handler, caseId, { type: 'reply', text: '已清运' });
    await sendPendingSms(ctx);
    const link = /\/r\/([A-Za-z0-9_-]+)/.exec(sentTo(phone).at(-1)!)?.[1];
    expect(link).toBeDefined();
    const page = await anonymous.get(`/api/public/callbacks/${link}`);
    expect(page.json()).toMatchObject({ trackingCode, city: { slug: city.slug }, reply: '已清运', open: true });
    const answered = await anonymous.post(`/api/public/callbacks/${link}`, { contacted: true, solved: true, satisfied: true });
    expect(answered.json()).toEqual({ trackingCode, status: 'closed' });
    const again = await anonymous.post(`/api/public/callbacks/${link}`, { contacted: true, solved: true, satisfied: true });
    expect([again.statusCode, errorCode(again)]).toEqual([409, 'link_used']);
  });

  it('shows the districts and a district’s streets for the map, nothing deeper', async () => {
    const districts = await anonymous.get(`/api/public/${city.slug}/regions/${city.code}/children.geojson`);
    expect(
      districts
        .json<{ features: { properties: { code: string } }[] }>()
        .features.map((f) => f.properties.code)
        .sort(),
    ).toEqual([city.regions.D1!.code, city.regions.D2!.code].sort());
    const streets = await anonymous.get(`/api/public/${city.slug}/regions/${city.regions.D1!.code}/children.geojson`);
    expect(streets.json<{ features: unknown[] }>().features).toHaveLength(2);
    expect((await anonymous.get(`/api/public/${city.slug}/regions/${city.regions.S1!.code}/children.geojson`)).statusCode).toBe(404);
  });

  it('refuses unknown cities, tracking codes and links with 404, and bad reports with their codes', async () => {
    expect((await anonymous.get('/api/public/nowhere')).statusCode).toBe(404);
    expect((await anonymous.get(`/api/public/${city.slug}/cases/ZZZZZZZZZZ`)).statusCode).toBe(404);
    expect((await anonymous.get('/api/public/callbacks/not-a-real-token-at-all')).statusCode).toBe(404);
    const outside = await anonymous.post(`/api/public/${city.slug}/cases`, {
      text: '城外的问题请处理',
      location: PLACES.outside,
      phone: '13500000000',
    });
    expect(errorCode(outside)).toBe('outside_jurisdiction');
    const noPhone = await anonymous.post(`/api/public/${city.slug}/cases`, { text: '没有留电话的问题', location: PLACES.G1 });
    expect(errorCode(noPhone)).toBe('validation_failed');
  });
});

describe('notifications and live updates', () => {
  it('a dispatched case reaches the unit’s inbox; reading marks it', async () => {
    const before = (await city.k1Handler.get('/api/notifications?unread=true')).json<{ unread: number }>().unread;
    const residentBefore = (await city.resident.get('/api/notifications?unread=true')).json<{ unread: number }>().unread;
    const report = await city.operator.post('/api/cases', {
      text: '小区物业不作为，电梯坏了一周没人修',
      categoryCode: LEAVES.community,
      location: PLACES.G1,
    });
    expect(report.statusCode).toBe(201);
    const list = (await city.k1Handler.get('/api/notifications?unread=true')).json<{
      unread: number;
      items: { id: string; kind: string }[];
    }>();
    expect(list.unread).toBe(before + 1);
    // The resident registered with the same committee does not get its work.
    expect((await city.resident.get('/api/notifications?unread=true')).json<{ unread: number }>().unread).toBe(residentBefore);
    expect(list.items[0]!.kind).toBe('case.dispatched');
    const marked = await city.k1Handler.post('/api/notifications/read', { ids: [list.items[0]!.id] });
    expect(marked.json()).toEqual({ marked: 1 });
    const stranger = await city.s2Handler.post('/api/notifications/read', { ids: [list.items[1]?.id ?? list.items[0]!.id] });
    expect(stranger.json()).toEqual({ marked: 0 });
  });

  it('open pages receive server-sent events for the cases they can see, and only those', async () => {
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const abort = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${port}/api/events`, {
      headers: { cookie: city.s1Handler.cookieHeader() },
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 5_000;
      while (!text.includes(needle) && Date.now() < deadline) {
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 200))]);
        if (chunk && !chunk.done) text += new TextDecoder().decode(chunk.value);
      }
    };
    await readUntil(': connected');
    const elsewhere = await createCaseAs(city.operator, hotlineCase({ text: '实时推送：别的街道的问题', location: PLACES.G3 }));
    const mine = await createCaseAs(city.operator, hotlineCase({ text: '实时推送：本街道的问题' }));
    await readUntil(mine.case.id);
    abort.abort();
    expect(text).toContain(`"caseId":"${mine.case.id}"`);
    expect(text).not.toContain(elsewhere.case.id);
  });
});
