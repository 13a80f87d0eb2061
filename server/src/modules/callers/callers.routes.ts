import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerFlagClear, callerFlagList, callerFlagListQuery, callerFlagView, callerSettings } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { clearCallerFlag, getCallerSettings, listCallerFlags, saveCallerSettings } from './callers.service.ts';

const idParams = z.object({ id: z.uuid() });

export function callersRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['callers'] };
    app.get(
      '/api/caller-flags',
      {
        schema: {
          ...tag,
          summary: 'Flagged numbers (恶意来电, 重复来电) with a case in your territory; phones masked',
          querystring: callerFlagListQuery,
          response: { 200: callerFlagList, ...errorResponses },
        },
      },
      async (req) => listCallerFlags(ctx, await authenticate(ctx, req), req.query),
    );
    app.post(
      '/api/caller-flags/:id/clear',
      {
        schema: {
          ...tag,
          summary: 'Clear a flag, with the reason (dispatchers and administrators; audited)',
          params: idParams,
          body: callerFlagClear,
          response: { 200: callerFlagView, ...errorResponses },
        },
      },
      async (req) => clearCallerFlag(ctx, await authenticate(ctx, req), req.params.id, req.body.reason),
    );
    app.get(
      '/api/caller-settings',
      {
        schema: {
          ...tag,
          summary: 'When a number is flagged: marks in days, cases in hours',
          response: { 200: callerSettings, ...errorResponses },
        },
      },
      async (req) => getCallerSettings(ctx, await authenticate(ctx, req)),
    );
    app.put(
      '/api/caller-settings',
      {
        schema: {
          ...tag,
          summary: 'Set when a number is flagged (city-wide administrators; audited)',
          body: callerSettings,
          response: { 200: callerSettings, ...errorResponses },
        },
      },
      async (req) => saveCallerSettings(ctx, await authenticate(ctx, req), req.body),
    );
  };
}
