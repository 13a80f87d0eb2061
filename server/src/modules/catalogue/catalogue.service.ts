import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, forbidden } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { cityRootPath, requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './catalogue.repo.ts';
import type {
  Catalogue,
  CatalogueFirstLevel,
  CatalogueLeaf,
  CatalogueSecondLevel,
  DeadlineTier,
  ExtraField,
  HandlerSpec,
} from './catalogue.rules.ts';
import { validateCatalogue } from './catalogue.rules.ts';

/** The rows of a catalogue tree, parents before children. */
function catalogueRows(cityId: string, catalogue: Catalogue): repo.CategoryRecord[] {
  const rows: repo.CategoryRecord[] = [];
  const add = (node: { code: string; name: string; nameEn?: string }, level: number, parentId: string | null, leaf?: CatalogueLeaf) => {
    const id = newId();
    rows.push({
      city_id: cityId,
      id,
      parent_id: parentId,
      level,
      code: node.code,
      name: node.name,
      name_en: node.nameEn ?? null,
      deadline_tier: leaf?.deadlineTier ?? null,
      handler: leaf?.handler ?? null,
      keywords: leaf?.keywords ?? [],
      fields: leaf?.fields ?? [],
    });
    return id;
  };
  for (const first of catalogue.categories) {
    const firstId = add(first, 1, null);
    for (const second of first.children) {
      const secondId = add(second, 2, firstId);
      for (const leaf of second.children) add(leaf, 3, secondId, leaf);
    }
  }
  return rows;
}

/** Stores a validated catalogue as the city's catalogue; a city that already has one is refused. */
export async function installCatalogue(db: Db, cityId: string, catalogue: Catalogue, actorId: string | null): Promise<number> {
  if ((await repo.countCategories(db, cityId)) > 0) throw conflict('catalogue_exists', 'The city already has a catalogue');
  const rows = catalogueRows(cityId, catalogue);
  await db.transaction(async (tx) => {
    await repo.insertCategories(tx, rows);
    await appendAudit(tx, {
      cityId,
      actorId,
      action: 'catalogue.install',
      entityType: 'catalogue',
      detail: { categories: rows.length, version: catalogue.version ?? null },
    });
  });
  return rows.length;
}

/**
 * Replaces the city's catalogue (city-wide administrators). Cases keep the category they were
 * taken in with (a snapshot), so an edit never rewrites a case already routed.
 */
export async function replaceCatalogue(ctx: Context, actor: Actor, tree: unknown): Promise<{ categories: CatalogueFirstLevel[] }> {
  const scope = requireScope(actor, 'catalogue.manage');
  if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('The catalogue is set by city-wide administrators');
  const checked = validateCatalogue(tree);
  if (!checked.ok) throw new AppError(400, 'invalid_catalogue', `${checked.errors[0]!.path}: ${checked.errors[0]!.reason}`, checked.errors);
  const rows = catalogueRows(actor.cityId, checked.catalogue);
  await ctx.database.db.transaction(async (tx) => {
    await repo.deleteCategories(tx, actor.cityId);
    await repo.insertCategories(tx, rows);
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'catalogue.replace',
      entityType: 'catalogue',
      detail: { categories: rows.length, version: checked.catalogue.version ?? null },
    });
  });
  ctx.cache.invalidate(actor.cityId, 'leaves');
  return getCatalogue(ctx, actor);
}

/** The city's catalogue as a tree, as every role reads it (intake needs it everywhere). */
export async function getCatalogue(ctx: Context, actor: Actor): Promise<{ categories: CatalogueFirstLevel[] }> {
  requireScope(actor, 'region.read');
  const rows = await repo.listCategories(ctx.database.db, actor.cityId);
  const byParent = new Map<string | null, repo.CategoryRow[]>();
  for (const row of rows) {
    const list = byParent.get(row.parentId) ?? [];
    list.push(row);
    byParent.set(row.parentId, list);
  }
  const named = (row: repo.CategoryRow) => ({ code: row.code, name: row.name, ...(row.nameEn ? { nameEn: row.nameEn } : {}) });
  const leaf = (row: repo.CategoryRow): CatalogueLeaf => ({
    ...named(row),
    deadlineTier: row.deadlineTier as DeadlineTier,
    handler: row.handler as HandlerSpec,
    keywords: row.keywords as string[],
    ...((row.fields as ExtraField[]).length > 0 ? { fields: row.fields as ExtraField[] } : {}),
  });
  const second = (row: repo.CategoryRow): CatalogueSecondLevel => ({ ...named(row), children: (byParent.get(row.id) ?? []).map(leaf) });
  const first = (row: repo.CategoryRow): CatalogueFirstLevel => ({ ...named(row), children: (byParent.get(row.id) ?? []).map(second) });
  return { categories: (byParent.get(null) ?? []).map(first) };
}
