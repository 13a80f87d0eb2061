import type { RegionLevel, UnitView } from '@gongzhi/contracts';
import type { UnitKind } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeOn, requireScope, scopeCoversPath, scopeCoversUnit, scopeOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './org.repo.ts';
import { importFailed, type Failure } from './org.rules.ts';
import { regionOrNotFound } from './regions.service.ts';

function presentUnit(u: repo.UnitRow): UnitView {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind as UnitKind,
    departmentType: u.departmentType,
    region: { code: u.regionCode, name: u.regionName, level: u.regionLevel as RegionLevel },
  };
}

/** A unit by id, within the city, with its region path (other modules use it to check scopes). */
export const findUnitInCity = (db: Db, cityId: string, unitId: string): Promise<repo.UnitRow | undefined> =>
  repo.findUnit(db, cityId, unitId);

export async function listUnits(
  ctx: Context,
  actor: Actor,
  filter: { region?: string; kind?: string; q?: string; limit: number; offset: number },
) {
  const scope = requireScope(actor, 'unit.read');
  const { db } = ctx.database;
  let regionPath: string | undefined;
  if (filter.region) regionPath = (await regionOrNotFound(db, actor.cityId, filter.region)).path;
  const { rows, total } = await repo.listUnits(db, actor.cityId, scope, { ...filter, regionPath });
  return { items: rows.map(presentUnit), total };
}

export interface UnitInput {
  row?: number;
  name: string;
  kind: UnitKind;
  regionCode: string;
  departmentType?: string | null;
}

async function planUnits(
  db: Db,
  actor: Actor,
  inputs: UnitInput[],
): Promise<{ rows: repo.UnitInsert[]; failures: { row: number; reason: string }[] }> {
  const manageScope = scopeOf(actor, 'unit.manage');
  const regionsByCode = new Map(
    (await repo.findRegionsByCodes(db, actor.cityId, [...new Set(inputs.map((u) => u.regionCode))])).map((r) => [r.code, r]),
  );
  const failures: { row: number; reason: string }[] = [];
  const rows: repo.UnitInsert[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const row = input.row ?? i + 1;
    const region = regionsByCode.get(input.regionCode);
    if (!region) return failures.push({ row, reason: `region ${input.regionCode} does not exist` });
    if (!manageScope || !scopeCoversPath(manageScope, region.path))
      return failures.push({ row, reason: `region ${input.regionCode} is outside your scope` });
    const key = `${region.id}|${input.name}`;
    if (seen.has(key)) return failures.push({ row, reason: `unit ${input.name} appears twice in region ${input.regionCode}` });
    seen.add(key);
    rows.push({
      cityId: actor.cityId,
      id: newId(),
      name: input.name,
      kind: input.kind,
      departmentType: input.departmentType ?? null,
      regionId: region.id,
    });
  });
  return { rows, failures };
}

/** Adds units (one or an import batch, whose rows that failed to parse come as earlierFailures); all or nothing. */
export async function createUnits(
  ctx: Context,
  actor: Actor,
  inputs: UnitInput[],
  action: 'unit.create' | 'unit.import',
  earlierFailures: Failure[] = [],
): Promise<{ created: number; ids: string[] }> {
  requireScope(actor, 'unit.manage');
  const { db } = ctx.database;
  const planned = await planUnits(db, actor, inputs);
  const { rows } = planned;
  const failures = [...earlierFailures, ...planned.failures];
  if (failures.length > 0) {
    if (action === 'unit.create')
      throw new AppError(failures[0]!.reason.includes('outside your scope') ? 404 : 400, 'invalid_unit', failures[0]!.reason);
    throw importFailed(failures);
  }
  try {
    await db.transaction(async (tx) => {
      await repo.insertUnits(tx, rows);
      await appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action,
        entityType: 'unit',
        entityId: rows.length === 1 ? rows[0]!.id : null,
        detail: { count: rows.length, names: rows.map((r) => r.name).slice(0, 200) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('unit_exists', 'A unit with this name already exists in this region');
    throw error;
  }
  ctx.cache.invalidate(actor.cityId);
  return { created: rows.length, ids: rows.map((r) => r.id as string) };
}

export async function getUnit(ctx: Context, actor: Actor, unitId: string): Promise<UnitView> {
  const scope = scopeOf(actor, 'unit.read');
  const unit = await repo.findUnit(ctx.database.db, actor.cityId, unitId);
  if (!unit || !scope || !scopeCoversUnit(scope, { id: unit.id, regionPath: unit.regionPath })) throw notFound('unit');
  return presentUnit(unit);
}

export async function updateUnit(ctx: Context, actor: Actor, unitId: string, input: Partial<UnitInput>): Promise<UnitView> {
  const { db } = ctx.database;
  const unit = await repo.findUnit(db, actor.cityId, unitId);
  const readScope = scopeOf(actor, 'unit.read');
  const manageScope = scopeOf(actor, 'unit.manage');
  const visible = !!unit && !!readScope && scopeCoversUnit(readScope, { id: unit.id, regionPath: unit.regionPath });
  authorizeOn(visible, !!unit && !!manageScope && scopeCoversPath(manageScope, unit.regionPath), 'unit');
  const patch: Partial<repo.UnitInsert> = { updatedAt: ctx.now() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.departmentType !== undefined) patch.departmentType = input.departmentType;
  if (input.regionCode !== undefined) {
    const [region] = await repo.findRegionsByCodes(db, actor.cityId, [input.regionCode]);
    if (!region || !manageScope || !scopeCoversPath(manageScope, region.path))
      throw new AppError(400, 'invalid_unit', `region ${input.regionCode} does not exist or is outside your scope`);
    patch.regionId = region.id;
  }
  try {
    await db.transaction(async (tx) => {
      await repo.updateUnit(tx, actor.cityId, unitId, patch);
      await appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action: 'unit.update',
        entityType: 'unit',
        entityId: unitId,
        detail: { fields: Object.keys(input) },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('unit_exists', 'A unit with this name already exists in this region');
    throw error;
  }
  ctx.cache.invalidate(actor.cityId);
  return getUnit(ctx, actor, unitId);
}
