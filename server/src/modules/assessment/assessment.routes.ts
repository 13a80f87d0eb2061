import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  assessmentSettings,
  assessmentUnits,
  assessmentUnitsQuery,
  bulletin,
  bulletinQuery,
  monthPeriod,
  talkItemCreate,
  talkItemDone,
  talkList,
  talkRecord,
  talkSchedule,
  talkView,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { assessUnits, getSettings, saveSettings } from './assessment.service.ts';
import { bulletinPdf } from './bulletin.pdf.ts';
import { buildBulletin } from './bulletin.service.ts';
import { addTalkItem, completeTalkItem, generateTalks, listTalks, recordTalk, scheduleTalk } from './talks.service.ts';

const talkParams = z.object({ id: z.string().max(60) });

export function assessmentRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['assessment'] };
    app.get(
      '/api/assessment/units',
      {
        schema: {
          ...tag,
          summary: 'Each unit or territory of a level in a period: counts, 三率 and the other figures, score, rank, change, class',
          querystring: assessmentUnitsQuery,
          response: { 200: assessmentUnits, ...errorResponses },
        },
      },
      async (req) => assessUnits(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/assessment/settings',
      {
        schema: {
          ...tag,
          summary: 'Weights, fairness minimum, class thresholds, talk list size',
          response: { 200: assessmentSettings, ...errorResponses },
        },
      },
      async (req) => getSettings(ctx, await authenticate(ctx, req)),
    );
    app.put(
      '/api/assessment/settings',
      {
        schema: {
          ...tag,
          summary: 'Set the assessment settings (city-wide administrators)',
          body: assessmentSettings,
          response: { 200: assessmentSettings, ...errorResponses },
        },
      },
      async (req) => saveSettings(ctx, await authenticate(ctx, req), req.body),
    );
    app.get(
      '/api/assessment/bulletin',
      {
        schema: {
          ...tag,
          summary: "A territory's monthly bulletin (调度通报): figures, rankings, classes, talks, typical cases",
          querystring: bulletinQuery,
          response: { 200: bulletin, ...errorResponses },
        },
      },
      async (req) => buildBulletin(ctx, await authenticate(ctx, req), req.query),
    );
    app.get(
      '/api/assessment/bulletin.pdf',
      { schema: { ...tag, summary: 'The bulletin as a PDF', querystring: bulletinQuery } },
      async (req, reply) => {
        const data = await buildBulletin(ctx, await authenticate(ctx, req), req.query);
        const name = encodeURIComponent(`${data.region.name}-${data.period}-调度通报.pdf`);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="bulletin-${data.region.code}-${data.period}.pdf"; filename*=UTF-8''${name}`)
          .send(await bulletinPdf(data));
      },
    );
    app.get(
      '/api/assessment/talks',
      {
        schema: {
          ...tag,
          summary: 'Talks (约谈) the user may see, of one month or all, with their rectification items',
          querystring: z.strictObject({ period: monthPeriod.optional() }),
          response: { 200: talkList, ...errorResponses },
        },
      },
      async (req) => listTalks(ctx, await authenticate(ctx, req), req.query.period),
    );
    app.post(
      '/api/assessment/talks/generate',
      {
        schema: {
          ...tag,
          summary: "Put the bottom N of the month's city-wide rankings on the talk list (idempotent; city-wide administrators)",
          querystring: z.strictObject({ period: monthPeriod }),
          response: { 200: talkList.extend({ created: z.number().int() }), ...errorResponses },
        },
      },
      async (req) => generateTalks(ctx, await authenticate(ctx, req), req.query.period),
    );
    const talkResponse = { 200: talkView, ...errorResponses };
    app.post(
      '/api/assessment/talks/:id/schedule',
      { schema: { ...tag, summary: 'Schedule the talk (the superior)', params: talkParams, body: talkSchedule, response: talkResponse } },
      async (req) => scheduleTalk(ctx, await authenticate(ctx, req), req.params.id, req.body.scheduledAt),
    );
    app.post(
      '/api/assessment/talks/:id/record',
      { schema: { ...tag, summary: 'Record the talk as held', params: talkParams, body: talkRecord, response: talkResponse } },
      async (req) => recordTalk(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.post(
      '/api/assessment/talks/:id/items',
      {
        schema: {
          ...tag,
          summary: 'Add an item to the rectification plan',
          params: talkParams,
          body: talkItemCreate,
          response: talkResponse,
        },
      },
      async (req) => addTalkItem(ctx, await authenticate(ctx, req), req.params.id, req.body),
    );
    app.post(
      '/api/assessment/talks/:id/items/:itemId/done',
      {
        schema: {
          ...tag,
          summary: 'Mark an item done with its evidence; the last open item of a held talk closes it',
          params: talkParams.extend({ itemId: z.string().max(60) }),
          body: talkItemDone,
          response: talkResponse,
        },
      },
      async (req) => completeTalkItem(ctx, await authenticate(ctx, req), req.params.id, req.params.itemId, req.body.evidence),
    );
  };
}
