// The HTTP contract: health, OpenAPI, docs, and bad input answered with 4xx and a stable code, never 500.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { type Client, engine, errorCode, loginAs, makeAccount, makeCity, testApp, type TestCity } from './harness.ts';

let app: FastifyInstance;
let city: TestCity;
let admin: Client;

beforeAll(async () => {
  const t = await testApp();
  app = t.app;
  city = await makeCity(t.ctx);
  await makeAccount(t.ctx, city, 'http-admin', [['admin', 'cityGov']]);
  admin = await loginAs(app, 'http-admin', city.slug);
});

describe('service endpoints', () => {
  it('GET /healthz checks the database and names its engine', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    expect(r.json()).toEqual({ status: 'ok', database: engine() });
  });

  it('serves an OpenAPI 3.1 document of the whole API and a readable page of it', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    for (const path of [
      '/api/auth/login',
      '/api/me',
      '/api/geo/locate',
      '/api/regions/{code}',
      '/api/units',
      '/api/accounts',
      '/api/import/regions',
      '/api/import/units',
      '/api/audit',
    ]) {
      expect(spec.paths).toHaveProperty([path]);
    }
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('/api/geo/locate');
  });

  it('sends security headers', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('bad input gets a 4xx with a stable code', () => {
  const cases: [name: string, send: () => Promise<{ statusCode: number; json(): unknown }>, status: number, code: string][] = [
    [
      'malformed JSON',
      () => admin.request('POST', '/api/units', '{"name": "x",', { 'content-type': 'application/json' }),
      400,
      'malformed_json',
    ],
    ['empty JSON body', () => admin.request('POST', '/api/units', '', { 'content-type': 'application/json' }), 400, 'malformed_json'],
    ['wrong type', () => admin.post('/api/units', { name: 42, kind: 'department', regionCode: city.code }), 400, 'validation_failed'],
    [
      'unknown field',
      () => admin.post('/api/units', { name: 'x', kind: 'department', regionCode: city.code, evil: true }),
      400,
      'validation_failed',
    ],
    ['missing field', () => admin.post('/api/accounts', { username: 'no-password' }), 400, 'validation_failed'],
    [
      'oversize body',
      () => admin.post('/api/units', { name: 'x'.repeat(2_000_000), kind: 'department', regionCode: city.code }),
      413,
      'body_too_large',
    ],
    [
      'unsupported content type',
      () => admin.request('POST', '/api/units', '<xml/>', { 'content-type': 'application/xml' }),
      415,
      'unsupported_media_type',
    ],
    [
      'invalid GeoJSON import',
      () => admin.post('/api/import/regions', { type: 'FeatureCollection', features: 'nope' }),
      400,
      'validation_failed',
    ],
    [
      'invalid geometry',
      () =>
        admin.patch(`/api/regions/${city.regions.G1!.code}`, {
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 1],
                [0, 0],
              ],
            ],
          },
        }),
      400,
      'invalid_geometry',
    ],
    ['bad uuid', () => admin.get('/api/units/not-a-uuid'), 400, 'validation_failed'],
    ['bad page size', () => admin.get('/api/units?limit=100000'), 400, 'validation_failed'],
    ['unknown API route', () => admin.get('/api/nothing-here'), 404, 'not_found'],
    [
      'login with a non-string password',
      () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: ['a'] } }),
      400,
      'validation_failed',
    ],
  ];
  it.each(cases)('%s', async (_name, send, status, code) => {
    const r = await send();
    expect(r.statusCode).toBe(status);
    expect((r.json() as { error: { code: string; message: string } }).error.code).toBe(code);
    expect(JSON.stringify(r.json())).not.toMatch(/at .*\.ts:\d+|stack/);
  });

  it('nothing is half-written by a refused request', async () => {
    const before = (await admin.get('/api/units?limit=500')).json().total;
    await admin.post('/api/units', { name: 'x', kind: 'department', regionCode: '999999999' });
    expect(errorCode(await admin.post('/api/units', { name: 'y', kind: 'department', regionCode: '999999999' }))).toBe('invalid_unit');
    expect((await admin.get('/api/units?limit=500')).json().total).toBe(before);
  });
});
