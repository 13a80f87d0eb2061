import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { accountsRepo } from '../accounts/index.ts';
import { makeCredential, API_KEY_PREFIX } from '../accounts/tokens.ts';
import { makeAccount, makeCity, testApp } from '../../../test/harness.ts';
import { installDemoApiKey } from '../demo/index.ts';
import { LEAVES, PLACES, act, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { OPEN311_DIR, validator } from '../../../test/open311-harness.ts';
import { parseXml } from './open311.client.ts';

let app: FastifyInstance;
let ctx: Context;
let city: CaseCity;
let apiKey: string;

const COVER = '010102'; // 井盖缺失: cover_state (single, required: missing | broken | sunken)
const NOISE = '030202'; // 社会生活噪声: noise_period (single, required), noise_source (multiple)

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCaseCity(app, ctx);
  // A key of the city's 12345 operator account.
  const [operator] = (await accountsRepo.findAccountsByUsername(ctx.database.db, `operator${city.code}`)).filter(
    (a) => a.cityId === city.id,
  );
  const credential = makeCredential(city.id, API_KEY_PREFIX);
  await accountsRepo.insertApiKey(ctx.database.db, {
    cityId: city.id,
    id: newId(),
    accountId: operator!.id,
    name: 'open311 test',
    keyHash: credential.hash,
  });
  apiKey = credential.token;
});

const get = (url: string) => app.inject({ method: 'GET', url });

function post(format: 'json' | 'xml', fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    payload: body.toString(),
  });
}

const base = (): Record<string, string> => ({ api_key: apiKey, jurisdiction_id: city.slug });
const good = (extra: Record<string, string | string[]> = {}) => ({
  ...base(),
  service_code: LEAVES.street,
  lat: String(PLACES.G1.lat),
  long: String(PLACES.G1.lng),
  description: '小区门口垃圾三天没人清运，气味很大',
  first_name: '秀英',
  last_name: '王',
  phone: '13912345678',
  email: 'wang@example.com',
  ...extra,
});

/** The error answer as the spec shows it, in JSON and in XML. */
function expectError(response: LightMyRequestResponse, status: number, format: 'json' | 'xml' = 'json'): string {
  expect(response.statusCode, response.body).toBe(status);
  if (format === 'json') {
    const body = response.json<{ code: number; description: string }[]>();
    expect(body).toEqual([{ code: status, description: expect.any(String) }]);
    return body[0]!.description;
  }
  expect(response.headers['content-type']).toContain('text/xml');
  expect(response.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const errors = parseXml(response.body) as { code: number; description: string }[];
  expect(errors).toEqual([{ code: status, description: expect.any(String) }]);
  return errors[0]!.description;
}

describe('Open311 discovery and services', () => {
  it('advertises the v2 endpoint, its formats and extensions in both formats', async () => {
    const json = await get('/open311/v2/discovery.json');
    expect(json.statusCode).toBe(200);
    const endpoint = json.json<{ endpoints: { specification: string; formats: string[]; extensions: string[] }[] }>().endpoints[0]!;
    expect(endpoint.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(endpoint.formats).toEqual(['text/xml', 'application/json']);
    expect(endpoint.extensions.join()).toContain('servicerequestupdates');
    expect(parseXml((await get('/open311/v2/discovery.xml')).body)).toEqual(json.json());
  });

  it('lists the catalogue leaves as services with string codes, valid against the schema, the same in XML', async () => {
    const json = await get(`/open311/v2/services.json?jurisdiction_id=${city.slug}`);
    expect(json.statusCode).toBe(200);
    const list = json.json<{ service_code: string; group: string; metadata: boolean }[]>();
    expect(validator('services')(list)).toBe(true);
    expect(list.length).toBeGreaterThan(300);
    expect(list.find((s) => s.service_code === COVER)).toMatchObject({ service_name: '井盖缺失', metadata: true, type: 'realtime' });
    expect(json.body).toContain('"service_code":"010101"');
    const xml = await get(`/open311/v2/services.xml?jurisdiction_id=${city.slug}`);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(parseXml(xml.body)).toEqual(list);
  });

  it('defines a service by its extra fields, with list values; an unknown code is 404', async () => {
    const response = await get(`/open311/v2/services/${NOISE}.json?jurisdiction_id=${city.slug}`);
    const definition = response.json<{ attributes: { code: string; datatype: string; required: boolean; values: { key: string }[] }[] }>();
    expect(validator('service-definition')(definition)).toBe(true);
    expect(definition.attributes.map((a) => [a.code, a.datatype, a.required])).toEqual([
      ['noise_period', 'singlevaluelist', true],
      ['noise_source', 'multivaluelist', false],
    ]);
    expect(definition.attributes[0]!.values.map((v) => v.key)).toEqual(['day', 'night', 'all_day']);
    expect(parseXml((await get(`/open311/v2/services/${NOISE}.xml?jurisdiction_id=${city.slug}`)).body)).toEqual(definition);
    expectError(await get(`/open311/v2/services/999999.json?jurisdiction_id=${city.slug}`), 404);
    expectError(await get(`/open311/v2/services/999999.xml?jurisdiction_id=${city.slug}`), 404, 'xml');
  });

  it('may be called from a web page of any origin (CORS), preflight included', async () => {
    const services = await get(`/open311/v2/services.json?jurisdiction_id=${city.slug}`);
    expect(services.headers['access-control-allow-origin']).toBe('*');
    expect(services.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/open311/v2/requests.json',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'idempotency-key',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Idempotency-Key');
    expect((await get('/open311/v2/nothing.json')).headers['access-control-allow-origin']).toBe('*');
  });

  it('needs jurisdiction_id when the deployment holds several cities, and knows only its own', async () => {
    await makeCity(ctx);
    expect(expectError(await get('/open311/v2/services.json'), 400)).toContain('jurisdiction_id');
    expectError(await get('/open311/v2/services.xml?jurisdiction_id=atlantis'), 404, 'xml');
    expectError(await get(`/open311/v2/services.yaml?jurisdiction_id=${city.slug}`), 404);
  });
});

describe('Open311 POST requests', () => {
  it('replays the spec’s example request: its made-up key is refused with 403, as the spec’s error example shows', async () => {
    const example = fs.readFileSync(path.join(OPEN311_DIR, 'spec_examples/post_service_request_example_http_request.txt'), 'utf8');
    const body = example.split(/\r?\n\r?\n/)[1]!.trim();
    const response = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: body.replace('jurisdiction_id=city.gov', `jurisdiction_id=${city.slug}`),
    });
    expectError(response, 403, 'xml');
    // The same request with a real key, a service and a place of this city becomes a case.
    const ours = body
      .replace('api_key=xyz', `api_key=${encodeURIComponent(apiKey)}`)
      .replace('jurisdiction_id=city.gov', `jurisdiction_id=${city.slug}`)
      .replace('service_code=001', `service_code=${LEAVES.street}`)
      .replace(/lat=[^&]+/, `lat=${PLACES.G1.lat}`)
      .replace(/long=[^&]+/, `long=${PLACES.G1.lng}`)
      .replace(/phone=[^&]+/, 'phone=13912345678')
      .replace(/&attribute\[[^&]+/g, '');
    const created = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: ours,
    });
    expect(created.statusCode, created.body).toBe(201);
    const [request] = parseXml(created.body) as { service_request_id: string }[];
    expect(request!.service_request_id).toMatch(/^[0-9A-Z]{10}$/);
  });

  it('takes a request in as a case: routed, with its deadline, in the channel open311, nobody’s phone or email in any answer', async () => {
    const response = await post(
      'json',
      good({
        device_id: 'dev-1',
        account_id: 'client-42',
        media_url: 'https://example.com/p/1.jpg',
        description: '小区门口垃圾三天没人清运，气味很大，物业电话13812345678打不通',
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const [created] = response.json<{ service_request_id: string; token: string; service_notice: string }[]>();
    expect(created!.service_notice).toContain(created!.service_request_id);
    const read = await get(`/open311/v2/requests/${created!.service_request_id}.json?jurisdiction_id=${city.slug}`);
    const [request] = read.json<Record<string, unknown>[]>();
    expect(validator('requests')([request])).toBe(true);
    expect(request).toMatchObject({
      service_request_id: created!.service_request_id,
      status: 'open',
      service_code: LEAVES.street,
      description: '小区门口垃圾三天没人清运，气味很大，物业电话138****5678打不通',
      lat: PLACES.G1.lat,
      long: PLACES.G1.lng,
      media_url: 'https://example.com/p/1.jpg',
    });
    expect(request.agency_responsible).toBeTruthy();
    expect(request.expected_datetime).toMatch(/\+08:00$/);
    for (const body of [response.body, read.body]) {
      expect(body).not.toContain('13912345678');
      expect(body).not.toContain('13812345678');
      expect(body).not.toContain('wang@example.com');
      expect(body).not.toContain('王');
    }
    // Inside, it is a case like any other: the hotline's staff see the reporter; the timeline keeps the client's references.
    const staffView = await city.operator.get(`/api/cases/${created!.token}`);
    expect(staffView.json()).toMatchObject({ channel: 'open311', status: 'dispatched', reporter: { name: '王**' } });
    const tokens = await get(`/open311/v2/tokens/${created!.token}.json?jurisdiction_id=${city.slug}`);
    expect(tokens.json()).toEqual([{ service_request_id: created!.service_request_id, token: created!.token }]);
  });

  it('takes GONGZHI_DEMO_API_KEY as a key of the demo city’s 12345 operator, installed once', async () => {
    const demo = await makeCaseCity(app, ctx);
    await makeAccount(ctx, demo, 'operator', [['operator', 'hotline']]);
    const key = `demo-key-${Date.now()}`;
    await installDemoApiKey(ctx, demo.id, key);
    await installDemoApiKey(ctx, demo.id, key);
    const response = await post('json', { ...good(), api_key: key, jurisdiction_id: demo.slug });
    expect(response.statusCode, response.body).toBe(201);
    expectError(await post('json', { ...good(), api_key: key }), 403);
  });

  it('honours Idempotency-Key: a retried POST answers the same request', async () => {
    const key = `o311-${Date.now()}`;
    const first = await post('json', good(), { 'idempotency-key': key });
    const second = await post('json', good(), { 'idempotency-key': key });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
  });

  it('maps attributes, list and multi-list, to the case’s extra fields and refuses a value outside the list', async () => {
    const ok = await post(
      'json',
      good({ service_code: NOISE, 'attribute[noise_period]': 'night', 'attribute[noise_source][]': ['square_dance', 'loudspeaker'] }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const token = ok.json<{ token: string }[]>()[0]!.token;
    expect((await city.operator.get(`/api/cases/${token}`)).json()).toMatchObject({
      fields: { noise_period: 'night', noise_source: ['square_dance', 'loudspeaker'] },
    });
    expect(expectError(await post('json', good({ service_code: NOISE, 'attribute[noise_period]': 'dawn' })), 400)).toContain('attribute');
    expectError(await post('json', good({ service_code: NOISE })), 400);
    expectError(await post('json', good({ service_code: NOISE, 'attribute[noise_period]': 'day', 'attribute[colour]': 'red' })), 400);
  });

  it('answers every bad request with the spec’s error, in the asked format', async () => {
    const cases: [Record<string, string | string[]>, number][] = [
      [{ ...good(), api_key: '' }, 403],
      [{ ...good(), api_key: 'gzk_nope' }, 403],
      [{ ...good(), service_code: '' }, 400],
      [{ ...good(), service_code: '999999' }, 404],
      [{ ...good(), lat: '', long: '' }, 400],
      [{ ...good(), lat: 'north' }, 400],
      [{ ...good(), lat: '95', long: '100' }, 400],
      [{ ...good(), long: '' }, 400],
      [{ ...good(), lat: String(PLACES.outside.lat), long: String(PLACES.outside.lng) }, 400],
      [{ ...good(), description: '路'.repeat(4_001) }, 400],
      [{ ...good(), description: '<script>alert(1)</script>井盖没了' }, 400],
      [{ ...good(), phone: 'call me' }, 400],
      [{ ...good(), media_url: 'javascript:alert(1)' }, 400],
      [{ ...good(), address_id: 'nowhere' }, 400],
      [{ ...good(), jurisdiction_id: 'atlantis' }, 404],
    ];
    for (const [fields, status] of cases) {
      expectError(await post('json', fields), status);
      expectError(await post('xml', fields), status, 'xml');
    }
    // Exactly 4,000 characters is allowed; an address alone goes to the dispatcher.
    expect((await post('json', { ...good(), description: '路'.repeat(4_000) })).statusCode).toBe(201);
    const addressOnly = await post('json', { ...good(), lat: '', long: '', address_string: '文昌大道 18 号' });
    expect(addressOnly.statusCode, addressOnly.body).toBe(201);
    // A body that is not a form at all.
    // A body that is not a form: broken JSON, or JSON at all.
    for (const payload of ['{', JSON.stringify(good())]) {
      const response = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expectError(response, 400);
    }
  });

  it('takes a media file (multipart) and serves it at the request’s media_url', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const boundary = '----gongzhi311';
    const fields = good();
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    const payload = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = response.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    const [request] = (await get(`/open311/v2/requests/${id}.json?jurisdiction_id=${city.slug}`)).json<{ media_url: string }[]>();
    const mediaPath = new URL(request!.media_url).pathname;
    const media = await get(mediaPath);
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/png');
    expect(media.rawPayload.equals(png)).toBe(true);
  });
});

describe('Open311 GET requests and updates', () => {
  it('filters by ids, service, status and window; pages; refuses malformed dates and windows over 90 days', async () => {
    const ids: string[] = [];
    for (const code of [LEAVES.street, LEAVES.cityManagement, LEAVES.street]) {
      const response = await post('json', good({ service_code: code, description: `路面问题 ${code} ${ids.length}` }));
      ids.push(response.json<{ service_request_id: string }[]>()[0]!.service_request_id);
    }
    const q = `jurisdiction_id=${city.slug}`;
    const byIds = (await get(`/open311/v2/requests.json?${q}&service_request_id=${ids.join(',')}`)).json<
      { service_request_id: string }[]
    >();
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([...ids].sort());
    const byService = (await get(`/open311/v2/requests.json?${q}&service_code=${LEAVES.cityManagement}`)).json<
      { service_code: string }[]
    >();
    expect(byService.length).toBeGreaterThan(0);
    expect(byService.every((r) => r.service_code === LEAVES.cityManagement)).toBe(true);
    const all = (await get(`/open311/v2/requests.json?${q}`)).json<{ status: string }[]>();
    expect(validator('requests')(all)).toBe(true);
    const closed = (await get(`/open311/v2/requests.json?${q}&status=closed`)).json<unknown[]>();
    const open = (await get(`/open311/v2/requests.json?${q}&status=open`)).json<unknown[]>();
    expect(open.length + closed.length).toBe(all.length);
    const page1 = (await get(`/open311/v2/requests.json?${q}&page_size=2`)).json<{ service_request_id: string }[]>();
    const page2 = (await get(`/open311/v2/requests.json?${q}&page_size=2&page=2`)).json<{ service_request_id: string }[]>();
    expect(page1).toHaveLength(2);
    expect(page2.map((r) => r.service_request_id)).not.toContain(page1[0]!.service_request_id);
    const future = (await get(`/open311/v2/requests.json?${q}&start_date=2099-01-01T00:00:00Z&end_date=2099-01-02T00:00:00Z`)).json<
      unknown[]
    >();
    expect(future).toEqual([]);
    expectError(await get(`/open311/v2/requests.json?${q}&start_date=yesterday`), 400);
    expectError(await get(`/open311/v2/requests.xml?${q}&end_date=2026-13-01T00:00:00Z`), 400, 'xml');
    expectError(await get(`/open311/v2/requests.json?${q}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`), 400);
    expectError(await get(`/open311/v2/requests.json?${q}&status=pending`), 400);
    expectError(await get(`/open311/v2/requests.json?${q}&page_size=5000`), 400);
    expectError(await get(`/open311/v2/requests/NOSUCHCASE.json?${q}`), 404);
    expectError(await get(`/open311/v2/tokens/${newId()}.json?${q}`), 404);
  });

  it('follows a request through its steps: status, notes and the FixMyStreet updates feed', async () => {
    const response = await post('json', good({ description: '单元门口的垃圾桶满了没人收' }));
    const [{ service_request_id: id, token }] = response.json<{ service_request_id: string; token: string }[]>() as [
      { service_request_id: string; token: string },
    ];
    // Each step shows at once, though the record was built and kept at the read before it.
    const read = async () =>
      (await get(`/open311/v2/requests/${id}.json?jurisdiction_id=${city.slug}`)).json<{ status: string; status_notes: string }[]>()[0]!;
    expect((await read()).status_notes).toMatch(/^已派至/);
    await act(city.s1Handler, token, { type: 'accept' });
    expect((await read()).status_notes).toMatch(/已签收$/);
    await act(city.s1Handler, token, { type: 'start' });
    expect((await read()).status_notes).toMatch(/办理中$/);
    await act(city.s1Handler, token, { type: 'reply', text: '已清运' });
    const json = (await get(`/open311/v2/requests/${id}.json?jurisdiction_id=${city.slug}`)).json<{ status: string }[]>();
    expect(json[0]!.status).toBe('closed');
    expect(parseXml((await get(`/open311/v2/requests/${id}.xml?jurisdiction_id=${city.slug}`)).body)).toEqual(json);
    const updates = await get(`/open311/v2/servicerequestupdates.json?jurisdiction_id=${city.slug}`);
    expect(updates.statusCode, updates.body).toBe(200);
    const mine = updates.json<{ service_request_id: string; status: string }[]>().filter((u) => u.service_request_id === id);
    expect(mine.map((u) => u.status)).toEqual(['open', 'investigating', 'in_progress', 'fixed']);
    expect(parseXml((await get(`/open311/v2/servicerequestupdates.xml?jurisdiction_id=${city.slug}`)).body)).toEqual(updates.json());
  });
});
