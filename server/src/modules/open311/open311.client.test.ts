import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPEN311_DIR } from '../../../test/open311-harness.ts';
import { parseJson, parseRequests, parseServices, parseXml } from './open311.client.ts';

const read = (file: string): string => fs.readFileSync(path.join(OPEN311_DIR, file), 'utf8');

/** Every field of the raw answer, as the parsed value holds it (ids as strings, numbers as numbers). */
function expectNoLoss(raw: Record<string, unknown>[], parsed: Record<string, unknown>[]): void {
  expect(parsed).toHaveLength(raw.length);
  raw.forEach((item, i) => {
    for (const [key, value] of Object.entries(item)) {
      const got = parsed[i]![key];
      if (value === null || value === '') expect(got ?? null, key).toBeOneOf([null, '']);
      else if (typeof value === 'number' && typeof got === 'string') expect(got, key).toBe(String(value));
      else expect(got, key).toEqual(value);
    }
  });
}

describe('the Open311 client reads real servers', () => {
  it('reads Bloomington’s 46 services and 21 requests without loss', () => {
    const servicesBody = read('real_responses_open311status/bloomington_services.json');
    const services = parseServices(servicesBody, 'json');
    expect(services).toHaveLength(46);
    expectNoLoss(JSON.parse(servicesBody) as Record<string, unknown>[], services as unknown as Record<string, unknown>[]);
    const requestsBody = read('real_responses_open311status/bloomington_requests.json');
    const requests = parseRequests(requestsBody, 'json');
    expect(requests).toHaveLength(21);
    expectNoLoss(JSON.parse(requestsBody) as Record<string, unknown>[], requests);
  });

  it('reads the other captured city answers without loss', () => {
    for (const [file, parse] of [
      ['real_responses_open311status/fixture_service_list.json', parseServices],
      ['real_responses_open311status/fixture_service_requests.json', parseRequests],
    ] as const) {
      const body = read(file);
      const raw = JSON.parse(body) as Record<string, unknown>[];
      expectNoLoss(raw, parse(body, 'json') as unknown as Record<string, unknown>[]);
    }
  });

  it('reads the spec’s examples in both formats to the same values, codes like 001 kept as strings', () => {
    const pairs = [
      ['services', parseServices],
      ['requests', parseRequests],
    ] as const;
    for (const [name, parse] of pairs) {
      const fromJson = parse(read(`spec_examples/${name}.json`), 'json');
      const fromXml = parse(read(`spec_examples/${name}.xml`), 'xml');
      expect(fromXml.length).toBeGreaterThan(0);
      expect(fromJson.map((x) => Object.values(x).length)).toEqual(fromXml.map((x) => Object.values(x).length));
      expect(JSON.stringify(fromXml)).toContain('"service_code":"00');
    }
    expect(parseServices(read('spec_examples/services.json'), 'json')[0]!.service_code).toBe('001');
    const [single] = parseRequests(read('spec_examples/request_single.xml'), 'xml');
    expect(single).toMatchObject({ service_request_id: '638344', status: 'closed', lat: 37.762221815, service_code: '006' });
    expect(parseXml(read('spec_examples/service_definition.xml'))).toEqual(parseJson(read('spec_examples/service_definition.json')));
    expect(parseXml(read('spec_examples/tokens.xml'))).toEqual(parseJson(read('spec_examples/tokens.json')));
    expect(parseXml(read('spec_examples/post_service_request.xml'))).toEqual(parseJson(read('spec_examples/post_service_request.json')));
  });

  it('reads a council integration’s XML (mySociety, Merton): services, a definition with extensions, a POST reply, a token', () => {
    expect(parseServices(read('fixtures_mysociety_merton/services.xml'), 'xml')[0]).toMatchObject({
      service_code: 'GR',
      type: 'batch',
      metadata: true,
    });
    const definition = parseXml(read('fixtures_mysociety_merton/service.xml')) as { attributes: { code: string; automated?: string }[] };
    expect(definition.attributes.length).toBeGreaterThan(3);
    expect(definition.attributes.find((a) => a.code === 'fixmystreet_id')).toMatchObject({
      automated: 'server_set',
      required: true,
      variable: false,
    });
    expect(parseXml(read('fixtures_mysociety_merton/requestpost.xml'))).toEqual([{ token: 'TOKEN' }]);
    expect(parseXml(read('fixtures_mysociety_merton/token.xml'))).toEqual([{ service_request_id: 'ServiceID' }]);
  });
});
