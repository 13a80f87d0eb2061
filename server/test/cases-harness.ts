import type { FastifyInstance } from 'fastify';
import type { CaseCreated, CaseView } from '@gongzhi/contracts';
import type { Context } from '../src/context.ts';
import { newId } from '../src/lib/ids.ts';
import { installCatalogue, loadCatalogueFile } from '../src/modules/catalogue/index.ts';
import { installChinaHolidays } from '../src/modules/deadlines/index.ts';
import { orgRepo } from '../src/modules/org/index.ts';
import { Client, loginAs, makeAccount, makeCity, type TestCity } from './harness.ts';

// A test city ready for the case loop: the real demo catalogue, the national holidays, a water
// company, and one signed-in client per role.

/** Points inside the test city's grids (G1 in S1/D1, G2 in S2/D1, G3 in S3/D2) and one outside it. */
export const PLACES = {
  G1: { lng: 100.05, lat: 30.05 },
  G2: { lng: 100.55, lat: 30.05 },
  G3: { lng: 101.05, lat: 30.05 },
  D1only: { lng: 100.9, lat: 30.9 },
  outside: { lng: 120, lat: 40 },
};

/** Leaves of the real catalogue, by handler. */
export const LEAVES = {
  street: '010301', // 垃圾清运不及时 → street office
  community: '020101', // 物业服务质量 → community committee
  cityManagement: '010101', // 道路破损 → 城管 department
  water: '040101', // 停水 → 供水 utility (has a required extra field)
  elevator: '020201', // 电梯困人 → emergency tier
  noise: '030202', // 社会生活噪声 → 公安 (no such department in the test city: district fallback)
};

export interface CaseCity extends TestCity {
  operator: Client;
  dispatcher: Client;
  s1Handler: Client;
  k1Handler: Client;
  d1DeptHandler: Client;
  d1GovHandler: Client;
  s2Handler: Client;
  gridWorker: Client;
  leader: Client;
  resident: Client;
  admin: Client;
  districtAdmin: Client;
}

export async function makeCaseCity(app: FastifyInstance, ctx: Context): Promise<CaseCity> {
  const city = await makeCity(ctx);
  const { db } = ctx.database;
  await installCatalogue(db, city.id, await loadCatalogueFile(), null);
  await installChinaHolidays(db, city.id);
  const waterId = newId();
  await orgRepo.insertUnits(db, [
    { cityId: city.id, id: waterId, name: '自来水公司', kind: 'utility', departmentType: '供水', regionId: city.regions.C!.id },
  ]);
  city.units.water = waterId;
  const accounts: [key: keyof Omit<CaseCity, keyof TestCity>, role: Parameters<typeof makeAccount>[3][number][0], unit: string][] = [
    ['operator', 'operator', 'hotline'],
    ['dispatcher', 'dispatcher', 'hotline'],
    ['s1Handler', 'handler', 's1Office'],
    ['k1Handler', 'handler', 'k1Committee'],
    ['d1DeptHandler', 'handler', 'd1Dept'],
    ['d1GovHandler', 'handler', 'd1Gov'],
    ['s2Handler', 'handler', 's2Office'],
    ['gridWorker', 'grid_worker', 'k1Committee'],
    ['leader', 'leader', 'd1Gov'],
    ['resident', 'resident', 'k1Committee'],
    ['admin', 'admin', 'cityGov'],
    ['districtAdmin', 'admin', 'd1Gov'],
  ];
  const clients: Partial<CaseCity> = {};
  await Promise.all(
    accounts.map(async ([key, role, unit]) => {
      const username = `${key.toLowerCase()}${city.code}`;
      await makeAccount(ctx, city, username, [[role, unit]]);
      clients[key] = (await loginAs(app, username, city.slug)) as never;
    }),
  );
  return { ...city, ...clients } as CaseCity;
}

/** A realistic hotline case; override any field. */
export function hotlineCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    text: '小区门口垃圾已经三天没人清运，气味很大，希望尽快处理',
    categoryCode: LEAVES.street,
    location: PLACES.G1,
    address: '文昌大道 18 号',
    reporter: { name: '王秀英', phone: '13912345678' },
    ...overrides,
  };
}

export async function createCaseAs(client: Client, body: Record<string, unknown>, key?: string): Promise<CaseCreated> {
  const response = await client.post('/api/cases', body, key ? { 'idempotency-key': key } : {});
  if (response.statusCode !== 201) throw new Error(`intake failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function act(client: Client, caseId: string, action: Record<string, unknown>): Promise<CaseView> {
  const response = await client.post(`/api/cases/${caseId}/actions`, action);
  if (response.statusCode !== 200) throw new Error(`${String(action.type)} failed: ${response.statusCode} ${response.body}`);
  return response.json();
}
