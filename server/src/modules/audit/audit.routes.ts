import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { forbidden } from '../../lib/errors.ts';
import { cityRootPath, requireScope } from '../../lib/policy.ts';
import { listAuditEntries, verifyAuditChain } from './audit.service.ts';

const auditEntryView = z.object({
  seq: z.number(),
  at: z.date(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  detail: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
const chainReport = z.object({
  cityId: z.string(),
  checked: z.number(),
  ok: z.boolean(),
  firstBroken: z.object({ seq: z.number(), reason: z.string() }).optional(),
});

export function auditRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['audit'] };
    // The log spans the whole city, so only those whose scope is the whole city read it.
    const requireCityWide = async (req: Parameters<typeof authenticate>[1]) => {
      const actor = await authenticate(ctx, req);
      const scope = requireScope(actor, 'audit.read');
      if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('The audit log is for city-wide administrators');
      return actor;
    };
    app.get(
      '/api/audit',
      {
        schema: {
          ...tag,
          summary: "The city's audit log, newest first",
          querystring: z.object({
            entityType: z.string().max(50).optional(),
            entityId: z.string().max(100).optional(),
            beforeSeq: z.coerce.number().int().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: { 200: z.object({ items: z.array(auditEntryView) }), ...errorResponses },
        },
      },
      async (req) => {
        const actor = await requireCityWide(req);
        return { items: await listAuditEntries(ctx.database.db, actor.cityId, req.query) };
      },
    );
    app.get(
      '/api/audit/verify',
      { schema: { ...tag, summary: "Verify the city's hash chain", response: { 200: chainReport, ...errorResponses } } },
      async (req) => {
        const actor = await requireCityWide(req);
        return verifyAuditChain(ctx.database.db, actor.cityId);
      },
    );
  };
}
