import type { RegionCreate, RegionDetail, RegionLevel } from '@gongzhi/contracts';
import { regionLevels } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeOn, requireScope, scopeCoversPath, scopeOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { centroidOf, validateGeometry } from '../geo/index.ts';
import * as repo from './org.repo.ts';
import { importFailed, type Failure } from './org.rules.ts';

export { findCity, findCityByKey, listCities } from './org.repo.ts';

/** The level a child of each level has. */
export const childLevel: Partial<Record<RegionLevel, RegionLevel>> = {
  city: 'district',
  district: 'street',
  street: 'community',
  community: 'grid',
};

const defaultSubtype: Record<RegionLevel, string> = {
  city: 'city',
  district: 'district',
  street: 'street',
  community: 'community',
  grid: 'grid',
};

export const pathCodes = (path: string): string[] => path.split('/').filter(Boolean);

/** Creates a city (tenant) with its root region. */
export async function createCity(
  db: Db,
  input: { code: string; slug: string; name: string; nameEn?: string; geometry?: unknown; population?: number },
): Promise<{ id: string; regionId: string }> {
  const id = newId();
  const regionId = newId();
  await db.transaction(async (tx) => {
    await repo.insertCity(tx, { id, code: input.code, slug: input.slug, name: input.name, nameEn: input.nameEn });
    await repo.insertRegions(tx, [
      {
        cityId: id,
        id: regionId,
        parentId: null,
        level: 'city',
        subtype: 'city',
        code: input.code,
        name: input.name,
        path: `${input.code}/`,
        geometry: input.geometry ?? null,
        population: input.population ?? 0,
      },
    ]);
    await appendAudit(tx, {
      cityId: id,
      actorId: null,
      action: 'city.create',
      entityType: 'city',
      entityId: id,
      detail: { code: input.code, slug: input.slug },
    });
  });
  return { id, regionId };
}

export async function regionOrNotFound(db: Db, cityId: string, code: string): Promise<repo.RegionSummaryRow> {
  const region = await repo.findRegionByCode(db, cityId, code);
  if (!region) throw notFound('region');
  return region;
}

/** A region with its breadcrumb of ancestors. Geography of one's own city is readable by every role. */
export async function getRegion(ctx: Context, actor: Actor, code: string): Promise<RegionDetail> {
  requireScope(actor, 'region.read');
  const { db } = ctx.database;
  const region = await regionOrNotFound(db, actor.cityId, code);
  const ancestorCodes = pathCodes(region.path).slice(0, -1);
  const ancestors = await repo.findRegionsByCodes(db, actor.cityId, ancestorCodes);
  ancestors.sort((a, b) => a.path.length - b.path.length);
  const geometry = await repo.regionGeometry(db, actor.cityId, code);
  const parsed = geometry ? validateGeometry(geometry) : undefined;
  return {
    ...presentSummary(region),
    parentCode: ancestors.at(-1)?.code ?? null,
    ancestors: ancestors.map((a) => ({ code: a.code, name: a.name, level: a.level as RegionLevel })),
    centroid: parsed?.ok ? centroidOf(parsed.geometry) : null,
  };
}

function presentSummary(r: repo.RegionSummaryRow) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level as RegionLevel,
    subtype: r.subtype,
    childCount: r.childCount,
    population: r.population,
    generated: r.generated,
  };
}

export async function listRegionChildren(ctx: Context, actor: Actor, code: string) {
  requireScope(actor, 'region.read');
  const { db } = ctx.database;
  const region = await regionOrNotFound(db, actor.cityId, code);
  const children = await repo.listChildren(db, actor.cityId, region.id);
  return { items: children.map(presentSummary) };
}

async function childrenFeatureCollection(ctx: Context, cityId: string, regionId: string) {
  const children = await repo.childGeometries(ctx.database.db, cityId, regionId);
  return {
    type: 'FeatureCollection' as const,
    features: children
      .filter((c) => c.geometry)
      .map((c) => ({
        type: 'Feature' as const,
        properties: { code: c.code, name: c.name, level: c.level, generated: c.generated },
        geometry: c.geometry,
      })),
  };
}

/** The children's boundaries as a FeatureCollection, for the map. */
export async function regionChildrenGeoJson(ctx: Context, actor: Actor, code: string) {
  requireScope(actor, 'region.read');
  const region = await regionOrNotFound(ctx.database.db, actor.cityId, code);
  return childrenFeatureCollection(ctx, actor.cityId, region.id);
}

/**
 * For residents without an account placing a report: the city's districts and a district's streets
 * (public boundaries at the levels a resident clicks through; nothing deeper).
 */
export async function publicRegionChildrenGeoJson(ctx: Context, cityKey: string, code: string) {
  const { db } = ctx.database;
  const city = await repo.findCityByKey(db, cityKey);
  if (!city) throw notFound('city');
  const region = await regionOrNotFound(db, city.id, code);
  if (region.level !== 'city' && region.level !== 'district') throw notFound('region');
  return childrenFeatureCollection(ctx, city.id, region.id);
}

export async function regionGeoJson(ctx: Context, actor: Actor, code: string) {
  requireScope(actor, 'region.read');
  const { db } = ctx.database;
  const region = await regionOrNotFound(db, actor.cityId, code);
  const geometry = await repo.regionGeometry(db, actor.cityId, code);
  return {
    type: 'Feature' as const,
    properties: { code: region.code, name: region.name, level: region.level, generated: region.generated },
    geometry: geometry ?? null,
  };
}

/** A new region; `row` says where it came from in an import (defaults to its place in the batch). */
export type RegionInput = RegionCreate & { row?: number };

/**
 * Checks a batch of new regions against the tree and each other; returns the rows to insert or the
 * reasons (by 1-based row) that refuse the batch. Parents may come earlier or later in the batch.
 */
async function planRegions(
  db: Db,
  actor: Actor,
  inputs: RegionInput[],
): Promise<{ rows: repo.RegionInsert[]; failures: { row: number; reason: string }[] }> {
  const manageScope = scopeOf(actor, 'region.manage');
  const failures: { row: number; reason: string }[] = [];
  const byCode = new Map<string, number>();
  inputs.forEach((input, i) => {
    if (byCode.has(input.code)) failures.push({ row: input.row ?? i + 1, reason: `code ${input.code} appears twice in the batch` });
    else byCode.set(input.code, i);
  });
  const existing = new Map(
    (await repo.findRegionsByCodes(db, actor.cityId, [...new Set(inputs.flatMap((r) => [r.code, r.parentCode]))])).map((r) => [r.code, r]),
  );
  const planned = new Map<string, { id: string; path: string; level: string }>();
  const rows: repo.RegionInsert[] = [];
  // Parents before children: sort by level depth.
  const order = inputs.map((_, i) => i).sort((a, b) => regionLevels.indexOf(inputs[a]!.level) - regionLevels.indexOf(inputs[b]!.level));
  for (const i of order) {
    const input = inputs[i]!;
    const row = input.row ?? i + 1;
    if (existing.has(input.code)) {
      failures.push({ row, reason: `region ${input.code} already exists` });
      continue;
    }
    const parent = planned.get(input.parentCode) ?? existing.get(input.parentCode);
    if (!parent) {
      failures.push({ row, reason: `parent region ${input.parentCode} does not exist` });
      continue;
    }
    if (childLevel[parent.level as RegionLevel] !== input.level) {
      failures.push({
        row,
        reason: `a ${parent.level} cannot hold a ${input.level}; expected ${childLevel[parent.level as RegionLevel] ?? 'nothing'}`,
      });
      continue;
    }
    if (!manageScope || !scopeCoversPath(manageScope, parent.path)) {
      failures.push({ row, reason: `parent region ${input.parentCode} is outside your scope` });
      continue;
    }
    let geometry: unknown = null;
    if (input.geometry !== undefined && input.geometry !== null) {
      const checked = validateGeometry(input.geometry);
      if (!checked.ok) {
        failures.push({ row, reason: `invalid geometry: ${checked.reason}` });
        continue;
      }
      geometry = checked.geometry;
    }
    const id = newId();
    const path = `${parent.path}${input.code}/`;
    planned.set(input.code, { id, path, level: input.level });
    rows.push({
      cityId: actor.cityId,
      id,
      parentId: parent.id,
      level: input.level,
      subtype: input.subtype ?? defaultSubtype[input.level],
      code: input.code,
      name: input.name,
      path,
      geometry,
      population: input.population ?? 0,
    });
  }
  failures.sort((a, b) => a.row - b.row);
  return { rows, failures };
}

/** Adds regions (one or an import batch, whose rows that failed to parse come as earlierFailures); all or nothing. */
export async function createRegions(
  ctx: Context,
  actor: Actor,
  inputs: RegionInput[],
  action: 'region.create' | 'region.import',
  earlierFailures: Failure[] = [],
): Promise<{ created: number; codes: string[] }> {
  requireScope(actor, 'region.manage');
  const { db } = ctx.database;
  const planned = await planRegions(db, actor, inputs);
  const { rows } = planned;
  const failures = [...earlierFailures, ...planned.failures];
  if (failures.length > 0) {
    if (action === 'region.create')
      throw new AppError(failures[0]!.reason.includes('outside your scope') ? 404 : 400, 'invalid_region', failures[0]!.reason);
    throw importFailed(failures);
  }
  try {
    await db.transaction(async (tx) => {
      await repo.insertRegions(tx, rows);
      await repo.bumpRegionsVersion(tx, actor.cityId);
      await appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action,
        entityType: 'region',
        entityId: rows.length === 1 ? rows[0]!.code : null,
        detail: { codes: rows.map((r) => r.code).slice(0, 1_000), count: rows.length },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('region_exists', 'A region with this code already exists');
    throw error;
  }
  return { created: rows.length, codes: rows.map((r) => r.code) };
}

export async function updateRegion(
  ctx: Context,
  actor: Actor,
  code: string,
  input: { name?: string; population?: number; geometry?: unknown },
): Promise<RegionDetail> {
  const { db } = ctx.database;
  const region = await regionOrNotFound(db, actor.cityId, code);
  const manageScope = scopeOf(actor, 'region.manage');
  authorizeOn(true, manageScope !== undefined && scopeCoversPath(manageScope, region.path), 'region');
  const patch: Partial<repo.RegionInsert> = { updatedAt: ctx.now() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.population !== undefined) patch.population = input.population;
  if (input.geometry !== undefined) {
    const checked = validateGeometry(input.geometry);
    if (!checked.ok) throw new AppError(400, 'invalid_geometry', checked.reason);
    patch.geometry = checked.geometry;
  }
  await db.transaction(async (tx) => {
    await repo.updateRegion(tx, actor.cityId, region.id, patch);
    if (patch.geometry) await repo.bumpRegionsVersion(tx, actor.cityId);
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'region.update',
      entityType: 'region',
      entityId: code,
      detail: { fields: Object.keys(input) },
    });
  });
  return getRegion(ctx, actor, code);
}
