import { and, asc, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { insertJsonRows, type Db } from '../../db/database.ts';
import { scopeCondition, type Scope } from '../../lib/policy.ts';
import { cities, regions, units } from './org.schema.ts';

export type CityRow = typeof cities.$inferSelect;
export type RegionRow = typeof regions.$inferSelect;
export type RegionInsert = typeof regions.$inferInsert;
export type UnitInsert = typeof units.$inferInsert;

export async function findCity(db: Db, cityId: string): Promise<CityRow | undefined> {
  const rows = await db.select().from(cities).where(eq(cities.id, cityId));
  return rows[0];
}

export async function findCityByKey(db: Db, key: string): Promise<CityRow | undefined> {
  const rows = await db
    .select()
    .from(cities)
    .where(sql`${cities.slug} = ${key} OR ${cities.code} = ${key}`);
  return rows[0];
}

export function listCities(db: Db): Promise<CityRow[]> {
  return db.select().from(cities).orderBy(asc(cities.code));
}

export async function insertCity(db: Db, row: typeof cities.$inferInsert): Promise<void> {
  await db.insert(cities).values(row);
}

export async function insertRegions(db: Db, rows: RegionInsert[]): Promise<void> {
  const columns = ['city_id', 'id', 'parent_id', 'level', 'subtype', 'code', 'name', 'path', 'geometry', 'population', 'generated'];
  const records = rows.map((r) => ({
    city_id: r.cityId,
    id: r.id,
    parent_id: r.parentId ?? null,
    level: r.level,
    subtype: r.subtype,
    code: r.code,
    name: r.name,
    path: r.path,
    geometry: r.geometry ?? null,
    population: r.population ?? 0,
    generated: r.generated ?? false,
  }));
  await insertJsonRows(db, 'regions', columns, records);
}

// Qualified by hand: drizzle leaves single-table columns unqualified, which the subquery would read as c's.
const childCount = sql<number>`(SELECT count(*)::int FROM regions c WHERE c.city_id = "regions"."city_id" AND c.parent_id = "regions"."id")`;

const summaryColumns = {
  id: regions.id,
  code: regions.code,
  name: regions.name,
  level: regions.level,
  subtype: regions.subtype,
  path: regions.path,
  population: regions.population,
  generated: regions.generated,
  parentId: regions.parentId,
  childCount,
};

export type RegionSummaryRow = {
  id: string;
  code: string;
  name: string;
  level: string;
  subtype: string;
  path: string;
  population: number;
  generated: boolean;
  parentId: string | null;
  childCount: number;
};

export async function findRegionByCode(db: Db, cityId: string, code: string): Promise<RegionSummaryRow | undefined> {
  const rows = await db
    .select(summaryColumns)
    .from(regions)
    .where(and(eq(regions.cityId, cityId), eq(regions.code, code)));
  return rows[0];
}

export function findRegionsByCodes(
  db: Db,
  cityId: string,
  codes: string[],
): Promise<{ id: string; code: string; name: string; level: string; path: string }[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name, level: regions.level, path: regions.path })
    .from(regions)
    .where(and(eq(regions.cityId, cityId), inArray(regions.code, codes)));
}

export function listChildren(db: Db, cityId: string, parentId: string): Promise<RegionSummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(regions)
    .where(and(eq(regions.cityId, cityId), eq(regions.parentId, parentId)))
    .orderBy(asc(regions.code));
}

export function childGeometries(
  db: Db,
  cityId: string,
  parentId: string,
): Promise<{ code: string; name: string; level: string; generated: boolean; geometry: unknown }[]> {
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level, generated: regions.generated, geometry: regions.geometry })
    .from(regions)
    .where(and(eq(regions.cityId, cityId), eq(regions.parentId, parentId)))
    .orderBy(asc(regions.code));
}

export async function regionGeometry(db: Db, cityId: string, code: string): Promise<unknown> {
  const rows = await db
    .select({ geometry: regions.geometry })
    .from(regions)
    .where(and(eq(regions.cityId, cityId), eq(regions.code, code)));
  return rows[0]?.geometry;
}

/** Every region of a city with its boundary: the input of the point → region index. */
export function regionsWithGeometry(
  db: Db,
  cityId: string,
): Promise<{ code: string; name: string; level: string; path: string; geometry: unknown }[]> {
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level, path: regions.path, geometry: regions.geometry })
    .from(regions)
    .where(eq(regions.cityId, cityId));
}

export async function updateRegion(db: Db, cityId: string, id: string, patch: Partial<RegionInsert>): Promise<void> {
  await db
    .update(regions)
    .set(patch)
    .where(and(eq(regions.cityId, cityId), eq(regions.id, id)));
}

export async function insertUnits(db: Db, rows: UnitInsert[]): Promise<void> {
  const records = rows.map((u) => ({
    city_id: u.cityId,
    id: u.id,
    kind: u.kind,
    name: u.name,
    department_type: u.departmentType ?? null,
    region_id: u.regionId,
  }));
  await insertJsonRows(db, 'units', ['city_id', 'id', 'kind', 'name', 'department_type', 'region_id'], records);
}

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  departmentType: string | null;
  regionId: string;
  regionCode: string;
  regionName: string;
  regionLevel: string;
  regionPath: string;
}

const unitColumns = {
  id: units.id,
  name: units.name,
  kind: units.kind,
  departmentType: units.departmentType,
  regionId: regions.id,
  regionCode: regions.code,
  regionName: regions.name,
  regionLevel: regions.level,
  regionPath: regions.path,
};

const unitJoin = and(eq(regions.cityId, units.cityId), eq(regions.id, units.regionId));

export async function findUnit(db: Db, cityId: string, id: string): Promise<UnitRow | undefined> {
  const rows = await db
    .select(unitColumns)
    .from(units)
    .innerJoin(regions, unitJoin)
    .where(and(eq(units.cityId, cityId), eq(units.id, id)));
  return rows[0];
}

export interface UnitFilter {
  regionPath?: string;
  kind?: string;
  q?: string;
  limit: number;
  offset: number;
}

export async function listUnits(db: Db, cityId: string, scope: Scope, filter: UnitFilter): Promise<{ rows: UnitRow[]; total: number }> {
  const conditions: SQL[] = [eq(units.cityId, cityId), scopeCondition(scope, regions.path, units.id)];
  if (filter.regionPath) conditions.push(sql`${regions.path} LIKE ${filter.regionPath.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'}`);
  if (filter.kind) conditions.push(eq(units.kind, filter.kind));
  if (filter.q) conditions.push(ilike(units.name, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select(unitColumns)
      .from(units)
      .innerJoin(regions, unitJoin)
      .where(where)
      .orderBy(asc(regions.path), asc(units.kind), asc(units.name))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ total: count() }).from(units).innerJoin(regions, unitJoin).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function updateUnit(db: Db, cityId: string, id: string, patch: Partial<UnitInsert>): Promise<void> {
  await db
    .update(units)
    .set(patch)
    .where(and(eq(units.cityId, cityId), eq(units.id, id)));
}

/** Bumped on every change of a city's regions, so other server processes rebuild their spatial index. */
export async function bumpRegionsVersion(db: Db, cityId: string): Promise<void> {
  await db
    .update(cities)
    .set({ regionsVersion: sql`${cities.regionsVersion} + 1` })
    .where(eq(cities.id, cityId));
}

export async function regionsVersion(db: Db, cityId: string): Promise<number> {
  const rows = await db.select({ v: cities.regionsVersion }).from(cities).where(eq(cities.id, cityId));
  return rows[0]?.v ?? 0;
}
