import { z } from 'zod';
import { lngLat } from './cases.ts';

// 智能派单: the city's text classifier suggests a category (and, through the routing rules, a unit) for a
// new case; below the city's threshold the operator decides and the suggestion is only shown.

/** The text to classify, and where it happened when known (then the answer names the unit it routes to). */
export const classifierSuggestRequest = z.strictObject({
  text: z.string().max(100_000).describe('the complaint as told; only its first 20,000 characters are read'),
  location: lngLat.optional().describe('GCJ-02 longitude/latitude of the place: the unit is then routed as intake would'),
});
export type ClassifierSuggestRequest = z.input<typeof classifierSuggestRequest>;

const categoryRef = z.object({ code: z.string(), name: z.string(), path: z.array(z.string()) });

export const classifierSuggestion = z.object({
  /** Name this id when the case is taken in (POST /api/classifier/suggestions/{id}/outcome) so quality can be followed. */
  suggestionId: z.string(),
  modelVersion: z.number().int(),
  category: categoryRef,
  /** Probability of the category, calibrated on held-out cases (0–1). */
  confidence: z.number(),
  threshold: z.number(),
  /** Below the threshold intake only shows the suggestion; at or above it, intake pre-selects the category. */
  belowThreshold: z.boolean(),
  /** The unit the routing rules send this category to at this place; null without a place or a unit. */
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  routeRuleId: z.string().nullable(),
  routeReason: z.string().nullable(),
  /** The next most likely categories. */
  alternatives: z.array(categoryRef.extend({ probability: z.number() })),
});
export type ClassifierSuggestion = z.infer<typeof classifierSuggestion>;

export const classifierSuggestReason = z.enum(['no_model', 'unreadable_text', 'no_known_category']);

/** A suggestion, or null with why (no model trained yet, no readable character in the text …). */
export const classifierSuggestResponse = z.object({
  suggestion: classifierSuggestion.nullable(),
  reason: classifierSuggestReason.nullable(),
});
export type ClassifierSuggestResponse = z.infer<typeof classifierSuggestResponse>;

export const classifierOutcomeRequest = z.strictObject({ caseId: z.string().min(1).max(60) });

export const classifierOutcome = z.object({
  suggestionId: z.string(),
  suggestedCode: z.string(),
  chosenCode: z.string().nullable(),
  outcome: z.enum(['accepted', 'corrected']),
});
export type ClassifierOutcome = z.infer<typeof classifierOutcome>;

export const classifierSettings = z.strictObject({
  threshold: z.number().min(0).max(1).describe('confidence from which intake pre-selects the suggested category'),
});
export type ClassifierSettings = z.infer<typeof classifierSettings>;

const classQuality = z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number().int() });

export const classifierModelView = z.object({
  version: z.number().int(),
  trainedAt: z.string(),
  source: z.string(),
  trainedBy: z.string().nullable(),
  itemCount: z.number().int(),
  labelCount: z.number().int(),
  trainingMs: z.number().int(),
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  active: z.boolean(),
});
export type ClassifierModelView = z.infer<typeof classifierModelView>;

export const classifierModelDetail = classifierModelView.extend({
  perClass: z.array(classQuality),
});

export const classifierQualityQuery = z.strictObject({
  from: z.iso.date().optional().describe('first day (Beijing time), default 90 days ago'),
  to: z.iso.date().optional().describe('last day (Beijing time), default today'),
});

/** Accepted and corrected suggestions, per month and model version: how well the classifier serves intake. */
export const classifierQuality = z.object({
  from: z.string(),
  to: z.string(),
  suggested: z.number().int(),
  accepted: z.number().int(),
  corrected: z.number().int(),
  /** accepted ÷ (accepted + corrected); null without decided suggestions. */
  acceptanceRate: z.number().nullable(),
  byMonth: z.array(
    z.object({
      month: z.string(),
      modelVersion: z.number().int(),
      suggested: z.number().int(),
      accepted: z.number().int(),
      corrected: z.number().int(),
    }),
  ),
  /** The categories most often corrected, with what the operators chose instead. */
  topCorrections: z.array(z.object({ suggestedCode: z.string(), chosenCode: z.string().nullable(), count: z.number().int() })),
});
export type ClassifierQuality = z.infer<typeof classifierQuality>;
