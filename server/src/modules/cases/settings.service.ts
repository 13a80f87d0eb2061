import type { Context } from '../../context.ts';
import { forbidden } from '../../lib/errors.ts';
import { cityRootPath, requireScope, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { cityCasePolicy } from './cases.directory.ts';
import type { CasePolicy } from './cases.policy.ts';
import { caseSettings } from './cases.schema.ts';

/** The city's case policy: time limits per tier, first contact, due-soon warning, reopen limit. Every role reads it. */
export async function getCaseSettings(ctx: Context, actor: Actor): Promise<CasePolicy> {
  requireScope(actor, 'region.read');
  return cityCasePolicy(ctx, actor.cityId);
}

/** City-wide administrators set it; cases already taken in keep their deadlines. */
export async function saveCaseSettings(ctx: Context, actor: Actor, policy: CasePolicy): Promise<CasePolicy> {
  const scope = requireScope(actor, 'calendar.manage');
  if (!scope.regionPaths.includes(cityRootPath(actor))) throw forbidden('The case policy is set by city-wide administrators');
  await ctx.database.db.transaction(async (tx) => {
    const row = { cityId: actor.cityId, policy, updatedBy: actor.accountId, updatedAt: ctx.now() };
    await tx.insert(caseSettings).values(row).onConflictDoUpdate({ target: caseSettings.cityId, set: row });
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'case_settings.save',
      entityType: 'case_settings',
      detail: policy,
    });
  });
  ctx.cache.invalidate(actor.cityId, 'case-policy');
  return getCaseSettings(ctx, actor);
}
