import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { type Client, errorCode, loginAs, makeAccount, makeCity, square, testApp, type TestCity } from '../../../test/harness.ts';

let app: FastifyInstance;
let ctx: Context;
let city: TestCity;
let admin: Client;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCity(ctx);
  await makeAccount(ctx, city, 'org-admin', [['admin', 'cityGov']]);
  admin = await loginAs(app, 'org-admin', city.slug);
});

describe('regions', () => {
  it('reads a region with its breadcrumb, its children and their boundaries', async () => {
    const s1 = (await admin.get(`/api/regions/${city.regions.S1!.code}`)).json();
    expect(s1).toMatchObject({ code: city.regions.S1!.code, level: 'street', parentCode: city.regions.D1!.code, childCount: 1 });
    expect(s1.ancestors.map((a: { code: string }) => a.code)).toEqual([city.code, city.regions.D1!.code]);
    expect(s1.centroid).toEqual([100.25, 30.25]);
    const children = (await admin.get(`/api/regions/${city.code}/children`)).json();
    expect(children.items.map((c: { code: string }) => c.code)).toEqual([city.regions.D1!.code, city.regions.D2!.code]);
    const geo = await admin.get(`/api/regions/${city.code}/children.geojson`);
    expect(geo.headers['content-type']).toContain('application/geo+json');
    expect(geo.json().features).toHaveLength(2);
    expect(geo.json().features[0].properties.code).toBe(city.regions.D1!.code);
    expect((await admin.get(`/api/regions/${city.regions.G1!.code}/geojson`)).json().geometry.type).toBe('Polygon');
    expect((await admin.get('/api/regions/123456789')).statusCode).toBe(404);
    expect(errorCode(await admin.get('/api/regions/not-a-code'))).toBe('validation_failed');
  });

  it('adds a region only at the next level, with a valid boundary', async () => {
    const base = { parentCode: city.regions.K1!.code, name: '新网格', level: 'grid', geometry: square(100.1, 30.1, 0.05) };
    const created = await admin.post('/api/regions', { ...base, code: `${city.regions.K1!.code}002` });
    expect(created.statusCode).toBe(201);
    expect(created.json().ancestors).toHaveLength(4);
    const wrongLevel = await admin.post('/api/regions', { ...base, code: `${city.regions.K1!.code}003`, level: 'street' });
    expect([wrongLevel.statusCode, errorCode(wrongLevel)]).toEqual([400, 'invalid_region']);
    const badGeometry = await admin.post('/api/regions', {
      ...base,
      code: `${city.regions.K1!.code}004`,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      },
    });
    expect([badGeometry.statusCode, errorCode(badGeometry)]).toEqual([400, 'invalid_region']);
    const dup = await admin.post('/api/regions', { ...base, code: `${city.regions.K1!.code}002` });
    expect(dup.statusCode).toBe(400);
    const unknownField = await admin.post('/api/regions', { ...base, code: `${city.regions.K1!.code}005`, colour: 'red' });
    expect([unknownField.statusCode, errorCode(unknownField)]).toEqual([400, 'validation_failed']);
  });

  it('imports regions from GeoJSON all or nothing, naming each bad row', async () => {
    const feature = (code: string, parentCode: string, level: string, geometry: unknown = square(101.5, 30.5, 0.1)) => ({
      type: 'Feature',
      properties: { code, name: `导入${code}`, level, parentCode },
      geometry,
    });
    const s3 = city.regions.S3!.code;
    const bad = await admin.post('/api/import/regions', {
      type: 'FeatureCollection',
      features: [
        feature(`${s3}101`, s3, 'community'),
        feature(`${s3}101001`, `${s3}101`, 'grid'),
        feature(`${s3}102`, '999999999', 'community'),
        feature(`${s3}103`, s3, 'community', { type: 'Point', coordinates: [1, 2] }),
        { type: 'Feature', properties: { name: '无编码' }, geometry: null },
      ],
    });
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'import_failed']);
    expect(bad.json().error.details.map((d: { row: number }) => d.row)).toEqual([3, 4, 5]);
    expect((await admin.get(`/api/regions/${s3}101`)).statusCode).toBe(404);
    const good = await admin.post('/api/import/regions', {
      type: 'FeatureCollection',
      features: [feature(`${s3}101001`, `${s3}101`, 'grid'), feature(`${s3}101`, s3, 'community', square(101.5, 30.5, 0.2))],
    });
    expect(good.json()).toEqual({ created: 2 });
    expect((await admin.get(`/api/regions/${s3}101001`)).json().ancestors.at(-1).code).toBe(`${s3}101`);
    const notGeoJson = await admin.post('/api/import/regions', { type: 'Feature', features: [] });
    expect(notGeoJson.statusCode).toBe(400);
  });
});

describe('units', () => {
  it('creates, lists with filters and renames units', async () => {
    const created = await admin.post('/api/units', {
      name: '测试市水务局',
      kind: 'department',
      regionCode: city.code,
      departmentType: '水利',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'department', departmentType: '水利', region: { code: city.code, level: 'city' } });
    const dup = await admin.post('/api/units', { name: '测试市水务局', kind: 'department', regionCode: city.code });
    expect([dup.statusCode, errorCode(dup)]).toEqual([409, 'unit_exists']);
    const byKind = (await admin.get('/api/units?kind=street_office')).json();
    expect(byKind.total).toBe(3);
    const byRegion = (await admin.get(`/api/units?region=${city.regions.S1!.code}`)).json();
    expect(byRegion.items.map((u: { name: string }) => u.name).sort()).toEqual(['k1Committee单位', 's1Office单位']);
    const byText = (await admin.get(`/api/units?q=${encodeURIComponent('水务')}`)).json();
    expect(byText.items).toHaveLength(1);
    const renamed = await admin.patch(`/api/units/${created.json().id}`, { name: '测试市水利局' });
    expect(renamed.json().name).toBe('测试市水利局');
    const badKind = await admin.post('/api/units', { name: 'x', kind: 'spaceship', regionCode: city.code });
    expect([badKind.statusCode, errorCode(badKind)]).toEqual([400, 'validation_failed']);
  });

  it('imports units from CSV all or nothing, naming each bad line', async () => {
    const csv = [
      'name,kind,region_code,department_type',
      `测试物业公司,property_company,${city.regions.S1!.code},`,
      `未知区域单位,department,999999999,`,
      `坏类型,rocket,${city.code},`,
      `少一列,department`,
    ].join('\n');
    const bad = await admin.post('/api/import/units', csv, { 'content-type': 'text/csv' });
    expect([bad.statusCode, errorCode(bad)]).toEqual([400, 'import_failed']);
    expect(bad.json().error.details.map((d: { row: number }) => d.row)).toEqual([3, 4, 5]);
    expect((await admin.get(`/api/units?q=${encodeURIComponent('测试物业')}`)).json().total).toBe(0);
    const good = await admin.post(
      '/api/import/units',
      `\uFEFFname,kind,region_code,department_type\n测试物业公司,property_company,${city.regions.S1!.code},\n"测试供电公司, 城区",utility,${city.code},供电\n`,
      { 'content-type': 'text/csv' },
    );
    expect(good.json()).toEqual({ created: 2 });
    const noHeader = await admin.post('/api/import/units', 'a,b\n1,2\n', { 'content-type': 'text/csv' });
    expect([noHeader.statusCode, errorCode(noHeader)]).toEqual([400, 'invalid_csv']);
  });
});

describe('two cities never see each other', () => {
  it('loads a second city from the real Henan counties and keeps everything apart', async () => {
    const henan = JSON.parse(
      fs.readFileSync(new URL('../../../../../shared/data/geo/henan_410000_counties.geojson', import.meta.url), 'utf8'),
    ) as { features: { properties: { adcode: number | string; name: string; parent: { adcode: number } }; geometry: unknown }[] };
    const zhengzhou = henan.features.filter((f) => f.properties.parent.adcode === 410100);
    expect(zhengzhou.length).toBeGreaterThan(10);
    const other = await makeCity(ctx, '郑州市');
    await makeAccount(ctx, other, 'zz-admin', [['admin', 'cityGov']]);
    const zzAdmin = await loginAs(app, 'zz-admin', other.slug);
    const imported = await zzAdmin.post('/api/import/regions', {
      type: 'FeatureCollection',
      features: zhengzhou.map((f, i) => ({
        type: 'Feature',
        properties: {
          code: `${other.code}${String(i + 10).padStart(2, '0')}`,
          name: f.properties.name,
          level: 'district',
          parentCode: other.code,
        },
        geometry: f.geometry,
      })),
    });
    expect(imported.json()).toEqual({ created: zhengzhou.length });
    // The first city's admin sees none of it, and the reverse.
    expect((await admin.get(`/api/regions/${other.code}`)).statusCode).toBe(404);
    expect((await zzAdmin.get(`/api/regions/${city.code}`)).statusCode).toBe(404);
    expect((await zzAdmin.get(`/api/units/${city.units.cityGov}`)).statusCode).toBe(404);
    expect((await zzAdmin.patch(`/api/units/${city.units.cityGov}`, { name: '越权' })).statusCode).toBe(404);
    const zzUnits = (await zzAdmin.get('/api/units?limit=500')).json().items as { id: string }[];
    expect(zzUnits.some((u) => Object.values(city.units).includes(u.id))).toBe(false);
    const zzAccounts = (await zzAdmin.get('/api/accounts?limit=500')).json().items as { username: string }[];
    expect(zzAccounts.map((a) => a.username)).toEqual(['zz-admin']);
    // A point in 郑州's real 中原区 is located in the second city only.
    const point = 'lng=113.62&lat=34.75';
    expect((await zzAdmin.get(`/api/geo/locate?${point}`)).json().district.name).toBe('中原区');
    expect(errorCode(await admin.get(`/api/geo/locate?${point}`))).toBe('outside_jurisdiction');
  });
});
