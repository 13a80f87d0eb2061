import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  classifierModelDetail,
  classifierModelView,
  classifierOutcome,
  classifierOutcomeRequest,
  classifierQuality,
  classifierQualityQuery,
  classifierSettings,
  classifierSuggestRequest,
  classifierSuggestResponse,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { recordSuggestionOutcome, suggestCategory } from './classifier.service.ts';
import { getClassifierSettings, saveClassifierSettings } from './classifier.settings.ts';
import { activateFor, listModelsFor, modelDetailFor, qualityFor } from './classifier.view.ts';

const versionParams = z.object({ version: z.coerce.number().int().min(1).max(1_000_000) });
const idParams = z.object({ id: z.string().max(60) });

export function classifierRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['classifier'] };
    app.post(
      '/api/classifier/suggest',
      {
        schema: {
          ...tag,
          summary: "智能派单: the city's active model suggests a category for a text, with its confidence and the unit it routes to",
          body: classifierSuggestRequest,
          response: { 200: classifierSuggestResponse, ...errorResponses },
        },
      },
      async (req) => suggestCategory(ctx, await authenticate(ctx, req), req.body),
    );
    app.post(
      '/api/classifier/suggestions/:id/outcome',
      {
        schema: {
          ...tag,
          summary: 'Record the case taken in after a suggestion: accepted (same category) or corrected (another)',
          params: idParams,
          body: classifierOutcomeRequest,
          response: { 200: classifierOutcome, ...errorResponses },
        },
      },
      async (req) => recordSuggestionOutcome(ctx, await authenticate(ctx, req), req.params.id, req.body.caseId),
    );
    app.get(
      '/api/classifier/quality',
      {
        schema: {
          ...tag,
          summary: 'Suggestions accepted and corrected at intake, per month and model version, and the most frequent corrections',
          querystring: classifierQualityQuery,
          response: { 200: classifierQuality, ...errorResponses },
        },
      },
      async (req) => qualityFor(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/classifier/models',
      {
        schema: {
          ...tag,
          summary: "The city's trained models, newest first, with their cross-validated quality; one is active",
          response: { 200: z.object({ items: z.array(classifierModelView) }), ...errorResponses },
        },
      },
      async (req) => listModelsFor(ctx, await authenticate(ctx, req)),
    );
    app.get(
      '/api/classifier/models/:version',
      {
        schema: {
          ...tag,
          summary: 'One model with its per-category quality',
          params: versionParams,
          response: { 200: classifierModelDetail, ...errorResponses },
        },
      },
      async (req) => modelDetailFor(ctx, await authenticate(ctx, req), req.params.version),
    );
    app.post(
      '/api/classifier/models/:version/activate',
      {
        schema: {
          ...tag,
          summary: 'Make this version the active model (roll back to an earlier one), city-wide administrators',
          params: versionParams,
          response: { 200: classifierModelView, ...errorResponses },
        },
      },
      async (req) => activateFor(ctx, await authenticate(ctx, req), req.params.version),
    );
    app.get(
      '/api/classifier/settings',
      {
        schema: {
          ...tag,
          summary: "The city's classifier settings: the confidence from which intake pre-selects the category",
          response: { 200: classifierSettings, ...errorResponses },
        },
      },
      async (req) => getClassifierSettings(ctx, await authenticate(ctx, req)),
    );
    app.put(
      '/api/classifier/settings',
      {
        schema: {
          ...tag,
          summary: 'Set the classifier settings (city-wide administrators)',
          body: classifierSettings,
          response: { 200: classifierSettings, ...errorResponses },
        },
      },
      async (req) => saveClassifierSettings(ctx, await authenticate(ctx, req), req.body),
    );
  };
}
