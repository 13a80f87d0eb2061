import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { accountsRepo } from '../accounts/index.ts';
import { API_KEY_PREFIX, makeCredential } from '../accounts/tokens.ts';
import { testApp } from '../../../test/harness.ts';
import { act, makeCaseCity, type CaseCity } from '../../../test/cases-harness.ts';
import { OPEN311_DIR } from '../../../test/open311-harness.ts';
import { parseRequests } from './open311.client.ts';

// Real San Francisco 311 requests posted through Open311 and read back: their types mapped to this
// city's services, their places moved into its districts, their texts and media links as they were.

const ROWS = 300;

/** SF's categories → leaves of the demo catalogue with the same meaning (the rest: 城市发展建议). */
const SERVICES: Record<string, string> = {
  'Sewer Issues': '010106',
  'SFHA Requests': '020101',
  Graffiti: '010204',
  'Illegal Postings': '010204',
  'Litter Receptacles': '010302',
  'Abandoned Vehicle': '050603',
  'Rec and Park Requests': '010404',
  'Damaged Property': '010105',
  'Sidewalk or Curb': '010105',
  'Tree Maintenance': '010401',
  Streetlights: '010103',
  'Sign Repair': '050505',
  'Street and Sidewalk Cleaning': '010303',
  'Parking Enforcement': '050502',
  'Blocked Street or SideWalk': '010205',
  'Noise Report': '030202',
  'Street Defects': '010101',
};

interface SfRow {
  unique_key: string;
  category: string;
  complaint_type: string;
  descriptor: string;
  incident_address: string;
  media_url: string;
  latitude: string;
  longitude: string;
}

let app: FastifyInstance;
let ctx: Context;
let city: CaseCity;
let apiKey: string;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCaseCity(app, ctx);
  const [operator] = (await accountsRepo.findAccountsByUsername(ctx.database.db, `operator${city.code}`)).filter(
    (a) => a.cityId === city.id,
  );
  const credential = makeCredential(city.id, API_KEY_PREFIX);
  await accountsRepo.insertApiKey(ctx.database.db, {
    cityId: city.id,
    id: newId(),
    accountId: operator!.id,
    name: 'sf311',
    keyHash: credential.hash,
  });
  apiKey = credential.token;
});

/** SF's box (37.70–37.84 N, 122.52–122.35 W) onto the test city's two districts (100–102 E, 30–31 N). */
const place = (row: SfRow) => {
  const lat = Number(row.latitude);
  const lng = Number(row.longitude);
  if (!lat || !lng) return undefined;
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return { lat: round(30.01 + ((lat - 37.7) / 0.14) * 0.98), long: round(100.01 + ((lng + 122.52) / 0.17) * 1.98) };
};

describe('San Francisco 311 through Open311', () => {
  it(`posts ${ROWS} real requests and reads them back by id, by window and by status, unchanged`, async () => {
    const rows = (parse(fs.readFileSync(path.join(OPEN311_DIR, '../us311/sf311_sample_10000.csv')), { columns: true }) as SfRow[]).slice(
      0,
      ROWS,
    );
    const start = new Date(ctx.now().getTime() - 1000);
    const sent = new Map<
      string,
      { code: string; description: string; point?: { lat: number; long: number }; address: string; media: string }
    >();
    for (const row of rows) {
      const code = SERVICES[row.category] ?? '150301';
      const description = `${row.complaint_type} / ${row.descriptor} (SF 311 #${row.unique_key})`;
      const point = place(row);
      const form = new URLSearchParams({
        api_key: apiKey,
        jurisdiction_id: city.slug,
        service_code: code,
        description,
        address_string: row.incident_address,
      });
      if (point) {
        form.set('lat', String(point.lat));
        form.set('long', String(point.long));
      }
      if (code === '030202') form.set('attribute[noise_period]', 'all_day');
      if (row.media_url.startsWith('http')) form.set('media_url', row.media_url);
      const response = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `sf-${row.unique_key}` },
        payload: form.toString(),
      });
      expect(response.statusCode, `${row.unique_key}: ${response.body}`).toBe(201);
      const id = response.json<{ service_request_id: string }[]>()[0]!.service_request_id;
      sent.set(id, { code, description, ...(point && { point }), address: row.incident_address, media: form.get('media_url') ?? '' });
    }
    expect(sent.size).toBe(ROWS);

    const q = `jurisdiction_id=${city.slug}`;
    const check = (request: ReturnType<typeof parseRequests>[number]) => {
      const mine = sent.get(request.service_request_id)!;
      expect(request.service_code).toBe(mine.code);
      expect(request.description).toBe(mine.description);
      expect(request.address).toBe(mine.address);
      expect(request.lat).toBe(mine.point?.lat ?? null);
      expect(request.long).toBe(mine.point?.long ?? null);
      expect(request.media_url ?? '').toBe(mine.media);
    };
    // By id, 50 at a time, in both formats.
    const ids = [...sent.keys()];
    for (let i = 0; i < ids.length; i += 50) {
      for (const format of ['json', 'xml'] as const) {
        const response = await app.inject({
          method: 'GET',
          url: `/open311/v2/requests.${format}?${q}&service_request_id=${ids.slice(i, i + 50).join(',')}`,
        });
        const requests = parseRequests(response.body, format);
        expect(requests).toHaveLength(Math.min(50, ids.length - i));
        requests.forEach(check);
      }
    }
    // By window: everything posted since the start, nothing else.
    const window = `start_date=${encodeURIComponent(start.toISOString())}&end_date=${encodeURIComponent(new Date(ctx.now().getTime() + 1000).toISOString())}`;
    const inWindow = parseRequests((await app.inject({ method: 'GET', url: `/open311/v2/requests.json?${q}&${window}` })).body, 'json');
    expect(new Set(inWindow.map((r) => r.service_request_id))).toEqual(new Set(ids));
    inWindow.forEach(check);
    // By status: the first 40 withdrawn through the case loop; Open311 then splits them exactly.
    const closedIds = new Set(ids.slice(0, 40));
    const tokens = new Map(
      parseRequests(
        (await app.inject({ method: 'GET', url: `/open311/v2/requests.json?${q}&service_request_id=${[...closedIds].join(',')}` })).body,
        'json',
      ).map((r) => [r.service_request_id, r]),
    );
    expect(tokens.size).toBe(40);
    for (const id of closedIds) {
      const found = await city.operator.get(`/api/cases?view=all&q=${id}`);
      const caseId = found.json<{ items: { id: string; trackingCode: string }[] }>().items.find((c) => c.trackingCode === id)!.id;
      await act(city.dispatcher, caseId, { type: 'withdraw', reason: '诉求人来电撤回' });
    }
    const closed = parseRequests(
      (await app.inject({ method: 'GET', url: `/open311/v2/requests.json?${q}&${window}&status=closed` })).body,
      'json',
    );
    const open = parseRequests(
      (await app.inject({ method: 'GET', url: `/open311/v2/requests.json?${q}&${window}&status=open` })).body,
      'json',
    );
    expect(new Set(closed.map((r) => r.service_request_id))).toEqual(closedIds);
    expect(open).toHaveLength(ROWS - 40);
    [...closed, ...open].forEach(check);
  });
});
