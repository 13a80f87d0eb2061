import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';

export function healthRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['health'],
          summary: 'Liveness with a database check',
          security: [],
          response: {
            200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }),
            503: z.object({
              status: z.literal('unavailable'),
              database: z.enum(['pglite', 'postgres']),
              error: z.object({ code: z.string(), message: z.string() }),
            }),
          },
        },
      },
      async (_req, reply) => {
        try {
          await withTimeout(ctx.database.ping(), 2_000);
          return { status: 'ok' as const, database: ctx.database.kind };
        } catch {
          return reply.status(503).send({
            status: 'unavailable' as const,
            database: ctx.database.kind,
            error: { code: 'database_unavailable', message: 'The database does not answer' },
          });
        }
      },
    );
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
