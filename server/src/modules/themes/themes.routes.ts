import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  themeActionCreate,
  themeActionDone,
  themeClose,
  themeCreate,
  themeList,
  themeListQuery,
  themeProposals,
  themeProposalsQuery,
  themeView,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { proposeThemes } from './themes.proposals.ts';
import { addThemeAction, closeTheme, createTheme, getTheme, listThemes, markThemeActionDone } from './themes.service.ts';

const idParams = z.object({ id: z.string().max(60) });

export function themesRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['themes'] };
    app.get(
      '/api/themes/proposals',
      {
        schema: {
          ...tag,
          summary: "每月一题: the month's most frequent hard problems per second-level category, scored, with the reasons",
          querystring: themeProposalsQuery,
          response: { 200: themeProposals, ...errorResponses },
        },
      },
      async (req) => proposeThemes(ctx, await authenticate(ctx, req), req.query.month, req.query.limit),
    );
    app.get(
      '/api/themes',
      {
        schema: {
          ...tag,
          summary: 'The programmes this user may read (its territory or its unit), active ones first',
          querystring: themeListQuery,
          response: { 200: themeList, ...errorResponses },
        },
      },
      async (req) => listThemes(ctx, await authenticate(ctx, req), req.query.status),
    );
    app.post(
      '/api/themes',
      {
        schema: {
          ...tag,
          summary: 'The city picks a proposal: a programme with a lead unit, co-units and a target (city-wide leaders and administrators)',
          body: themeCreate,
          response: { 201: themeView, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await createTheme(ctx, await authenticate(ctx, req), req.body)),
    );
    app.get(
      '/api/themes/:id',
      {
        schema: {
          ...tag,
          summary: 'One programme: actions, deadlines, overdue marks, the measured effect (cases per month before and after)',
          params: idParams,
          response: { 200: themeView, ...errorResponses },
        },
      },
      async (req) => getTheme(ctx, await authenticate(ctx, req), req.params.id),
    );
    app.post(
      '/api/themes/:id/actions',
      {
        schema: {
          ...tag,
          summary: 'Add an action (the lead unit or the city): owner, deadline in working days or a date',
          params: idParams,
          body: themeActionCreate,
          response: { 201: themeView, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await addThemeAction(ctx, await authenticate(ctx, req), req.params.id, req.body)),
    );
    app.post(
      '/api/themes/:id/actions/:actionId/done',
      {
        schema: {
          ...tag,
          summary: 'Mark an action done with a note (its owner unit, the lead unit or the city)',
          params: idParams.extend({ actionId: z.string().max(60) }),
          body: themeActionDone,
          response: { 200: themeView, ...errorResponses },
        },
      },
      async (req) => markThemeActionDone(ctx, await authenticate(ctx, req), req.params.id, req.params.actionId, req.body.note),
    );
    app.post(
      '/api/themes/:id/close',
      {
        schema: {
          ...tag,
          summary: 'Close a programme with a summary (the city); open actions need a reason',
          params: idParams,
          body: themeClose,
          response: { 200: themeView, ...errorResponses },
        },
      },
      async (req) => closeTheme(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
  };
}
