import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { RateLimited } from '../lib/errors.ts';
import { consume, type Limit } from '../lib/limits.ts';
import type { Actor } from '../lib/policy.ts';

/** Counts one request against each limit (all or none); a 429 `rate_limited` naming the limit when one is exhausted. */
export function enforceLimits(ctx: Context, checks: [Limit, string][]): void {
  const exceeded = consume(checks, ctx.now().getTime());
  if (exceeded) throw new RateLimited(exceeded.limit.name, Math.max(1, Math.ceil(exceeded.retryAfterMs / 1000)));
}

/** A credential as a bucket key: never kept in clear in memory. */
export const credentialKey = (credential: string): string => createHash('sha256').update(credential).digest('base64url');

/**
 * Staff and integration intake (POST /api/cases, /api/cases/import, Open311 POST): per API key when it comes
 * with one, else per signed-in account; and per client address either way.
 */
export function enforceIntakeLimits(ctx: Context, actor: Actor, address: string, apiKey: string | undefined): void {
  const { limits } = ctx;
  const who: [Limit, string] =
    actor.via === 'api_key' && apiKey ? [limits.intakePerApiKey, credentialKey(apiKey)] : [limits.intakePerAccount, actor.accountId];
  enforceLimits(ctx, [who, [limits.intakePerAddress, address]]);
}
