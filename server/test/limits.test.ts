// The abuse limits as truth tables, through the real HTTP API: a server built with small limits and a fake clock
// over the test database. Each limit passes up to its bound and refuses the next with 429 `rate_limited`, the
// limit's name and Retry-After; other keys keep their own buckets; the window refills them.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/http/app.ts';
import { newId } from '../src/lib/ids.ts';
import { accountsRepo } from '../src/modules/accounts/index.ts';
import { API_KEY_PREFIX, makeCredential } from '../src/modules/accounts/tokens.ts';
import { LEAVES, PLACES, makeCaseCity, type CaseCity } from './cases-harness.ts';
import { testApp, testConfig } from './harness.ts';

const LIMITS = {
  loginPerAddress: 4,
  loginPerUsername: 2,
  intakePerAccount: 2,
  intakePerApiKey: 3,
  intakePerAddress: 5,
  publicPerAddress: 2,
  flaggedNumberPerDay: 1,
};

let city: CaseCity;
let app: FastifyInstance;
let nowMs = Date.now();
/** A new minute and more: every bucket full again. */
const nextWindow = () => (nowMs += 120_000);

beforeAll(async () => {
  const shared = await testApp();
  city = await makeCaseCity(shared.app, shared.ctx);
  const config = {
    ...testConfig,
    loginRateLimitPerMinute: LIMITS.loginPerAddress,
    limits: {
      loginPerUsernamePerMinute: LIMITS.loginPerUsername,
      intakePerAccountPerMinute: LIMITS.intakePerAccount,
      intakePerApiKeyPerMinute: LIMITS.intakePerApiKey,
      intakePerAddressPerMinute: LIMITS.intakePerAddress,
      publicIntakePerAddressPerMinute: LIMITS.publicPerAddress,
      flaggedNumberPerDay: LIMITS.flaggedNumberPerDay,
    },
  };
  app = await buildApp(createContext(shared.ctx.database, config, { now: () => new Date(nowMs) }), { logger: false });
  await app.ready();
  // Two cases from one number within 24 hours flag it.
  const saved = await city.admin.request('PUT', '/api/caller-settings', {
    marksToFlag: 3,
    marksWindowDays: 30,
    casesToFlag: 2,
    casesWindowHours: 24,
  });
  expect(saved.statusCode).toBe(200);
});

const limited = (response: LightMyRequestResponse) => {
  const error = (response.json() as { error?: { code: string; details?: { limit: string; retryAfterSeconds: number } } }).error;
  return { status: response.statusCode, code: error?.code, limit: error?.details?.limit, retryAfter: response.headers['retry-after'] };
};

const caseBody = (text = '小区门口垃圾三天没人清运') => ({ text, categoryCode: LEAVES.street, location: PLACES.G1 });

async function apiKeyOf(username: string): Promise<string> {
  const { ctx } = await testApp();
  const [account] = (await accountsRepo.findAccountsByUsername(ctx.database.db, username)).filter((a) => a.cityId === city.id);
  const credential = makeCredential(city.id, API_KEY_PREFIX);
  await accountsRepo.insertApiKey(ctx.database.db, {
    cityId: city.id,
    id: newId(),
    accountId: account!.id,
    name: 'limits',
    keyHash: credential.hash,
  });
  return credential.token;
}

describe('login limits', () => {
  const login = (username: string, remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'wrong-password', city: city.slug },
      remoteAddress,
    });

  it('per username: its bound from any address, the same whether the account exists or not', async () => {
    nextWindow();
    for (const username of [`operator${city.code}`, `nobody${city.code}`]) {
      const statuses = [];
      for (let i = 0; i <= LIMITS.loginPerUsername; i++) statuses.push((await login(username, `10.0.${i}.1`)).statusCode);
      expect(statuses).toEqual([401, 401, 429]);
      expect(limited(await login(username, '10.0.9.1'))).toEqual({
        status: 429,
        code: 'rate_limited',
        limit: 'per_username',
        retryAfter: '30',
      });
    }
  });

  it('per address: its bound over any usernames; another address has its own; the window refills both', async () => {
    nextWindow();
    const statuses = [];
    for (let i = 0; i <= LIMITS.loginPerAddress; i++) statuses.push((await login(`guess${i}`, '10.0.100.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(limited(await login('guess-other', '10.0.100.1'))).toMatchObject({ limit: 'per_address', retryAfter: '15' });
    expect((await login('guess-other', '10.0.100.2')).statusCode).toBe(401);
    nowMs += 15_000;
    expect((await login('guess-other', '10.0.100.1')).statusCode).toBe(401);
    expect((await login('guess-more', '10.0.100.1')).statusCode).toBe(429);
  });
});

describe('intake limits', () => {
  it('per account (POST /api/cases and the import share it); another account has its own; the window refills it', async () => {
    nextWindow();
    const operator = city.operator.on(app, '10.1.0.1');
    const statuses = [];
    for (let i = 0; i <= LIMITS.intakePerAccount; i++) statuses.push((await operator.post('/api/cases', caseBody())).statusCode);
    expect(statuses).toEqual([201, 201, 429]);
    expect(limited(await operator.post('/api/cases', caseBody()))).toEqual({
      status: 429,
      code: 'rate_limited',
      limit: 'per_account',
      retryAfter: '30',
    });
    const csv = `text,category_code,lng,lat\n小区门口垃圾三天没人清运,${LEAVES.street},${PLACES.G1.lng},${PLACES.G1.lat}\n`;
    expect(limited(await operator.request('POST', '/api/cases/import', csv, { 'content-type': 'text/csv' })).limit).toBe('per_account');
    expect((await city.dispatcher.on(app, '10.1.0.1').post('/api/cases', caseBody())).statusCode).toBe(201);
    nowMs += 30_000;
    expect((await operator.request('POST', '/api/cases/import', csv, { 'content-type': 'text/csv' })).statusCode).toBe(201);
    expect((await operator.post('/api/cases', caseBody())).statusCode).toBe(429);
  });

  it('per address: its bound over several accounts; another address has its own', async () => {
    nextWindow();
    const from = (address: string) => [city.operator, city.dispatcher, city.gridWorker].map((c) => c.on(app, address));
    const [a, b, c] = from('10.1.1.1');
    const statuses = [];
    for (const client of [a!, a!, b!, b!, c!, c!]) statuses.push((await client.post('/api/cases', caseBody())).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect(limited(await c!.post('/api/cases', caseBody())).limit).toBe('per_address');
    // The refused request used up nothing of the account's own bucket.
    expect((await city.gridWorker.on(app, '10.1.1.2').post('/api/cases', caseBody())).statusCode).toBe(201);
  });

  it("per API key: its own limit, apart from the account's session; Open311 POST counts against the same key", async () => {
    nextWindow();
    const key = await apiKeyOf(`operator${city.code}`);
    const post = (body: object) =>
      app.inject({ method: 'POST', url: '/api/cases', headers: { 'x-api-key': key }, payload: body, remoteAddress: '10.2.0.1' });
    const statuses = [];
    for (let i = 0; i <= LIMITS.intakePerApiKey; i++) statuses.push((await post(caseBody())).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(limited(await post(caseBody()))).toMatchObject({ limit: 'per_api_key', retryAfter: '20' });
    const open311 = await open311Post(key, '10.2.0.1');
    expect(open311.statusCode).toBe(429);
    expect(open311.headers['retry-after']).toBe('20');
    expect(open311.json()).toEqual([{ code: 429, description: expect.stringContaining('per_api_key') }]);
    // The operator's session is another bucket.
    expect((await city.operator.on(app, '10.2.0.1').post('/api/cases', caseBody())).statusCode).toBe(201);
  });

  it('Open311 POST per address: keys shared by an app are limited per address too', async () => {
    nextWindow();
    const [k1, k2] = [await apiKeyOf(`dispatcher${city.code}`), await apiKeyOf(`gridworker${city.code}`)];
    const statuses = [];
    for (const key of [k1, k1, k1, k2, k2, k2]) statuses.push((await open311Post(key, '10.2.1.1')).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect((await open311Post(k2, '10.2.1.1')).json()).toEqual([{ code: 429, description: expect.stringContaining('per_address') }]);
    expect((await open311Post(k2, '10.2.1.2')).statusCode).toBe(201);
  });
});

function open311Post(apiKey: string, remoteAddress: string) {
  const body = new URLSearchParams({
    api_key: apiKey,
    jurisdiction_id: city.slug,
    service_code: LEAVES.street,
    lat: String(PLACES.G1.lat),
    long: String(PLACES.G1.lng),
    description: '小区门口垃圾三天没人清运',
  });
  return app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
    remoteAddress,
  });
}

describe('public resident intake', () => {
  const report = (phone: string, remoteAddress: string) =>
    app.inject({
      method: 'POST',
      url: `/api/public/${city.slug}/cases`,
      payload: { ...caseBody('楼下的路灯坏了一个星期'), phone },
      remoteAddress,
    });

  it('per address: a stricter bound than staff intake; another address has its own', async () => {
    nextWindow();
    const statuses = [];
    for (let i = 0; i <= LIMITS.publicPerAddress; i++) statuses.push((await report(`1390000000${i}`, '10.3.0.1')).statusCode);
    expect(statuses).toEqual([201, 201, 429]);
    expect(limited(await report('13900000009', '10.3.0.1'))).toMatchObject({ limit: 'per_address', retryAfter: '30' });
    expect((await report('13900000009', '10.3.0.2')).statusCode).toBe(201);
  });

  it('a flagged number: its own limit per day, from any address; staff still take its cases in; other numbers pass', async () => {
    nextWindow();
    const flagged = `1381${String(Date.now()).slice(-7)}`;
    const first = await city.operator.post('/api/cases', { ...caseBody(), reporter: { phone: flagged, anonymous: false } });
    const second = await city.operator.post('/api/cases', { ...caseBody(), reporter: { phone: flagged, anonymous: false } });
    expect([first.json().case.callerFlag, second.json().case.callerFlag?.reason]).toEqual([null, 'repeated_cases']);
    expect((await report(flagged, '10.3.1.1')).statusCode).toBe(201);
    expect(limited(await report(flagged, '10.3.1.2'))).toEqual({
      status: 429,
      code: 'rate_limited',
      limit: 'per_number',
      retryAfter: '86400',
    });
    expect((await report('13911112222', '10.3.1.2')).statusCode).toBe(201);
    const staff = await city.operator
      .on(app, '10.3.1.3')
      .post('/api/cases', { ...caseBody(), reporter: { phone: flagged, anonymous: false } });
    expect([staff.statusCode, staff.json().case.callerFlag.reason]).toEqual([201, 'repeated_cases']);
    nowMs += 24 * 3600_000;
    expect((await report(flagged, '10.3.1.4')).statusCode).toBe(201);
  });
});
