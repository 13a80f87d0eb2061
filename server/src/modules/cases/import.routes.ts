import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { apiKeyOf, authenticate } from '../../http/auth.ts';
import { enforceIntakeLimits } from '../../http/limits.ts';
import { errorResponses } from '../../http/schemas.ts';
import { importCasesCsv } from './import.service.ts';

const importResult = z.object({
  created: z.number().int(),
  queued: z.number().int().describe('taken in without a unit (no point, or no rule placed them): in the dispatch queue'),
  routed: z.number().int().describe('sent straight to a unit by the routing rules'),
});

export function caseImportRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/cases/import',
      {
        bodyLimit: ctx.config.importLimitBytes,
        schema: {
          tags: ['cases', 'import'],
          summary:
            'Import cases from CSV (text, category_code, urgency, lng, lat, address, reporter_name, reporter_phone, anonymous, received_at, fields; ' +
            'or a 12345 export: 标题, 投诉件内容, 区域, 时间(日期), 匿名(1)/实名(0)). Each row is located, routed and given its deadlines; all or nothing',
          consumes: ['text/csv'],
          body: z.string(),
          response: { 201: importResult, ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        enforceIntakeLimits(ctx, actor, req.ip, apiKeyOf(req));
        const result = await importCasesCsv(ctx, actor, req.body);
        return reply.status(201).send(result);
      },
    );
  };
}
