import type { WhistleSettings } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { forbidden } from '../../lib/errors.ts';
import { cityRootPath, requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './whistles.repo.ts';
import { DEFAULT_WHISTLE_SETTINGS } from './whistles.rules.ts';

/** The city's whistle settings (default arrival deadline, check-in radius), cached per process. */
export function cityWhistleSettings(ctx: Context, cityId: string): Promise<WhistleSettings> {
  return ctx.cache.get(cityId, 'whistle-settings', async () => {
    const row = await repo.findSettings(ctx.database.db, cityId);
    return row ? { arrivalMinutes: row.arrivalMinutes, checkInRadiusMeters: row.checkInRadiusMeters } : DEFAULT_WHISTLE_SETTINGS;
  });
}

/** Every staff role reads the settings. */
export async function getWhistleSettings(ctx: Context, actor: Actor): Promise<WhistleSettings> {
  requireScope(actor, 'region.read');
  return cityWhistleSettings(ctx, actor.cityId);
}

/** City-wide administrators set them; whistles already blown keep their deadline and radius. */
export async function saveWhistleSettings(ctx: Context, actor: Actor, settings: WhistleSettings): Promise<WhistleSettings> {
  const scope = requireScope(actor, 'calendar.manage');
  if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('The whistle settings are set by city-wide administrators');
  await ctx.database.db.transaction(async (tx) => {
    await repo.saveSettings(tx, { cityId: actor.cityId, ...settings, updatedBy: actor.accountId, updatedAt: ctx.now() });
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'whistle_settings.save',
      entityType: 'whistle_settings',
      detail: settings,
    });
  });
  ctx.cache.invalidate(actor.cityId, 'whistle-settings');
  return getWhistleSettings(ctx, actor);
}
