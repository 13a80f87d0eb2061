import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import type { Role, UnitKind } from '@gongzhi/contracts';
import { loadConfig, type Config } from '../src/config.ts';
import { createContext, type Context } from '../src/context.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { isUniqueViolation } from '../src/lib/errors.ts';
import { newId } from '../src/lib/ids.ts';
import { accountsRepo, hashPassword } from '../src/modules/accounts/index.ts';
import { createCity, orgRepo } from '../src/modules/org/index.ts';

export const TEST_PASSWORD = 'test-password-123';

export const testConfig: Config = loadConfig({
  NODE_ENV: 'test',
  GONGZHI_DEMO: 'off',
  GONGZHI_ARGON2_MEMORY_KIB: '1024',
  GONGZHI_ARGON2_TIME_COST: '1',
  GONGZHI_RATE_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_LOGIN_USERNAME_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_INTAKE_ACCOUNT_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_INTAKE_API_KEY_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_INTAKE_ADDRESS_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_PUBLIC_INTAKE_LIMIT_PER_MINUTE: '1000000',
  GONGZHI_FLAGGED_NUMBER_LIMIT_PER_DAY: '1000000',
  GONGZHI_LOG_LEVEL: 'silent',
});

let shared: Promise<{ app: FastifyInstance; ctx: Context }> | undefined;

/** The engine under test: PGlite in memory, or the PostgreSQL database made for this run. */
export const engine = (): 'pglite' | 'postgres' => (process.env.GONGZHI_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite');

async function openTestDatabase(): Promise<Database> {
  if (engine() === 'postgres') return openDatabase({ url: inject('testDatabaseUrl') });
  const database = await openDatabase({ memory: true });
  await database.migrate();
  return database;
}

/** One database and app per test worker; every test makes its own city in it. */
export function testApp(): Promise<{ app: FastifyInstance; ctx: Context }> {
  shared ??= (async () => {
    const database = await openTestDatabase();
    const ctx = createContext(database, testConfig);
    const app = await buildApp(ctx, { logger: false });
    await app.ready();
    return { app, ctx };
  })();
  return shared;
}

/**
 * A random six-digit city code: 9, four random digits, 0 (no real city has it; it ends in 0, so its
 * districts' codes, which replace the last two digits by 01 or 02, never equal it). makeCity retries on a clash.
 */
export const randomCityCode = (): string => `9${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}0`;

/** An axis-aligned square polygon: test regions need real shapes, not realistic ones. */
export const square = (lng: number, lat: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

export interface TestCity {
  id: string;
  code: string;
  slug: string;
  regions: Record<string, { id: string; code: string; path: string }>;
  units: Record<string, string>;
}

/**
 * A small city: districts D1, D2; streets S1, S2 in D1 and S3 in D2; communities K1 in S1, K2 in S2, K3 in S3;
 * one grid in each community. Every region is a square: D1 spans lng 100-101, D2 101-102 (lat 30-31).
 */
export async function makeCity(ctx: Context, name = '测试市'): Promise<TestCity> {
  const { db } = ctx.database;
  let code = randomCityCode();
  let city: Awaited<ReturnType<typeof createCity>> | undefined;
  // Workers share the PostgreSQL test database: a code another worker took is drawn again.
  for (let attempt = 0; !city; attempt++) {
    try {
      city = await createCity(db, { code, slug: `t${code}`, name, geometry: square(100, 30, 2) });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 10) throw error;
      code = randomCityCode();
    }
  }
  const slug = `t${code}`;
  const regions: TestCity['regions'] = { C: { id: city.regionId, code, path: `${code}/` } };
  const plan: [key: string, parent: string, level: string, suffix: string, lng: number, lat: number, size: number][] = [
    ['D1', 'C', 'district', '01', 100, 30, 1],
    ['D2', 'C', 'district', '02', 101, 30, 1],
    ['S1', 'D1', 'street', '001', 100, 30, 0.5],
    ['S2', 'D1', 'street', '002', 100.5, 30, 0.5],
    ['S3', 'D2', 'street', '001', 101, 30, 0.5],
    ['K1', 'S1', 'community', '001', 100, 30, 0.25],
    ['K2', 'S2', 'community', '001', 100.5, 30, 0.25],
    ['K3', 'S3', 'community', '001', 101, 30, 0.25],
    ['G1', 'K1', 'grid', '001', 100, 30, 0.1],
    ['G2', 'K2', 'grid', '001', 100.5, 30, 0.1],
    ['G3', 'K3', 'grid', '001', 101, 30, 0.1],
  ];
  const rows: orgRepo.RegionInsert[] = [];
  for (const [key, parentKey, level, suffix, lng, lat, size] of plan) {
    const parent = regions[parentKey]!;
    const regionCode = level === 'district' ? `${code.slice(0, -2)}${suffix}` : `${parent.code}${suffix}`;
    const id = newId();
    const path = `${parent.path}${regionCode}/`;
    regions[key] = { id, code: regionCode, path };
    rows.push({
      cityId: city.id,
      id,
      parentId: parent.id,
      level,
      subtype: level,
      code: regionCode,
      name: `${key}区域`,
      path,
      geometry: square(lng, lat, size),
      population: 1000,
    });
  }
  const unitPlan: [key: string, region: string, kind: UnitKind, departmentType?: string][] = [
    ['cityGov', 'C', 'government'],
    ['cityParty', 'C', 'party_org'],
    ['hotline', 'C', 'hotline_centre'],
    ['cityDept', 'C', 'department', '城管'],
    ['d1Gov', 'D1', 'government'],
    ['d1Dept', 'D1', 'department', '城管'],
    ['d2Gov', 'D2', 'government'],
    ['s1Office', 'S1', 'street_office'],
    ['s2Office', 'S2', 'street_office'],
    ['s3Office', 'S3', 'street_office'],
    ['k1Committee', 'K1', 'community_committee'],
    ['k2Committee', 'K2', 'community_committee'],
    ['k3Committee', 'K3', 'community_committee'],
  ];
  const units: TestCity['units'] = {};
  const unitRows = unitPlan.map(([key, region, kind, departmentType]) => {
    const id = newId();
    units[key] = id;
    return { cityId: city.id, id, name: `${key}单位`, kind, departmentType: departmentType ?? null, regionId: regions[region]!.id };
  });
  await db.transaction(async (tx) => {
    await orgRepo.insertRegions(tx, rows);
    await orgRepo.insertUnits(tx, unitRows);
  });
  return { id: city.id, code, slug, regions, units };
}

/** Creates an account holding the given roles (role, unit key) in a test city. */
export async function makeAccount(
  ctx: Context,
  city: TestCity,
  username: string,
  grants: [Role, string][],
  phone = '13800001111',
): Promise<string> {
  const id = newId();
  const { db } = ctx.database;
  await accountsRepo.insertAccounts(db, [
    { cityId: city.id, id, username, displayName: username, phone, passwordHash: await hashPassword(TEST_PASSWORD, testConfig.argon2) },
  ]);
  await accountsRepo.insertRoleAssignments(
    db,
    grants.map(([role, unitKey]) => ({ cityId: city.id, id: newId(), accountId: id, unitId: city.units[unitKey]!, role })),
  );
  return id;
}

/** An HTTP client signed in as one account (cookie session with its CSRF token), or anonymous. */
export class Client {
  constructor(
    readonly app: FastifyInstance,
    private cookies: Record<string, string> = {},
    private headers: Record<string, string> = {},
    private remoteAddress?: string,
  ) {}

  request(
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const csrf = this.cookies.gz_csrf;
    return this.app.inject({
      method,
      url,
      cookies: this.cookies,
      ...(this.remoteAddress && { remoteAddress: this.remoteAddress }),
      headers: { ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}), ...this.headers, ...extraHeaders },
      ...(payload === undefined
        ? {}
        : typeof payload === 'string' || Buffer.isBuffer(payload)
          ? { payload }
          : { payload: payload as Record<string, unknown> }),
    });
  }
  /** The same session on another app over the same database (a server built with other settings), from an address. */
  on = (app: FastifyInstance, remoteAddress?: string): Client => new Client(app, this.cookies, this.headers, remoteAddress);
  /** The Cookie header of this client's session, for requests made outside app.inject. */
  cookieHeader = (): string =>
    Object.entries(this.cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, body ?? {}, headers);
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export async function loginAs(app: FastifyInstance, username: string, city?: string, password = TEST_PASSWORD): Promise<Client> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(city ? { city } : {}) } });
  if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
  const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
  return new Client(app, cookies);
}

export const errorCode = (response: LightMyRequestResponse): string | undefined =>
  (response.json() as { error?: { code?: string } }).error?.code;
