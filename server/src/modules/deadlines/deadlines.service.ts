import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { cityRootPath, requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { createWorkCalendar, type WorkCalendar } from './calendar.ts';
import * as repo from './deadlines.repo.ts';
import { calendarYearProblems, type CalendarYearInput } from './deadlines.rules.ts';
import { CHINA_HOLIDAY_ARRANGEMENTS } from './holidays-cn.ts';

export interface CalendarYearView extends CalendarYearInput {
  year: number;
  /** False when no arrangement was entered for the year: deadlines reaching it count weekends only. */
  covered: boolean;
  updatedAt: string | null;
}

/** Gives a new city the national arrangements shipped with the product (it may change them after). */
export async function installChinaHolidays(db: Db, cityId: string): Promise<void> {
  for (const arrangement of CHINA_HOLIDAY_ARRANGEMENTS) {
    await repo.saveCalendarYear(db, {
      cityId,
      year: arrangement.year,
      daysOff: [...arrangement.daysOff],
      adjustedWorkingDays: [...arrangement.adjustedWorkingDays],
      updatedBy: null,
      updatedAt: new Date(),
    });
  }
}

/** The city's working-time calendar, from the years entered for it. */
export async function loadWorkCalendar(db: Db, cityId: string): Promise<WorkCalendar> {
  const years = await repo.listCalendarYears(db, cityId);
  return createWorkCalendar({
    holidayDates: years.flatMap((y) => y.daysOff),
    adjustedWorkingDates: years.flatMap((y) => y.adjustedWorkingDays),
    holidayYears: years.map((y) => y.year),
  });
}

/** One year of the city's calendar, readable by every role (deadlines are shown to all). */
export async function getCalendarYear(ctx: Context, actor: Actor, year: number): Promise<CalendarYearView> {
  requireScope(actor, 'region.read');
  const row = await repo.findCalendarYear(ctx.database.db, actor.cityId, year);
  if (!row) return { year, covered: false, daysOff: [], adjustedWorkingDays: [], updatedAt: null };
  return {
    year,
    covered: true,
    daysOff: row.daysOff,
    adjustedWorkingDays: row.adjustedWorkingDays,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Enters or replaces a year's arrangement; city-wide administrators only, since it moves every deadline of the city. */
export async function saveCalendarYear(ctx: Context, actor: Actor, year: number, input: CalendarYearInput): Promise<CalendarYearView> {
  const scope = requireScope(actor, 'calendar.manage');
  if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('The calendar is set by city-wide administrators');
  const problems = calendarYearProblems(year, input);
  if (problems.length > 0) throw new AppError(400, 'invalid_calendar', problems[0]!, problems);
  const daysOff = [...input.daysOff].sort();
  const adjustedWorkingDays = [...input.adjustedWorkingDays].sort();
  await ctx.database.db.transaction(async (tx) => {
    await repo.saveCalendarYear(tx, {
      cityId: actor.cityId,
      year,
      daysOff,
      adjustedWorkingDays,
      updatedBy: actor.accountId,
      updatedAt: ctx.now(),
    });
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'calendar.save_year',
      entityType: 'calendar',
      entityId: String(year),
      detail: { daysOff: daysOff.length, adjustedWorkingDays: adjustedWorkingDays.length },
    });
  });
  ctx.cache.invalidate(actor.cityId, 'calendar');
  return getCalendarYear(ctx, actor, year);
}
