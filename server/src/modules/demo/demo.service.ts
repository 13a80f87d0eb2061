import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { accountsRepo, hashPassword } from '../accounts/index.ts';
import { appendAudit } from '../audit/index.ts';
import { installCatalogue, loadCatalogueFile } from '../catalogue/index.ts';
import { seedDemoAssessment } from '../assessment/index.ts';
import { seedDemoThemes } from '../themes/index.ts';
import { trainCityModel } from '../classifier/index.ts';
import { installChinaHolidays } from '../deadlines/index.ts';
import type { FeatureCollection } from '../geo/index.ts';
import { createCity, orgRepo } from '../org/index.ts';
import { createDemoCases } from './demo.cases.ts';
import { detectHotspotsNow } from '../hotspots/index.ts';
import { createDemoWhistles } from './demo.whistles.ts';
import { cityUnits, communityUnits, districtUnits, streetUnits, urbanDistrictUnits, type DemoUnit } from './demo.units.ts';
import { generateCityHierarchy } from './generate/index.ts';
import { hashConfiguredKey, randomSecret } from '../accounts/tokens.ts';

export const DEMO_CITY = { code: '411600', slug: 'zhoukou', name: '周口市', nameEn: 'Zhoukou' };
const DEMO_SEED = 411600;
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/geo/zhoukou_411600_districts.geojson');

/** The demo accounts: username, display name, role, and where the role is held. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unit: string;
}

export interface DemoLoadResult {
  loaded: boolean;
  cityId: string;
  password?: string;
  accounts: DemoAccount[];
}

/** Loads 周口市 with its generated streets, communities, grids, units and demo accounts, once, on an empty deployment. */
export async function loadDemoCity(ctx: Context, password = ctx.config.demoPassword): Promise<DemoLoadResult> {
  const { db } = ctx.database;
  const existing = await orgRepo.findCityByKey(db, DEMO_CITY.code);
  if (existing) return { loaded: false, cityId: existing.id, accounts: [] };

  const districts = JSON.parse(fs.readFileSync(fixture, 'utf8')) as FeatureCollection;
  const generated = generateCityHierarchy(districts, { seed: DEMO_SEED });
  const population = generated.filter((r) => r.level === 'district').reduce((sum, r) => sum + r.population, 0);
  // The city's boundary is its districts' polygons side by side.
  const geometry = {
    type: 'MultiPolygon',
    coordinates: districts.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)),
  };
  const city = await createCity(db, { ...DEMO_CITY, population, geometry });

  const ids = new Map<string, { id: string; path: string }>([[DEMO_CITY.code, { id: city.regionId, path: `${DEMO_CITY.code}/` }]]);
  const regionRows: orgRepo.RegionInsert[] = [];
  for (const region of generated) {
    const parent = ids.get(region.parentCode);
    if (!parent) throw new Error(`demo: region ${region.code} has no parent ${region.parentCode}`);
    const id = newId();
    const regionPath = `${parent.path}${region.code}/`;
    ids.set(region.code, { id, path: regionPath });
    regionRows.push({
      cityId: city.id,
      id,
      parentId: parent.id,
      level: region.level,
      subtype: region.subtype,
      code: region.code,
      name: region.name,
      path: regionPath,
      geometry: region.geometry,
      population: region.population,
      generated: region.generated,
    });
  }

  const unitRows: orgRepo.UnitInsert[] = [];
  const unitIds = new Map<string, string>();
  const addUnits = (regionCode: string, list: DemoUnit[]) => {
    for (const unit of list) {
      const id = newId();
      unitIds.set(unit.name, id);
      unitRows.push({
        cityId: city.id,
        id,
        name: unit.name,
        kind: unit.kind,
        departmentType: unit.departmentType ?? null,
        regionId: ids.get(regionCode)!.id,
      });
    }
  };
  addUnits(DEMO_CITY.code, cityUnits);
  const districtsList = generated.filter((r) => r.level === 'district');
  for (const r of generated) {
    if (r.level === 'district') addUnits(r.code, districtUnits(r.name));
    else if (r.level === 'street') addUnits(r.code, streetUnits(r.name, r.subtype));
    else if (r.level === 'community') addUnits(r.code, communityUnits(r.name, r.subtype));
  }
  const urban = districtsList.find((d) => d.code === '411602') ?? districtsList[0]!;
  addUnits(urban.code, urbanDistrictUnits);

  // The branch of demo accounts: 川汇区, its first street, that street's first community.
  const street = generated.find((r) => r.level === 'street' && r.parentCode === urban.code && r.subtype === 'street')!;
  const community = generated.find((r) => r.level === 'community' && r.parentCode === street.code)!;
  const streetOffice = streetUnits(street.name, street.subtype);
  const communityOffice = communityUnits(community.name, community.subtype);
  const urbanUnits = districtUnits(urban.name);
  const accounts: DemoAccount[] = [
    { username: 'admin', displayName: '市级管理员', role: 'admin', unit: '周口市人民政府' },
    { username: 'leader', displayName: '市领导', role: 'leader', unit: '中共周口市委员会' },
    { username: 'operator', displayName: '12345话务员', role: 'operator', unit: '周口市12345政务服务便民热线中心' },
    { username: 'dispatcher', displayName: '市派单员', role: 'dispatcher', unit: '周口市城市运行管理指挥中心' },
    { username: 'dept-handler', displayName: '城管局承办人', role: 'handler', unit: '周口市城市管理局' },
    { username: 'cq-admin', displayName: `${urban.name}管理员`, role: 'admin', unit: urbanUnits[1]!.name },
    { username: 'cq-leader', displayName: `${urban.name}领导`, role: 'leader', unit: urbanUnits[0]!.name },
    { username: 'cq-secretary', displayName: `${urban.name}书记`, role: 'secretary', unit: urbanUnits[0]!.name },
    { username: 'cq-dispatcher', displayName: `${urban.name}派单员`, role: 'dispatcher', unit: urbanUnits[2]!.name },
    { username: 'cq-handler', displayName: `${urban.name}城管局承办人`, role: 'handler', unit: urbanUnits[3]!.name },
    { username: 'jd-leader', displayName: `${street.name}主任`, role: 'leader', unit: streetOffice[1]!.name },
    { username: 'jd-secretary', displayName: `${street.name}书记`, role: 'secretary', unit: streetOffice[0]!.name },
    { username: 'jd-handler', displayName: `${street.name}承办人`, role: 'handler', unit: streetOffice[1]!.name },
    { username: 'sq-secretary', displayName: `${community.name}书记`, role: 'secretary', unit: communityOffice[0]!.name },
    { username: 'sq-handler', displayName: `${community.name}承办人`, role: 'handler', unit: communityOffice[1]!.name },
    { username: 'grid-worker', displayName: `${community.name}网格员`, role: 'grid_worker', unit: communityOffice[1]!.name },
    { username: 'resident', displayName: '居民张女士', role: 'resident', unit: communityOffice[1]!.name },
  ];
  const catalogue = await loadCatalogueFile();
  const demoPassword = password ?? randomSecret(9);
  const accountRows = await Promise.all(
    accounts.map(async (a, i) => ({
      cityId: city.id,
      id: newId(),
      username: a.username,
      displayName: a.displayName,
      phone: `1390394${String(1000 + i).padStart(4, '0')}`,
      passwordHash: await hashPassword(demoPassword, ctx.config.argon2),
    })),
  );
  const grants = accounts.map((a, i) => {
    const unitId = unitIds.get(a.unit);
    if (!unitId) throw new Error(`demo: no unit ${a.unit}`);
    return { cityId: city.id, id: newId(), accountId: accountRows[i]!.id, unitId, role: a.role };
  });

  await db.transaction(async (tx) => {
    await orgRepo.insertRegions(tx, regionRows);
    await orgRepo.insertUnits(tx, unitRows);
    await accountsRepo.insertAccounts(tx, accountRows);
    await accountsRepo.insertRoleAssignments(tx, grants);
    await installCatalogue(tx, city.id, catalogue, null);
    await installChinaHolidays(tx, city.id);
    await appendAudit(tx, {
      cityId: city.id,
      actorId: null,
      action: 'demo.load',
      entityType: 'city',
      entityId: city.id,
      detail: { regions: regionRows.length, units: unitRows.length, accounts: accountRows.length },
    });
  });
  // A few thousand cases in every state, from the real intake and lifecycle code (after the city is committed).
  await createDemoCases(ctx, {
    cityId: city.id,
    cityCode: DEMO_CITY.code,
    regions: generated.map((r) => ({ ...r, path: ids.get(r.code)!.path })),
    branchPath: ids.get(community.code)!.path,
    accounts: accounts.map((a, i) => ({
      username: a.username,
      accountId: accountRows[i]!.id,
      displayName: a.displayName,
      phone: accountRows[i]!.phone,
      unitId: grants[i]!.unitId,
      unitName: a.unit,
    })),
  });
  await createDemoWhistles(ctx, city.id);
  // The assessment's settings for a city of this size, and the talks of the last two months.
  await seedDemoAssessment(ctx, city.id);
  // The monthly themes (每月一题): programmes made from the last two months' top proposals.
  await seedDemoThemes(ctx, city.id);
  // The intake's classifier, learnt from the demo cases' categories (a few hundred distinct real messages: about a second).
  await trainCityModel(ctx, city.id, { trainedBy: 'demo' });
  // The hotspots (未诉先办) of the history just made, as the scheduled detection would find them.
  await detectHotspotsNow(ctx, city.id);
  // Fresh statistics, so that the first queries do not wait for autovacuum to learn the new tables.
  await db.execute(sql`ANALYZE`);
  return { loaded: true, cityId: city.id, password: password ? undefined : demoPassword, accounts };
}

/**
 * GONGZHI_DEMO_API_KEY as an API key of the demo city's 12345 operator (an Open311 client posts as
 * the hotline would), stored by its hash like any key; installed once, at every start that sets it.
 */
export async function installDemoApiKey(ctx: Context, cityId: string, key: string): Promise<void> {
  const { db } = ctx.database;
  const keyHash = hashConfiguredKey(key);
  if (await accountsRepo.findApiKeyActor(db, cityId, keyHash)) return;
  const operator = (await accountsRepo.findAccountsByUsername(db, 'operator')).find((a) => a.cityId === cityId);
  if (!operator) return;
  await accountsRepo.insertApiKey(db, { cityId, id: newId(), accountId: operator.id, name: 'GONGZHI_DEMO_API_KEY', keyHash });
}
