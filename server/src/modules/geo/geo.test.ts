import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { type Client, errorCode, loginAs, makeAccount, makeCity, testApp, type TestCity } from '../../../test/harness.ts';

let app: FastifyInstance;
let ctx: Context;
let city: TestCity;
let admin: Client;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCity(ctx);
  await makeAccount(ctx, city, 'geo-admin', [['admin', 'cityGov']]);
  admin = await loginAs(app, 'geo-admin', city.slug);
});

describe('GET /api/geo/locate', () => {
  it('answers the grid, community, street, district and city of a point', async () => {
    const r = await admin.get('/api/geo/locate?lng=100.05&lat=30.05');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      grid: { code: city.regions.G1!.code, name: 'G1区域', level: 'grid' },
      community: { code: city.regions.K1!.code, name: 'K1区域', level: 'community' },
      street: { code: city.regions.S1!.code, name: 'S1区域', level: 'street' },
      district: { code: city.regions.D1!.code, name: 'D1区域', level: 'district' },
      city: { code: city.code, name: '测试市', level: 'city' },
    });
  });

  it('answers the deepest region when a point lies outside every grid but inside the city', async () => {
    const r = await admin.get('/api/geo/locate?lng=101.7&lat=30.2');
    expect(r.json()).toMatchObject({
      grid: null,
      community: null,
      street: null,
      district: { code: city.regions.D2!.code },
      city: { code: city.code },
    });
  });

  it('refuses a point outside the city with outside_jurisdiction, and bad coordinates with validation_failed', async () => {
    const outside = await admin.get('/api/geo/locate?lng=116.4&lat=39.9');
    expect([outside.statusCode, errorCode(outside)]).toEqual([404, 'outside_jurisdiction']);
    expect(errorCode(await admin.get('/api/geo/locate?lng=200&lat=30'))).toBe('validation_failed');
    expect(errorCode(await admin.get('/api/geo/locate?lng=abc&lat=30'))).toBe('validation_failed');
    expect(errorCode(await admin.get('/api/geo/locate?lat=30'))).toBe('validation_failed');
  });

  it('follows a boundary change at once', async () => {
    expect((await admin.get('/api/geo/locate?lng=100.15&lat=30.05')).json().grid).toBeNull();
    const moved = await admin.patch(`/api/regions/${city.regions.G1!.code}`, {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [100, 30],
            [100.2, 30],
            [100.2, 30.1],
            [100, 30.1],
            [100, 30],
          ],
        ],
      },
    });
    expect(moved.statusCode).toBe(200);
    expect((await admin.get('/api/geo/locate?lng=100.15&lat=30.05')).json().grid.code).toBe(city.regions.G1!.code);
    const invalid = await admin.patch(`/api/regions/${city.regions.G1!.code}`, { geometry: { type: 'Polygon', coordinates: 'nope' } });
    expect([invalid.statusCode, errorCode(invalid)]).toEqual([400, 'invalid_geometry']);
  });

  it('needs a signed-in actor', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/geo/locate?lng=100.05&lat=30.05' })).statusCode).toBe(401);
  });
});
