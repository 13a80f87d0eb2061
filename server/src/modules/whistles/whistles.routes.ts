import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { whistleActionRequest, whistleCreate, whistleList, whistleListQuery, whistleSettings, whistleView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { actOnWhistle, blowWhistle } from './whistles.service.ts';
import { getWhistleSettings, saveWhistleSettings } from './whistles.settings.ts';
import { getWhistle, listWhistles, summonableUnits } from './whistles.view.ts';
import { unitKind } from '@gongzhi/contracts';

const idParams = z.object({ id: z.string().max(60) });
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('any unique string per logical request: a retry with the same key and body answers the first whistle'),
});

export function whistlesRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['whistles'] };
    app.post(
      '/api/whistles',
      {
        schema: {
          ...tag,
          summary: '吹哨: a street or community summons departments to a place; each is notified at once',
          headers: idempotencyHeaders,
          body: whistleCreate,
          response: { 200: whistleView, 201: whistleView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        const result = await blowWhistle(ctx, actor, req.body, req.headers['idempotency-key']);
        if (result.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.status(result.replayed ? 200 : 201).send(result.body);
      },
    );
    app.get(
      '/api/whistles',
      {
        schema: {
          ...tag,
          summary: 'Whistles the user may read (mine=true: those its units blew or were summoned to), open ones first',
          querystring: whistleListQuery,
          response: { 200: whistleList, ...errorResponses },
        },
      },
      async (req) => listWhistles(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/whistles/units',
      {
        schema: {
          ...tag,
          summary: 'The units a street or community may summon (any level), searched by name: departments first',
          querystring: z.strictObject({ q: z.string().max(50).optional(), limit: z.coerce.number().int().min(1).max(100).default(30) }),
          response: {
            200: z.object({
              items: z.array(z.object({ id: z.string(), name: z.string(), kind: unitKind, departmentType: z.string().nullable() })),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => summonableUnits(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/whistles/:id',
      {
        schema: {
          ...tag,
          summary: 'One whistle: attendance (arrival, lateness, check-in distance), ratings, timeline, the steps this user may take',
          params: idParams,
          response: { 200: whistleView, ...errorResponses },
        },
      },
      async (req) => getWhistle(ctx, await authenticate(ctx, req), req.params.id),
    );
    app.post(
      '/api/whistles/:id/actions',
      {
        schema: {
          ...tag,
          summary: '报到 steps (acknowledge, check_in, act, leave) by a summoned department; close, rate, spawn_case by the blowing unit',
          params: idParams,
          body: whistleActionRequest,
          response: { 200: whistleView, ...errorResponses },
        },
      },
      async (req) => actOnWhistle(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.get(
      '/api/whistle-settings',
      {
        schema: {
          ...tag,
          summary: "The city's whistle settings: the default arrival deadline and the check-in radius",
          response: { 200: whistleSettings, ...errorResponses },
        },
      },
      async (req) => getWhistleSettings(ctx, await authenticate(ctx, req)),
    );
    app.put(
      '/api/whistle-settings',
      {
        schema: {
          ...tag,
          summary: 'Set the whistle settings (city-wide administrators); whistles already blown keep theirs',
          body: whistleSettings,
          response: { 200: whistleSettings, ...errorResponses },
        },
      },
      async (req) => saveWhistleSettings(ctx, await authenticate(ctx, req), req.body),
    );
  };
}
