import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { locateResult } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { AppError } from '../../lib/errors.ts';
import { requireScope } from '../../lib/policy.ts';

export function geoRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/geo/locate',
      {
        schema: {
          tags: ['geo'],
          summary: 'The grid, community, street, district and city that contain a point (GCJ-02)',
          querystring: z.object({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
          response: { 200: locateResult, ...errorResponses },
        },
      },
      async (req) => {
        const actor = await authenticate(ctx, req);
        requireScope(actor, 'region.read');
        const found = await ctx.locator.locate(actor.cityId, req.query.lng, req.query.lat);
        if (!found?.city) throw new AppError(404, 'outside_jurisdiction', 'The point lies outside the city');
        return {
          grid: found.grid ?? null,
          community: found.community ?? null,
          street: found.street ?? null,
          district: found.district ?? null,
          city: found.city,
        };
      },
    );
  };
}
