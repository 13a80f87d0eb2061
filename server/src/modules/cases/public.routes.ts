import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callbackAnswers, caseStatus, errorBody, publicCaseCreate, publicCaseView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { enforceLimits } from '../../http/limits.ts';
import { errorResponses } from '../../http/schemas.ts';
import { answerCallback, callbackPage, publicCity, publicPhoto, publicReport, publicTrack } from './public.service.ts';
import { MAX_PHOTO_BYTES } from './photos.service.ts';
import { publicRegionChildrenGeoJson } from '../org/index.ts';

const cityParams = z.object({ city: z.string().min(1).max(50).describe('city slug or code') });
const tokenParams = z.object({ token: z.string().max(100) });

/** Residents without an account: stricter rate limits per address than the API's (the report: GONGZHI_PUBLIC_INTAKE_LIMIT_PER_MINUTE). */
export function publicCasesRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['public'] };
    const limited = { rateLimit: { max: Math.max(10, Math.floor(ctx.config.rateLimitPerMinute / 10)), timeWindow: '1 minute' } };
    app.get(
      '/api/public/:city',
      {
        schema: {
          ...tag,
          summary: "The city and its catalogue's leaves, for the resident's report form",
          params: cityParams,
          response: {
            200: z.object({
              code: z.string(),
              slug: z.string(),
              name: z.string(),
              categories: z.array(z.object({ code: z.string(), path: z.array(z.string()), required: z.boolean() })),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => publicCity(ctx, req.params.city),
    );
    app.post(
      '/api/public/:city/cases',
      {
        schema: {
          ...tag,
          summary: 'Report a problem without an account; answers the tracking code (and sends it by SMS)',
          params: cityParams,
          headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
          body: publicCaseCreate,
          response: {
            201: z.object({ trackingCode: z.string(), status: caseStatus, dueAt: z.string().nullable() }),
            200: z.object({ trackingCode: z.string(), status: caseStatus, dueAt: z.string().nullable() }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        enforceLimits(ctx, [[ctx.limits.publicIntakePerAddress, req.ip]]);
        const { replayed, ...body } = await publicReport(ctx, req.params.city, req.body, req.headers['idempotency-key']);
        return reply.status(replayed ? 200 : 201).send(body);
      },
    );
    app.get(
      '/api/public/:city/regions/:code/children.geojson',
      {
        config: limited,
        schema: {
          ...tag,
          summary: "The city's districts, or a district's streets (GeoJSON), for placing a report on the map",
          params: cityParams.extend({ code: z.string().max(20) }),
        },
      },
      async (req, reply) =>
        reply.type('application/geo+json').send(await publicRegionChildrenGeoJson(ctx, req.params.city, req.params.code)),
    );
    app.post(
      '/api/public/:city/photos',
      {
        config: limited,
        bodyLimit: MAX_PHOTO_BYTES,
        schema: {
          ...tag,
          summary: 'Upload a photo for a report (image/jpeg, image/png or image/webp body)',
          params: cityParams,
          response: { 201: z.object({ id: z.string() }), ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await publicPhoto(ctx, req.params.city, req.body)),
    );
    app.get(
      '/api/public/:city/cases/:code',
      {
        config: limited,
        schema: {
          ...tag,
          summary: 'Follow a case by its tracking code (no names, no phones)',
          params: cityParams.extend({ code: z.string().max(20) }),
          response: { 200: publicCaseView, ...errorResponses },
        },
      },
      async (req) => publicTrack(ctx, req.params.city, req.params.code),
    );
    const callbackView = z.object({
      trackingCode: z.string(),
      city: z.object({ slug: z.string(), name: z.string() }),
      text: z.string(),
      reply: z.string().nullable(),
      open: z.boolean(),
    });
    app.get(
      '/api/public/callbacks/:token',
      {
        config: limited,
        schema: {
          ...tag,
          summary: 'The callback (回访) link sent by SMS',
          params: tokenParams,
          response: { 200: callbackView, ...errorResponses },
        },
      },
      async (req) => callbackPage(ctx, req.params.token),
    );
    app.post(
      '/api/public/callbacks/:token',
      {
        config: limited,
        schema: {
          ...tag,
          summary: "The resident's answers: contacted? solved? satisfied? (once; unsatisfied reopens the case)",
          params: tokenParams,
          body: callbackAnswers,
          response: { 200: z.object({ trackingCode: z.string(), status: caseStatus }), 410: errorBody, ...errorResponses },
        },
      },
      async (req) => answerCallback(ctx, req.params.token, req.body),
    );
  };
}
