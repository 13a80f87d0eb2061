import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dashboardCategories,
  dashboardChannels,
  dashboardFeed,
  dashboardMap,
  dashboardPoints,
  dashboardQuery,
  dashboardRanking,
  dashboardSeries,
  dashboardSummary,
  dashboardWhistles,
} from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { openEventStream } from '../../http/event-stream.ts';
import { errorResponses } from '../../http/schemas.ts';
import { followFeed, recentItems } from './dashboard.feed.ts';
import * as panels from './dashboard.service.ts';

const FEED_ITEMS = 30;

export function dashboardRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['dashboard'] };
    const panel = (path: string, summary: string, response: z.ZodType, build: (view: panels.View) => Promise<unknown>) =>
      app.get(
        `/api/dashboard/${path}`,
        { schema: { ...tag, summary, querystring: dashboardQuery, response: { 200: response, ...errorResponses } } },
        async (req, reply) => {
          const body = await build(await panels.viewOf(ctx, await authenticate(ctx, req), req.query));
          await reply.send(body as never);
        },
      );
    panel(
      'summary',
      "Today's intake, open, due soon, overdue, closed today; the period's flows and 三率, with the previous period",
      dashboardSummary,
      (v) => panels.summary(ctx, v),
    );
    panel('map', 'The territories one level down, each with its open, overdue, intake per 10,000 residents and 满意率', dashboardMap, (v) =>
      panels.map(ctx, v),
    );
    panel(
      'categories',
      'The top categories of the period and every top-level category, with the previous period',
      dashboardCategories,
      (v) => panels.categories(ctx, v),
    );
    panel('channels', 'Cases received per channel in the period, with the previous period', dashboardChannels, (v) =>
      panels.channels(ctx, v),
    );
    panel('series', 'Received, replied, closed and gone overdue per day, the 30 days ending with the period', dashboardSeries, (v) =>
      panels.series(ctx, v),
    );
    panel('rankings', "This month's assessment of the territories one level down: score, rank, class", dashboardRanking, (v) =>
      panels.rankings(ctx, v),
    );
    panel('whistles', 'Open whistles in the territory and the arrival of each summoned department', dashboardWhistles, (v) =>
      panels.whistles(ctx, v),
    );
    panel('points', 'Located cases of the period (street level and below), the newest first', dashboardPoints, (v) =>
      panels.points(ctx, v),
    );
    panel('feed', 'The latest new cases, replies, closes, cases gone overdue and whistles in the territory', dashboardFeed, async (v) => ({
      items: await recentItems(ctx, v.cityId, v.region.path, FEED_ITEMS),
    }));
    app.get(
      '/api/dashboard/stream',
      {
        schema: {
          ...tag,
          summary: 'Server-sent events: a `feed` event (a DashboardFeedItem) for each new item in the territory',
          querystring: dashboardQuery,
        },
      },
      async (req, reply) => {
        const view = await panels.viewOf(ctx, await authenticate(ctx, req), req.query);
        openEventStream(req, reply, (send) => followFeed(ctx, view.cityId, view.region.path, (item) => send('feed', item)));
      },
    );
  };
}
