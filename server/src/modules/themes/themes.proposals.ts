import type { ThemePart, ThemeProposals } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import type { Actor } from '../../lib/policy.ts';
import { citySettings, monthOf } from '../assessment/index.ts';
import { cityCalendar } from '../cases/index.ts';
import { readsWholeCity } from './themes.access.ts';
import * as repo from './themes.repo.ts';
import { addMonths, scoreCategories, WEIGHTS, type CategoryCounts } from './themes.rules.ts';

// The month's proposals: counts per second-level category from the cases (repo), scored by the pure rules.

/** The city's current month (YYYY-MM, its time zone). */
export async function currentMonth(ctx: Context, cityId: string): Promise<string> {
  const calendar = await cityCalendar(ctx, cityId);
  return monthOf(ctx.now(), calendar.utcOffsetMinutes);
}

/** A month that has begun, or 422 `future_month`. */
export async function requirePastOrCurrentMonth(ctx: Context, cityId: string, month: string): Promise<string> {
  const current = await currentMonth(ctx, cityId);
  if (month > current) throw new AppError(422, 'future_month', `${month} has not begun`);
  return current;
}

/** The counts of every second-level category with cases in the month (the scoring's input). */
export async function categoryCounts(ctx: Context, cityId: string, month: string): Promise<CategoryCounts[]> {
  const { db } = ctx.database;
  const [counts, satisfaction, volumes] = await Promise.all([
    repo.monthCounts(db, cityId, month),
    repo.monthSatisfaction(db, cityId, month),
    repo.monthlyVolumes(db, cityId, addMonths(month, -3), addMonths(month, -1)),
  ]);
  const rated = new Map(satisfaction.map((r) => [r.cat, r]));
  const previous = [-3, -2, -1].map((n) => addMonths(month, n));
  return counts.map((c) => ({
    code: c.cat,
    name: c.cat_name,
    parentName: c.parent_name,
    volume: c.volume,
    previousVolumes: previous.map((m) => volumes.find((v) => v.cat === c.cat && v.month === m)?.cases ?? 0),
    repeated: c.repeated,
    reopened: c.reopened,
    merged: c.merged,
    sameReporter: c.same_reporter,
    samePlace: c.same_place,
    rated: rated.get(c.cat)?.rated ?? 0,
    satisfied: rated.get(c.cat)?.satisfied ?? 0,
    streets: c.streets,
    leadUnits: c.lead_units,
  }));
}

/** The top N proposals of a month; categories under an active programme are left out. */
export async function proposeThemes(ctx: Context, actor: Actor, month: string, limit: number): Promise<ThemeProposals> {
  if (!readsWholeCity(actor)) throw forbidden('The monthly proposals are for those who read the whole city');
  await requirePastOrCurrentMonth(ctx, actor.cityId, month);
  const [counts, active, settings] = await Promise.all([
    categoryCounts(ctx, actor.cityId, month),
    repo.listProgrammes(ctx.database.db, actor.cityId, 'active'),
    citySettings(ctx, actor.cityId),
  ]);
  const excluded = new Set(active.map((p) => p.categoryCode));
  const scored = scoreCategories(counts, excluded, settings.minRated);
  return {
    month,
    weights: WEIGHTS as Record<ThemePart, number>,
    candidates: scored.length,
    excluded: active.map((p) => ({ categoryCode: p.categoryCode, programmeId: p.id })),
    items: scored.slice(0, limit),
  };
}
