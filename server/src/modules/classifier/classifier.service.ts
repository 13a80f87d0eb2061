import type { ClassifierOutcome, ClassifierSuggestRequest, ClassifierSuggestResponse } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { canReadCase, casesRepo, cityLeaves, cityRoutingRules, cityUnits } from '../cases/index.ts';
import { routeCase } from '../routing/index.ts';
import { hasReadableText } from './classifier.features.ts';
import { fromModelJson, toModelJson } from './classifier.format.ts';
import { predict, type Classifier } from './classifier.model.ts';
import * as repo from './classifier.repo.ts';
import { cityClassifierSettings } from './classifier.settings.ts';
import { modelWeight, plainWeight, type GramWeight } from './classifier.vectors.ts';
import { cleanExamples, trainAndMeasure } from './classifier.training.ts';

/** Fewest distinct categorised cases a city model is trained from. */
export const MIN_TRAINING_CASES = 20;

export interface TrainCityOptions {
  /** Who trained it: an account's name, or 'cli'. */
  trainedBy: string;
  folds?: number;
  /** Make the new model the one intake asks (default). */
  activate?: boolean;
}

/** Trains a model from the city's own cases (their current category), stores it as the next version and activates it. */
export async function trainCityModel(ctx: Context, cityId: string, options: TrainCityOptions): Promise<repo.ModelSummary> {
  const { db } = ctx.database;
  const rows = await casesRepo.categorisedTexts(db, cityId);
  const examples = cleanExamples(rows.map((r) => ({ text: r.text, label: r.categoryCode })));
  if (examples.texts.length < MIN_TRAINING_CASES) {
    throw new AppError(
      422,
      'too_few_cases',
      `the city has ${examples.texts.length} distinct categorised cases; a model needs at least ${MIN_TRAINING_CASES}`,
    );
  }
  const trained = trainAndMeasure(examples, options.folds ?? 5);
  const version = await db.transaction(async (tx) => {
    const inserted = await repo.insertModel(tx, {
      cityId,
      trainedAt: ctx.now(),
      source: 'cases',
      trainedBy: options.trainedBy,
      itemCount: examples.texts.length,
      labelCount: trained.model.labels.length,
      trainingMs: trained.trainingMs,
      accuracy: trained.quality?.accuracy ?? null,
      macroF1: trained.quality?.macroF1 ?? null,
      quality: trained.quality,
      model: toModelJson(trained.model),
    });
    if (options.activate !== false) await repo.activate(tx, cityId, inserted);
    await appendAudit(tx, {
      cityId,
      actorId: null,
      action: 'classifier.train',
      entityType: 'classifier_model',
      entityId: String(inserted),
      detail: { trainedBy: options.trainedBy, items: examples.texts.length, macroF1: trained.quality?.macroF1 ?? null },
    });
    return inserted;
  });
  ctx.cache.invalidate(cityId, 'classifier-active');
  return (await repo.findModelSummary(db, cityId, version))!;
}

/** Makes an earlier (or later) version the active model: the rollback. */
export async function activateModel(ctx: Context, cityId: string, version: number, actorId: string | null): Promise<repo.ModelSummary> {
  const { db } = ctx.database;
  const found = await db.transaction(async (tx) => {
    if (!(await repo.activate(tx, cityId, version))) return false;
    await appendAudit(tx, {
      cityId,
      actorId,
      action: 'classifier.activate',
      entityType: 'classifier_model',
      entityId: String(version),
      detail: { version },
    });
    return true;
  });
  if (!found) throw notFound(`classifier model version ${version}`);
  ctx.cache.invalidate(cityId, 'classifier-active');
  return (await repo.findModelSummary(db, cityId, version))!;
}

/** The city's models, newest first (without their weights). */
export function listCityModels(ctx: Context, cityId: string): Promise<repo.ModelSummary[]> {
  return repo.listModels(ctx.database.db, cityId);
}

// Loaded models by database and city: parsing one costs tens of milliseconds, so it is kept until the
// active version changes (seen within the city cache's few seconds, also when another process changed it).
const loaded = new WeakMap<Db, Map<string, { version: number; model: Promise<Classifier> }>>();

/** The city's active model, or null when it has none. */
export async function activeClassifier(ctx: Context, cityId: string): Promise<{ version: number; model: Classifier } | null> {
  const { db } = ctx.database;
  const version = await ctx.cache.get(cityId, 'classifier-active', () => repo.activeVersion(db, cityId));
  if (version === null) return null;
  let byCity = loaded.get(db);
  if (!byCity) loaded.set(db, (byCity = new Map()));
  let entry = byCity.get(cityId);
  if (!entry || entry.version !== version) {
    const model = repo.loadModelJson(db, cityId, version).then((json) => fromModelJson(json));
    entry = { version, model };
    byCity.set(cityId, entry);
    model.catch(() => byCity.delete(cityId));
  }
  return { version, model: await entry.model };
}

const weights = new WeakMap<Classifier, GramWeight>();

/** How grams weigh in text similarity for the city: its active model's idf, plain TF without a model. */
export async function activeGramWeight(ctx: Context, cityId: string): Promise<GramWeight> {
  const active = await activeClassifier(ctx, cityId);
  if (!active) return plainWeight;
  let weight = weights.get(active.model);
  if (!weight) weights.set(active.model, (weight = modelWeight(active.model)));
  return weight;
}

const requireIntake = (actor: Actor): void => {
  // Staff who take cases in (operators, dispatchers, grid workers, administrators); not residents.
  requireScope(actor, 'case.create');
  requireScope(actor, 'case.read');
};

/** Suggests a category for a text with the city's active model, and the unit it routes to when the place is given. */
export async function suggestCategory(ctx: Context, actor: Actor, input: ClassifierSuggestRequest): Promise<ClassifierSuggestResponse> {
  requireIntake(actor);
  const { cityId } = actor;
  if (!hasReadableText(input.text)) return { suggestion: null, reason: 'unreadable_text' };
  const active = await activeClassifier(ctx, cityId);
  if (!active) return { suggestion: null, reason: 'no_model' };
  const prediction = predict(active.model, input.text);
  if (!prediction.label) return { suggestion: null, reason: 'unreadable_text' };
  const leaves = await cityLeaves(ctx, cityId);
  // The catalogue may have changed since training: only current leaves are suggested.
  const ranked = prediction.ranking.filter((r) => leaves.has(r.label));
  const best = ranked[0];
  if (!best) return { suggestion: null, reason: 'no_known_category' };
  const leaf = leaves.get(best.label)!;
  const { threshold } = await cityClassifierSettings(ctx, cityId);
  const route = input.location ? await routeTo(ctx, cityId, input.location, leaf) : null;
  const suggestionId = newId();
  const belowThreshold = best.probability < threshold;
  await repo.insertSuggestion(ctx.database.db, {
    cityId,
    id: suggestionId,
    modelVersion: active.version,
    suggestedCode: leaf.code,
    confidence: best.probability,
    threshold,
    belowThreshold,
    suggestedBy: actor.accountId,
    suggestedAt: ctx.now(),
  });
  return {
    suggestion: {
      suggestionId,
      modelVersion: active.version,
      category: { code: leaf.code, name: leaf.name, path: leaf.path },
      confidence: best.probability,
      threshold,
      belowThreshold,
      unit: route?.unit ?? null,
      routeRuleId: route?.ruleId ?? null,
      routeReason: route?.reason ?? null,
      alternatives: ranked.slice(1, 4).map((r) => {
        const other = leaves.get(r.label)!;
        return { code: other.code, name: other.name, path: other.path, probability: r.probability };
      }),
    },
    reason: null,
  };
}

async function routeTo(
  ctx: Context,
  cityId: string,
  location: { lng: number; lat: number },
  leaf: { code: string; handler: Parameters<typeof routeCase>[0]['handler'] },
): Promise<{ unit: { id: string; name: string } | null; ruleId: string | null; reason: string }> {
  const place = await ctx.locator.place(cityId, location.lng, location.lat);
  if (!place) return { unit: null, ruleId: null, reason: 'the place is outside the city' };
  const [units, rules] = await Promise.all([cityUnits(ctx, cityId), cityRoutingRules(ctx, cityId)]);
  const decision = routeCase({ units: units.list, place: { path: place.path }, leafCode: leaf.code, handler: leaf.handler, rules });
  const unit = decision.unitId ? units.byId.get(decision.unitId) : undefined;
  return { unit: unit ? { id: unit.id, name: unit.name } : null, ruleId: decision.ruleId, reason: decision.reason };
}

/** Records what the operator took the case in as: the suggested category (accepted) or another (corrected). */
export async function recordSuggestionOutcome(
  ctx: Context,
  actor: Actor,
  suggestionId: string,
  caseId: string,
): Promise<ClassifierOutcome> {
  requireIntake(actor);
  const { db } = ctx.database;
  const suggestion = isUuid(suggestionId) ? await repo.findSuggestion(db, actor.cityId, suggestionId) : undefined;
  if (!suggestion || suggestion.suggestedBy !== actor.accountId) throw notFound('suggestion');
  const theCase = isUuid(caseId) ? await casesRepo.findCase(db, actor.cityId, caseId) : undefined;
  if (!theCase || !canReadCase(actor, theCase)) throw notFound('case');
  const outcome = theCase.categoryCode === suggestion.suggestedCode ? 'accepted' : 'corrected';
  const recorded = await repo.recordOutcome(db, actor.cityId, suggestionId, {
    caseId,
    chosenCode: theCase.categoryCode,
    outcome,
    decidedAt: ctx.now(),
  });
  if (!recorded) throw new AppError(409, 'outcome_recorded', 'this suggestion or this case already has an outcome');
  return { suggestionId, suggestedCode: suggestion.suggestedCode, chosenCode: theCase.categoryCode, outcome };
}
