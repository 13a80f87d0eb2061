// Isolation, generated from the API's own OpenAPI document: every operation is called by every role
// of a second city with the first city's identifiers in its path and its filters, and by every role of
// one district with the other district's case. Nothing may answer with success for something outside
// the caller's scope, and no answer may carry the outside case's id, tracking code, text, reporter
// name or phone (nor, across cities, the other city's units, regions and accounts) — lists, filters,
// search and Open311 included. The per-module truth tables say which of 403/404 each role gets.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../src/context.ts';
import { createCaseAs, hotlineCase, makeCaseCity, PLACES, LEAVES, type CaseCity } from './cases-harness.ts';
import { testApp, type Client } from './harness.ts';
import { apiOperations, urlOf, type Operation } from './openapi-operations.ts';

let app: FastifyInstance;
let ctx: Context;
let a: CaseCity;
let b: CaseCity;
let operations: Operation[];
let attempts = 0;

/** The roles of a case city, by name. */
const ROLES = [
  'operator',
  'dispatcher',
  's1Handler',
  'k1Handler',
  'd1DeptHandler',
  'd1GovHandler',
  's2Handler',
  'gridWorker',
  'leader',
  'resident',
  'admin',
  'districtAdmin',
] as const;

/** The outside case: made in a place, its strings unique so they can be looked for in any answer. */
async function outsideCase(city: CaseCity, place: { lng: number; lat: number }, tag: string) {
  const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const name = `隔离${tag}某某`;
  const text = `隔离测试${tag}：小区门口垃圾三天没人清运，标记${phone.slice(-6)}`;
  const created = await createCaseAs(
    city.operator,
    hotlineCase({ text, location: place, categoryCode: LEAVES.street, reporter: { name, phone } }),
  );
  return { id: created.case.id, secrets: [created.case.id, created.case.trackingCode, phone, name, text.slice(0, 12)] };
}

/**
 * Calls every operation as `client` with `ids` in every path parameter and in every filter that takes
 * an identifier, a phone or a search; returns what went wrong.
 */
async function probe(client: Client, ids: readonly string[], secrets: readonly string[], allowed: (op: Operation) => boolean) {
  const problems: string[] = [];
  for (const operation of operations) {
    const idFilters = operation.query.filter((q) => /id$|Id$|^unit$|^region$|^case$|^q$|^phone$/.test(q.name)).map((q) => q.name);
    const calls: string[] = [];
    if (operation.pathParams.length > 0)
      for (const id of ids)
        calls.push(
          urlOf(
            operation,
            operation.pathParams.map(() => id),
          ),
        );
    else if (operation.method === 'GET') {
      calls.push(urlOf(operation, []));
      for (const name of idFilters) for (const value of secrets) calls.push(urlOf(operation, [], { [name]: value }));
    } else calls.push(urlOf(operation, []));
    for (const url of calls) {
      const payload = operation.method === 'GET' || operation.method === 'DELETE' ? undefined : JSON.stringify({ type: 'accept' });
      const response = await client.request(operation.method, url, payload, payload ? { 'content-type': 'application/json' } : {});
      attempts++;
      // What the caller sent may come back in a "not found" message; anything else is a leak.
      const leaked = secrets.filter((s) => response.body.includes(s) && !decodeURIComponent(url).includes(s));
      if (leaked.length > 0) problems.push(`${operation.method} ${url} → ${response.statusCode} shows ${leaked.join(', ')}`);
      const outside = operation.pathParams.length > 0 && !allowed(operation);
      if (outside && response.statusCode < 300) problems.push(`${operation.method} ${url} → ${response.statusCode} on something outside`);
    }
  }
  return problems;
}

beforeAll(async () => {
  ({ app, ctx } = await testApp());
  [a, b] = await Promise.all([makeCaseCity(app, ctx), makeCaseCity(app, ctx)]);
  operations = await apiOperations(a.admin);
});

describe('isolation, for every operation of the API', () => {
  it("lets no role of another city read or change anything of this city's", { timeout: 600_000 }, async () => {
    const theCase = await outsideCase(a, PLACES.G1, '甲');
    const units = Object.values(a.units);
    const regions = Object.values(a.regions).flatMap((r) => [r.id, r.code]);
    const accounts = (await a.admin.get('/api/accounts?limit=200')).json<{ items: { id: string }[] }>().items.map((x) => x.id);
    expect(accounts.length).toBeGreaterThan(5);
    const ids = [theCase.id, units[0]!, regions[0]!, accounts[0]!, a.slug];
    const secrets = [...theCase.secrets, ...units, ...accounts];
    // A resident may report into any city through the public pages: that is not reaching into it.
    const publicIntake = (op: Operation) => op.template.startsWith('/api/public/');
    const problems: string[] = [];
    for (const role of ROLES) problems.push(...(await probe(b[role], ids, secrets, publicIntake)).map((p) => `${role}: ${p}`));
    expect(problems).toEqual([]);
    // Open311 of the other jurisdiction: neither in its lists nor by its id.
    const list = await app.inject({ method: 'GET', url: `/open311/v2/requests.json?jurisdiction_id=${b.slug}` });
    expect(theCase.secrets.filter((s) => list.body.includes(s))).toEqual([]);
    const one = await app.inject({ method: 'GET', url: `/open311/v2/requests/${theCase.secrets[1]}.json?jurisdiction_id=${b.slug}` });
    expect(one.statusCode).toBe(404);
  });

  it('lets no role of one district read or change a case of the other', { timeout: 600_000 }, async () => {
    // G3 is in D2; every role below is held in D1 (or is a resident who did not report it).
    const theCase = await outsideCase(a, PLACES.G3, '乙');
    const d1Roles = ROLES.filter((r) => !['operator', 'dispatcher', 'admin'].includes(r));
    const problems: string[] = [];
    for (const role of d1Roles)
      problems.push(...(await probe(a[role], [theCase.id], theCase.secrets, () => false)).map((p) => `${role}: ${p}`));
    expect(problems).toEqual([]);
    // … while the city's hotline sees it (the probe can find a leak).
    expect((await probe(a.operator, [theCase.id], theCase.secrets, () => false)).length).toBeGreaterThan(0);
    console.log(`cross-scope attempts: ${attempts}`);
  });
});
