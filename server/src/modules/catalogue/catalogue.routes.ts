import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { firstLevelSchema } from './catalogue.rules.ts';
import { getCatalogue, replaceCatalogue } from './catalogue.service.ts';

export function catalogueRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/catalogue',
      {
        schema: {
          tags: ['catalogue'],
          summary: "The city's dispatch catalogue (派单目录): three levels, leaves with deadline tier, handler, keywords and extra fields",
          response: { 200: z.object({ categories: z.array(firstLevelSchema) }), ...errorResponses },
        },
      },
      async (req) => getCatalogue(ctx, await authenticate(ctx, req)),
    );
    app.put(
      '/api/catalogue',
      {
        bodyLimit: ctx.config.importLimitBytes,
        schema: {
          tags: ['catalogue'],
          summary: 'Replace the catalogue (city-wide administrators); cases already taken in keep their category as it was',
          body: z.looseObject({ categories: z.array(z.unknown()) }),
          response: { 200: z.object({ categories: z.array(firstLevelSchema) }), ...errorResponses },
        },
      },
      async (req) => replaceCatalogue(ctx, await authenticate(ctx, req), req.body),
    );
  };
}
