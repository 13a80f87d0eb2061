import type { ClassifierModelView, ClassifierQuality } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { cityRootPath, requireScope, type Actor } from '../../lib/policy.ts';
import type { ClassQuality } from './classifier.eval.ts';
import * as repo from './classifier.repo.ts';
import { activateModel, listCityModels } from './classifier.service.ts';

const DAY_MS = 24 * 3600 * 1000;
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function presentModel(row: repo.ModelSummary): ClassifierModelView {
  return {
    version: row.version,
    trainedAt: row.trainedAt.toISOString(),
    source: row.source,
    trainedBy: row.trainedBy,
    itemCount: row.itemCount,
    labelCount: row.labelCount,
    trainingMs: row.trainingMs,
    accuracy: row.accuracy,
    macroF1: row.macroF1,
    active: row.active,
  };
}

/** Any staff member who reads cases may follow the classifier: its models and how intake used its suggestions. */
export async function listModelsFor(ctx: Context, actor: Actor): Promise<{ items: ClassifierModelView[] }> {
  requireScope(actor, 'case.read');
  return { items: (await listCityModels(ctx, actor.cityId)).map(presentModel) };
}

export async function modelDetailFor(
  ctx: Context,
  actor: Actor,
  version: number,
): Promise<ClassifierModelView & { perClass: ClassQuality[] }> {
  requireScope(actor, 'case.read');
  const row = await repo.findModelSummary(ctx.database.db, actor.cityId, version);
  if (!row) throw notFound(`classifier model version ${version}`);
  const quality = row.quality as { perClass?: ClassQuality[] } | null;
  return { ...presentModel(row), perClass: quality?.perClass ?? [] };
}

const requireCityAdmin = (actor: Actor): void => {
  const scope = requireScope(actor, 'catalogue.manage');
  if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden("The city's classifier is managed by city-wide administrators");
};

/** City-wide administrators switch the active version (roll back to an earlier one, or forward again). */
export async function activateFor(ctx: Context, actor: Actor, version: number): Promise<ClassifierModelView> {
  requireCityAdmin(actor);
  return presentModel(await activateModel(ctx, actor.cityId, version, actor.accountId));
}

/** Beijing midnight of a YYYY-MM-DD day, as an instant. */
const beijingDayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS);
const beijingDay = (at: Date): string => new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

/** Suggestions accepted and corrected at intake, per month and model version, over [from, to] (Beijing days). */
export async function qualityFor(ctx: Context, actor: Actor, query: { from?: string; to?: string }): Promise<ClassifierQuality> {
  requireScope(actor, 'case.read');
  const to = query.to ?? beijingDay(ctx.now());
  const from = query.from ?? beijingDay(new Date(ctx.now().getTime() - 90 * DAY_MS));
  if (from > to) throw new AppError(400, 'invalid_period', 'from is after to');
  const start = beijingDayStart(from);
  const end = new Date(beijingDayStart(to).getTime() + DAY_MS);
  const { db } = ctx.database;
  const [byMonth, topCorrections] = await Promise.all([
    repo.suggestionCounts(db, actor.cityId, start, end),
    repo.topCorrections(db, actor.cityId, start, end, 10),
  ]);
  const sum = (key: 'suggested' | 'accepted' | 'corrected') => byMonth.reduce((total, row) => total + row[key], 0);
  const accepted = sum('accepted');
  const corrected = sum('corrected');
  return {
    from,
    to,
    suggested: sum('suggested'),
    accepted,
    corrected,
    acceptanceRate: accepted + corrected === 0 ? null : accepted / (accepted + corrected),
    byMonth,
    topCorrections,
  };
}
