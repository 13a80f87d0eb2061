import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  callerMarkCreate,
  callerMarkResult,
  caseActionRequest,
  caseCreate,
  caseCreated,
  caseList,
  caseListQuery,
  caseReporter,
  caseView,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { apiKeyOf, authenticate } from '../../http/auth.ts';
import { openEventStream } from '../../http/event-stream.ts';
import { enforceIntakeLimits } from '../../http/limits.ts';
import { errorResponses } from '../../http/schemas.ts';
import { performAction } from './actions.service.ts';
import { markMaliciousCaller } from './malicious.service.ts';
import { createCase } from './intake.service.ts';
import { changeVisibleTo, listNotifications, markNotificationsRead } from './notifications.service.ts';
import { casePolicySchema } from './cases.policy.ts';
import { getCase, listCases, revealReporter } from './read.service.ts';
import { getCaseSettings, saveCaseSettings } from './settings.service.ts';
import { createRoutingRule, deleteRoutingRule, listRoutingRules } from './routing-rules.service.ts';
import { noContent } from '../../http/schemas.ts';
import { MAX_PHOTO_BYTES, readPhoto, uploadPhoto } from './photos.service.ts';
import { requireScope } from '../../lib/policy.ts';

const idParams = z.object({ id: z.string().max(60) });
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('any unique string per logical request: a retry with the same key and body answers the first case, not a new one'),
});

export function casesRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['cases'] };
    app.post(
      '/api/cases',
      {
        schema: {
          ...tag,
          summary: 'Take in a case (hotline, grid worker, registered resident, API): locate, route, deadline, duplicates',
          headers: idempotencyHeaders,
          body: caseCreate,
          response: { 200: caseCreated, 201: caseCreated, ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        enforceIntakeLimits(ctx, actor, req.ip, apiKeyOf(req));
        const result = await createCase(ctx, actor, req.body, req.headers['idempotency-key']);
        if (result.replayed) void reply.header('idempotent-replayed', 'true');
        return reply.status(result.replayed ? 200 : 201).send(result.body);
      },
    );
    app.get(
      '/api/cases',
      {
        schema: {
          ...tag,
          summary: "Lists: the handler's inbox by deadline, the dispatch queue, callbacks due, everything in scope, my reports",
          querystring: caseListQuery,
          response: { 200: caseList, ...errorResponses },
        },
      },
      async (req) => listCases(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/cases/:id',
      {
        schema: {
          ...tag,
          summary: 'One case with its timeline and the actions this user may take',
          params: idParams,
          response: { 200: caseView, ...errorResponses },
        },
      },
      async (req) => getCase(ctx, await authenticate(ctx, req), req.params.id),
    );
    app.post(
      '/api/cases/:id/actions',
      {
        schema: {
          ...tag,
          summary: 'One lifecycle step (签收, 退单, 延期, 挂起, 办结, 回访, 合并, 撤回 …); an illegal step answers 409 with a code',
          params: idParams,
          body: caseActionRequest,
          response: { 200: caseView, ...errorResponses },
        },
      },
      async (req) => performAction(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.post(
      '/api/cases/:id/malicious',
      {
        schema: {
          ...tag,
          summary:
            "Mark the case's caller as malicious (恶意来电: operators, dispatchers; audited); the number is flagged at the city's threshold",
          params: idParams,
          body: callerMarkCreate,
          response: { 200: callerMarkResult, ...errorResponses },
        },
      },
      async (req) => markMaliciousCaller(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.get(
      '/api/cases/:id/reporter',
      {
        schema: {
          ...tag,
          summary: "The reporter's name and phone in clear, for those who call them (every view is audited)",
          params: idParams,
          response: { 200: caseReporter, ...errorResponses },
        },
      },
      async (req) => revealReporter(ctx, await authenticate(ctx, req), req.params.id),
    );

    app.post(
      '/api/photos',
      {
        bodyLimit: MAX_PHOTO_BYTES,
        schema: {
          ...tag,
          summary: 'Upload a photo (image/jpeg, image/png or image/webp body) to name in an intake',
          response: { 201: z.object({ id: z.string() }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        requireScope(actor, 'case.create');
        return reply.status(201).send(await uploadPhoto(ctx, actor.cityId, actor.accountId, req.body));
      },
    );
    app.get(
      '/api/cases/:id/photos/:photoId',
      {
        schema: {
          ...tag,
          summary: 'One photo of a case',
          params: idParams.extend({ photoId: z.string().max(60) }),
        },
      },
      async (req, reply) => {
        const photo = await readPhoto(ctx, await authenticate(ctx, req), req.params.id, req.params.photoId);
        return reply.header('content-type', photo.contentType).header('cache-control', 'private, max-age=86400').send(photo.content);
      },
    );
    const ruleView = z.object({
      id: z.string(),
      categoryCode: z.string().nullable(),
      regionCode: z.string().nullable(),
      unit: z.object({ id: z.string(), name: z.string() }),
      priority: z.number().int(),
      note: z.string().nullable(),
    });
    app.get(
      '/api/routing-rules',
      {
        schema: {
          ...tag,
          summary: "The city's explicit routing rules",
          response: { 200: z.object({ items: z.array(ruleView) }), ...errorResponses },
        },
      },
      async (req) => listRoutingRules(ctx, await authenticate(ctx, req)),
    );
    app.post(
      '/api/routing-rules',
      {
        schema: {
          ...tag,
          summary: 'Add a rule: cases of this category (a leaf or a branch code) in this region go to this unit (administrators)',
          body: z.strictObject({
            categoryCode: z.string().min(2).max(40).optional(),
            regionCode: z.string().min(6).max(20).optional(),
            unitId: z.string().max(60),
            priority: z.number().int().min(0).max(1000).default(100),
            note: z.string().max(300).optional(),
          }),
          response: { 201: ruleView, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await createRoutingRule(ctx, await authenticate(ctx, req), req.body)),
    );
    app.delete(
      '/api/routing-rules/:id',
      { schema: { ...tag, summary: 'Remove a routing rule', params: idParams, response: noContent } },
      async (req, reply) => {
        await deleteRoutingRule(ctx, await authenticate(ctx, req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/api/case-settings',
      {
        schema: {
          ...tag,
          summary: "The city's case policy: time limits per tier, first contact, due-soon warning, reopen limit",
          response: { 200: casePolicySchema, ...errorResponses },
        },
      },
      async (req) => getCaseSettings(ctx, await authenticate(ctx, req)),
    );
    app.put(
      '/api/case-settings',
      {
        schema: {
          ...tag,
          summary: 'Set the case policy (city-wide administrators); cases already taken in keep their deadlines',
          body: casePolicySchema,
          response: { 200: casePolicySchema, ...errorResponses },
        },
      },
      async (req) => saveCaseSettings(ctx, await authenticate(ctx, req), req.body),
    );
    const notificationTag = { tags: ['notifications'] };
    app.get(
      '/api/notifications',
      {
        schema: {
          ...notificationTag,
          summary: "The in-app inbox: messages to the user's units and to the user, newest first",
          querystring: z.strictObject({
            unread: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true'),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: {
            200: z.object({
              unread: z.number().int(),
              items: z.array(
                z.object({
                  id: z.string(),
                  kind: z.string(),
                  text: z.string(),
                  caseId: z.string().nullable(),
                  whistleId: z.string().nullable(),
                  createdAt: z.string(),
                  read: z.boolean(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => listNotifications(ctx, await authenticate(ctx, req), req.query),
    );
    app.post(
      '/api/notifications/read',
      {
        schema: {
          ...notificationTag,
          summary: 'Mark notifications read (the given ids, or all)',
          body: z.strictObject({ ids: z.union([z.array(z.uuid()).max(500), z.literal('all')]) }),
          response: { 200: z.object({ marked: z.number().int() }), ...errorResponses },
        },
      },
      async (req) => markNotificationsRead(ctx, await authenticate(ctx, req), req.body.ids),
    );
    app.get(
      '/api/events',
      {
        schema: {
          ...notificationTag,
          summary:
            'Server-sent events: `case` events {caseId, type, status} for every change to a case the user can see; `whistle` events {whistleId, type, status}',
        },
      },
      async (req, reply) => {
        const actor = await authenticate(ctx, req);
        openEventStream(req, reply, (send) =>
          ctx.bus.subscribe(actor.cityId, (change) => {
            if (!changeVisibleTo(actor, change)) return;
            if (change.subject === 'whistle') send('whistle', { whistleId: change.caseId, type: change.type, status: change.status });
            else send('case', { caseId: change.caseId, type: change.type, status: change.status });
          }),
        );
      },
    );
  };
}
