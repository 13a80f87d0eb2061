import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hotspotAction, hotspotDetectResult, hotspotList, hotspotListQuery, hotspotView } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { actOnHotspot, detectNow, getHotspot, listHotspots } from './hotspots.service.ts';

const idParams = z.object({ id: z.string().max(60) });

export function hotspotsRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['hotspots'] };
    app.get(
      '/api/hotspots',
      {
        schema: {
          ...tag,
          summary: 'Hotspots (未诉先办) in the territory where the user reads cases, highest score first',
          querystring: hotspotListQuery,
          response: { 200: hotspotList, ...errorResponses },
        },
      },
      async (req) => listHotspots(ctx, await authenticate(ctx, req), req.query),
    );
    app.post(
      '/api/hotspots/detect',
      {
        schema: {
          ...tag,
          summary: "Run detection on the user's city now (it also runs every 10 minutes)",
          response: { 200: hotspotDetectResult, ...errorResponses },
        },
      },
      async (req) => detectNow(ctx, await authenticate(ctx, req)),
    );
    app.get(
      '/api/hotspots/:id',
      {
        schema: {
          ...tag,
          summary: 'One hotspot with the cases behind it and the steps this user may take',
          params: idParams,
          response: { 200: hotspotView, ...errorResponses },
        },
      },
      async (req) => getHotspot(ctx, await authenticate(ctx, req), req.params.id),
    );
    app.post(
      '/api/hotspots/:id/actions',
      {
        schema: {
          ...tag,
          summary: 'acknowledge, dismiss, to_case (opens a case, channel proactive) or to_whistle (a street blows a whistle on it)',
          params: idParams,
          body: hotspotAction,
          response: { 200: hotspotView, ...errorResponses },
        },
      },
      async (req) => actOnHotspot(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
  };
}
