import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Context } from '../../context.ts';
import { authenticate } from '../../http/auth.ts';
import { errorResponses } from '../../http/schemas.ts';
import { getCalendarYear, saveCalendarYear } from './deadlines.service.ts';

const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const dates = z.array(z.string().max(10)).max(366);
const calendarYearView = z.object({
  year: z.number(),
  covered: z.boolean(),
  daysOff: z.array(z.string()),
  adjustedWorkingDays: z.array(z.string()),
  updatedAt: z.string().nullable(),
});

export function deadlinesRoutes(ctx: Context): FastifyPluginAsyncZod {
  return async (app) => {
    const tag = { tags: ['calendar'] };
    app.get(
      '/api/calendar/:year',
      {
        schema: {
          ...tag,
          summary: "A year of the city's working calendar: days off and 调休 working days",
          params: yearParams,
          response: { 200: calendarYearView, ...errorResponses },
        },
      },
      async (req) => getCalendarYear(ctx, await authenticate(ctx, req), req.params.year),
    );
    app.put(
      '/api/calendar/:year',
      {
        schema: {
          ...tag,
          summary: "Enter or replace a year's holiday arrangement (city-wide administrators)",
          params: yearParams,
          body: z.strictObject({ daysOff: dates, adjustedWorkingDays: dates }),
          response: { 200: calendarYearView, ...errorResponses },
        },
      },
      async (req) => saveCalendarYear(ctx, await authenticate(ctx, req), req.params.year, req.body),
    );
  };
}
