// Hostile input, generated: every operation of the API's own OpenAPI document is called with requests
// drawn from its schemas (path, query and body) and from outside them (wrong types, missing and extra
// fields, injection strings, traversal, control characters, huge values, garbage bodies), as an
// administrator who may reach most of it; Open311's form bodies and query strings likewise. No answer
// may be a 500, carry a stack trace or SQL, or be an error without a stable code; afterwards every
// case's timeline still replays to its state and the audit chain verifies (nothing half-written).
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../src/context.ts';
import { queryRows } from '../src/db/database.ts';
import { verifyAuditChain } from '../src/modules/audit/index.ts';
import { makeCaseCity, hotlineCase, createCaseAs, type CaseCity } from './cases-harness.ts';
import { testApp, type Client } from './harness.ts';
import { inconsistentTimelines } from './invariants.ts';
import { apiOperations, urlOf, type Schema } from './openapi-operations.ts';
import type { FastifyInstance } from 'fastify';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

/** Strings an attacker tries first. */
const HOSTILE = [
  "' OR 1=1 --",
  "'; DROP TABLE cases; --",
  '"; SELECT pg_sleep(5); --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '\u0000',
  '\r\nSet-Cookie: gz_session=evil',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '𠮷'.repeat(3000),
  'a'.repeat(100_000),
  '-1',
  'NaN',
  '1e309',
  '00000000-0000-0000-0000-000000000000',
  'null',
  '[]',
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

/** Values inside a schema most of the time, outside it the rest. */
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const wild = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  if (!schema || depth > 4) return wild;
  const inside = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.const !== undefined) return fc.constant(schema.const);
    const alternatives = schema.anyOf ?? schema.oneOf;
    if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
    if (schema.allOf?.length) return fromSchema(schema.allOf[0], depth + 1);
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    switch (type ?? '') {
      case 'string':
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
        return fc.oneof(fc.string({ maxLength: schema.maxLength ?? 60 }), hostileString);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(fromSchema(schema.items, depth + 1), { maxLength: 4 });
      case 'object': {
        const properties = schema.properties ?? {};
        const record = fc.record(Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, fromSchema(s, depth + 1)])), {
          requiredKeys: (schema.required ?? []).filter((k) => k in properties),
        });
        return fc.oneof(
          record,
          fc.tuple(record, fc.dictionary(hostileString, wild, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a })),
        );
      }
      default:
        return wild;
    }
  })();
  return fc.oneof({ weight: 4, arbitrary: inside }, { weight: 1, arbitrary: wild });
}

const stackTrace = /\n\s+at |node_modules|\.ts:\d+|\.js:\d+|syntax error at or near|pg_catalog|relation ".*" does not exist/;

/** What no answer may be, whatever was asked. */
function checkAnswer(response: LightMyRequestResponse, what: string): void {
  const body = response.body;
  expect(response.statusCode, `${what} → ${response.statusCode} ${body.slice(0, 300)}`).toBeLessThan(500);
  expect(stackTrace.test(body), `${what} leaks internals: ${body.slice(0, 300)}`).toBe(false);
  if (response.statusCode >= 400 && response.headers['content-type']?.toString().includes('application/json')) {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } } | { code: number }[];
    const code = Array.isArray(parsed) ? parsed[0]?.code : parsed.error?.code;
    expect(code, `${what} → an error without a code: ${body.slice(0, 300)}`).toBeDefined();
  }
}

let app: FastifyInstance;
let ctx: Context;
let city: CaseCity;
let tried = 0;

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  city = await makeCaseCity(app, ctx);
  // Something to act on: a few cases (ids in the paths are drawn from real ones too).
  for (let i = 0; i < 3; i++) await createCaseAs(city.operator, hotlineCase({ text: `模糊测试第${i}件：路灯不亮` }));
});

describe('every API operation, from its own schema and outside it', () => {
  it('answers without a 500, a stack trace or a code-less error', { timeout: 600_000 }, async () => {
    const operations = await apiOperations(city.admin);
    const realIds = (
      await queryRows<{ id: string }>(ctx.database.db, sql`SELECT id::text FROM cases WHERE city_id = ${city.id} LIMIT 3`)
    ).map((r) => r.id);
    const clients = { admin: city.admin, operator: city.operator, s1Handler: city.s1Handler } satisfies Record<string, Client>;
    for (const operation of operations) {
      const request = fc.record({
        client: fc.constantFrom(...(Object.keys(clients) as (keyof typeof clients)[])),
        path: fc.tuple(
          ...operation.pathParams.map(() =>
            fc.oneof(
              fc.constantFrom(...realIds),
              fc.uuid(),
              hostileString.filter((s) => s.length > 0),
            ),
          ),
        ),
        query: fc.record(Object.fromEntries(operation.query.map((p) => [p.name, fromSchema(p.schema)])), { requiredKeys: [] }),
        body: operation.body ? fromSchema(operation.body) : fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ client, path, query, body }) => {
          const url = urlOf(
            operation,
            path,
            Object.fromEntries(
              Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, typeof v === 'string' ? v : JSON.stringify(v)]])),
            ),
          );
          const payload = operation.method === 'GET' || operation.method === 'DELETE' ? undefined : JSON.stringify(body ?? null);
          const response = await clients[client].request(
            operation.method,
            url,
            payload,
            payload === undefined ? {} : { 'content-type': 'application/json' },
          );
          tried++;
          checkAnswer(response, `${operation.method} ${url.slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
    }
    expect(operations.length).toBeGreaterThan(60);
    console.log(`fuzzed ${operations.length} operations with ${tried} requests`);
  });

  it('answers Open311 form bodies and query strings of any shape with its own errors', { timeout: 300_000 }, async () => {
    const key = fc.oneof(
      fc.constantFrom('api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'description'),
      fc.constantFrom('phone', 'first_name', 'last_name', 'media_url', 'attribute[x]', 'attribute[x][]', 'page', 'page_size'),
      fc.constantFrom('start_date', 'end_date', 'status', 'service_request_id', 'extensions'),
      hostileString,
    );
    const pairs = fc.array(fc.tuple(key, fc.oneof(hostileString, fc.double().map(String), fc.constantFrom('zhoukou', '0', '-91'))), {
      maxLength: 8,
    });
    const encode = (list: [string, string][]) => new URLSearchParams(list).toString();
    const paths = ['/open311/v2/requests.json', '/open311/v2/requests.xml', '/open311/v2/services.json', '/open311/v2/discovery.json'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), pairs, fc.boolean(), async (path, list, post) => {
        const response = post
          ? await app.inject({
              method: 'POST',
              url: path,
              payload: encode(list),
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
            })
          : await app.inject({ method: 'GET', url: `${path}?${encode(list)}` });
        tried++;
        checkAnswer(response, `${post ? 'POST' : 'GET'} ${path} ${encode(list).slice(0, 200)}`);
      }),
      { numRuns: RUNS * 20 },
    );
  });

  it('left nothing half-written: timelines replay to their cases, the audit chain verifies', async () => {
    expect(await inconsistentTimelines(ctx.database.db, city.id)).toEqual([]);
    expect((await verifyAuditChain(ctx.database.db, city.id)).ok).toBe(true);
    console.log(`fuzz requests in all: ${tried}`);
  });
});
