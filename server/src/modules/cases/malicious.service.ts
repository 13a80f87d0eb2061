import type { CallerMarkCreate, CallerMarkResult } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { isUuid } from '../../lib/ids.ts';
import { authorizeOn, scopeCoversPath, scopeOf, type Actor } from '../../lib/policy.ts';
import { markCaller } from '../callers/index.ts';
import { canReadCase } from './cases.access.ts';
import * as repo from './cases.repo.ts';

/** POST /api/cases/{id}/malicious: an operator or dispatcher marks the case's caller (恶意来电); 404 unseen, 403 not theirs. */
export async function markMaliciousCaller(ctx: Context, actor: Actor, caseId: string, input: CallerMarkCreate): Promise<CallerMarkResult> {
  const { db } = ctx.database;
  const theCase = isUuid(caseId) ? await repo.findCase(db, actor.cityId, caseId) : undefined;
  const scope = scopeOf(actor, 'caller.flag');
  authorizeOn(!!theCase && canReadCase(actor, theCase), !!scope && !!theCase && scopeCoversPath(scope, theCase.regionPath), 'case');
  const phone = theCase!.reporterPhone;
  if (!phone) throw new AppError(422, 'no_caller_phone', 'this case has no caller number to mark');
  return markCaller(
    ctx,
    actor,
    {
      cityId: actor.cityId,
      id: caseId,
      phone,
      regionPath: theCase!.regionPath,
      countCasesSince: (tx, since) => repo.countCasesByPhone(tx, actor.cityId, phone, since),
    },
    input,
  );
}
