import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, CaseView } from '@gongzhi/contracts';
import { errorCode, testApp, type Client } from '../../../test/harness.ts';
import { LEAVES, PLACES, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';

const FUZHOU_URL = new URL('../../../../../shared/data/complaints/fuzhou12345_cases_1203.csv', import.meta.url);
const HEADER = 'text,category_code,urgency,lng,lat,address,reporter_name,reporter_phone,anonymous,received_at';

let city: CaseCity;
beforeAll(async () => {
  const { app, ctx } = await testApp();
  city = await makeCaseCity(app, ctx);
});

const postCsv = (client: Client, csv: string) => client.post('/api/cases/import', csv, { 'content-type': 'text/csv' });
const failures = (response: { json(): unknown }) =>
  (response.json() as { error: { details: { row: number; reason: string }[] } }).error.details;

/** A good data row in our columns; `marker` makes its text findable. */
const goodRow = (marker: string, overrides: Partial<Record<'category_code' | 'urgency' | 'lng' | 'lat', string>> = {}) => {
  const cells = {
    text: `${marker} 小区门口垃圾三天没人清运`,
    category_code: LEAVES.street,
    urgency: 'normal',
    lng: String(PLACES.G1.lng),
    lat: String(PLACES.G1.lat),
    ...overrides,
  };
  return `${cells.text},${cells.category_code},${cells.urgency},${cells.lng},${cells.lat},文昌大道 18 号,王秀英,13912345678,0,`;
};

const search = async (client: Client, q: string) =>
  (await client.get(`/api/cases?q=${encodeURIComponent(q)}&limit=200`)).json<CaseList>().items;

describe('POST /api/cases/import', () => {
  it('imports the real Fuzhou 12345 export as it is: 1,203 cases with addresses and no points go to the dispatch queue', async () => {
    const csv = fs.readFileSync(FUZHOU_URL, 'utf8');
    const response = await postCsv(city.operator, csv);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ created: 1203, queued: 1203, routed: 0 });
    // The first record: 标题 prefixed to 投诉件内容, 区域 as the address, 时间(日期) as the day of receipt in the city's zone.
    const [found] = await search(city.dispatcher, '关于梅峰河（左海西门到博物院段）内河治理情况投诉：本人每天路过');
    const theCase = (await city.dispatcher.get(`/api/cases/${found!.id}`)).json<CaseView>();
    expect(theCase).toMatchObject({ status: 'received', channel: 'import', needsDispatcher: true, address: '鼓楼区', location: null });
    expect(theCase.receivedAt).toBe('2020-09-02T16:00:00.000Z');
    expect(theCase.dueState).toBe('overdue');
    expect(theCase.reporter.anonymous).toBe(true);
    expect(theCase.timeline.map((e) => e.type)).toEqual(['case.received']);
    const audit = (await city.admin.get('/api/audit?entityType=case&limit=5')).json<{ items: { action: string; detail: unknown }[] }>();
    expect(audit.items[0]).toMatchObject({ action: 'case.import', detail: { created: 1203, queued: 1203, routed: 0 } });
  }, 60_000);

  it('locates and routes each row, computes deadlines from received_at, reads BOM, quotes and multi-line fields', async () => {
    const csv = [
      `\uFEFF${HEADER}`,
      goodRow('导入甲'),
      `"导入乙 路灯不亮,
已经一周了",,urgent,,,"川汇区七一路, 八一路口",,,1,2026-03-02`,
      `导入丙 井盖被偷走了很危险,,,${PLACES.G2.lng},${PLACES.G2.lat},,李四,13700001111,是,2026-03-02T09:30:00+08:00`,
    ].join('\r\n');
    const response = await postCsv(city.operator, csv);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ created: 3, queued: 1, routed: 2 });
    const [routed] = await search(city.s1Handler, '导入甲');
    expect(routed).toMatchObject({ status: 'dispatched', channel: 'import', leadUnit: { id: city.units.s1Office } });
    const [queued] = await search(city.dispatcher, '导入乙');
    const queuedView = (await city.dispatcher.get(`/api/cases/${queued!.id}`)).json<CaseView>();
    expect(queuedView).toMatchObject({ text: '导入乙 路灯不亮,\n已经一周了', address: '川汇区七一路, 八一路口', deadlineTier: 'utility' });
    expect(queuedView.receivedAt).toBe('2026-03-01T16:00:00.000Z');
    // An urgent case: 24 hours from its receipt, not from the import.
    expect(Date.parse(queuedView.dueAt!) - Date.parse(queuedView.receivedAt)).toBe(24 * 3600_000);
    const [anonymous] = await search(city.operator, '导入丙');
    const anonymousView = (await city.operator.get(`/api/cases/${anonymous!.id}/reporter`)).json();
    expect(anonymousView).toEqual({ name: null, phone: '13700001111', anonymous: true });
    expect((await city.operator.get(`/api/cases/${anonymous!.id}`)).json<CaseView>().receivedAt).toBe('2026-03-02T01:30:00.000Z');
  });

  it('takes the extra fields of a category as a JSON object in the column fields', async () => {
    const fields = JSON.stringify({ noise_period: 'night', noise_source: ['square_dance'] }).replaceAll('"', '""');
    const csv = [
      'text,category_code,lng,lat,fields',
      `字段甲 广场舞噪音扰民到深夜,${LEAVES.noise},${PLACES.G1.lng},${PLACES.G1.lat},"${fields}"`,
    ];
    const response = await postCsv(city.operator, csv.join('\n'));
    expect(response.json()).toEqual({ created: 1, queued: 0, routed: 1 });
    const bad = await postCsv(city.operator, `${csv[0]}\n字段乙 广场舞噪音扰民,${LEAVES.noise},${PLACES.G1.lng},${PLACES.G1.lat},{oops`);
    expect(failures(bad)).toEqual([{ row: 2, reason: 'fields: not a JSON object of the extra field values' }]);
  });

  it('one bad row in the middle refuses the whole file and names its row (the header is row 1)', async () => {
    const csv = [HEADER, goodRow('整批甲'), goodRow('整批乙'), goodRow('整批丙', { urgency: 'whenever' }), goodRow('整批丁')].join('\n');
    const response = await postCsv(city.operator, csv);
    expect([response.statusCode, errorCode(response)]).toEqual([400, 'import_failed']);
    expect(failures(response)).toEqual([{ row: 4, reason: expect.stringMatching(/^urgency: /) }]);
    expect(await search(city.operator, '整批')).toEqual([]);
  });

  it('lists every refused row: outside the city, unknown category, bad fields, too short, a wrong field count', async () => {
    const csv = [
      HEADER,
      goodRow('多错甲', { lng: String(PLACES.outside.lng), lat: String(PLACES.outside.lat) }),
      goodRow('多错乙', { category_code: '999999' }),
      goodRow('多错丙', { category_code: LEAVES.noise }),
      goodRow('多错丁'),
      '短,,,,,文昌大道,,,,',
      `多错戊 只有三列,${LEAVES.street},normal`,
      goodRow('多错己', { lng: '100.05', lat: '' }),
      `多错庚 时间不对,,,,,文昌大道,,,,2026-02-30`,
      `多错辛 时间在未来,,,,,文昌大道,,,,2999-01-01`,
    ].join('\n');
    const response = await postCsv(city.operator, csv);
    expect([response.statusCode, errorCode(response)]).toEqual([400, 'import_failed']);
    expect(response.json().error.message).toMatch(/^8 row\(s\) refused/);
    const reasons = Object.fromEntries(failures(response).map((f) => [f.row, f.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([2, 3, 4, 6, 7, 8, 9, 10]);
    expect(reasons[2]).toMatch(/^outside_jurisdiction: /);
    expect(reasons[3]).toMatch(/^unknown_category: 999999/);
    expect(reasons[4]).toMatch(/^invalid_fields: /);
    expect(reasons[6]).toMatch(/^text: /);
    expect(reasons[7]).toBe('expected 10 fields, found 3');
    expect(reasons[8]).toMatch(/give both or neither/);
    expect(reasons[9]).toMatch(/^received_at: 2026-02-30 is not/);
    expect(reasons[10]).toMatch(/in the future/);
    expect(await search(city.operator, '多错')).toEqual([]);
  });

  it('lists at most 1,000 refused rows and counts them all', async () => {
    const csv = [HEADER, ...Array.from({ length: 1_500 }, () => '短,,,,,文昌大道,,,,')].join('\n');
    const response = await postCsv(city.operator, csv);
    expect(response.json().error.message).toBe('1500 row(s) refused (the first 1000 listed); nothing was imported');
    expect(failures(response)).toHaveLength(1_000);
    expect(failures(response).at(-1)!.row).toBe(1_001);
  });

  it('refuses what is not CSV, a header without text, an empty file', async () => {
    const garbled = await postCsv(city.operator, `${HEADER}\n"unterminated quote,${LEAVES.street}\n`);
    expect([garbled.statusCode, errorCode(garbled)]).toEqual([400, 'invalid_csv']);
    const noText = await postCsv(city.operator, 'address,urgency\n文昌大道 18 号,normal\n');
    expect([noText.statusCode, errorCode(noText)]).toEqual([400, 'invalid_csv']);
    expect(noText.json().error.message).toMatch(/no column text/);
    const headerOnly = await postCsv(city.operator, `${HEADER}\n`);
    expect([headerOnly.statusCode, errorCode(headerOnly)]).toEqual([400, 'import_failed']);
    const json = await city.operator.post('/api/cases/import', { text: 'x' });
    expect([json.statusCode, errorCode(json)]).toEqual([400, 'validation_failed']);
  });

  it('is for staff who take in cases: a handler and a resident get 403, no session 401', async () => {
    const csv = [HEADER, goodRow('权限')].join('\n');
    for (const client of [city.s1Handler, city.resident]) {
      const response = await postCsv(client, csv);
      expect([response.statusCode, errorCode(response)]).toEqual([403, 'forbidden']);
    }
    const { app } = await testApp();
    const anonymous = await app.inject({ method: 'POST', url: '/api/cases/import', payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(anonymous.statusCode).toBe(401);
    expect((await postCsv(city.gridWorker, csv)).statusCode).toBe(201);
  });
});
