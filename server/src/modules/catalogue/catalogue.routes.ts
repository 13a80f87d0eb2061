import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { firstLevelSchema } from './catalogue.rules.ts';
import { getCatalogue } from './catalogue.service.ts';

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
  };
}
