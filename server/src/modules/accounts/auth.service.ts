import type { Me } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { abilitiesOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import * as repo from './accounts.repo.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts';
import { API_KEY_PREFIX, makeCredential, parseCredential } from './tokens.ts';

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  me: Me;
}

const invalidCredentials = (): AppError => new AppError(401, 'invalid_credentials', 'The username or password is wrong');

/** Checks a password and opens a session; repeated failures lock the account for a while. */
export async function login(ctx: Context, input: { username: string; password: string; city?: string }): Promise<LoginResult> {
  const { db } = ctx.database;
  const candidates = (await repo.findAccountsByUsername(db, input.username)).filter(
    (a) => !input.city || a.citySlug === input.city || a.cityCode === input.city,
  );
  if (candidates.length > 1) throw new AppError(400, 'city_required', 'This username exists in several cities; say which city');
  const account = candidates[0];
  if (!account) {
    await burnPasswordCheck(input.password, ctx.config.argon2);
    throw invalidCredentials();
  }
  const now = ctx.now();
  if (account.lockedUntil && account.lockedUntil > now) {
    throw new AppError(423, 'account_locked', 'Too many failed attempts; the account is locked for a while', {
      lockedUntil: account.lockedUntil.toISOString(),
    });
  }
  const passwordOk = await verifyPassword(account.passwordHash, input.password);
  if (!passwordOk || account.disabled) {
    await db.transaction(async (tx) => {
      const lockUntil = new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000);
      const result = await repo.recordFailedLogin(tx, account.cityId, account.id, ctx.config.loginMaxFailures, lockUntil);
      await appendAudit(tx, {
        cityId: account.cityId,
        actorId: null,
        action: 'auth.login_failed',
        entityType: 'account',
        entityId: account.id,
        detail: { failedLogins: result.failedLogins, locked: result.lockedUntil !== null && result.lockedUntil > now },
      });
    });
    throw invalidCredentials();
  }
  const session = makeCredential(account.cityId);
  const csrfToken = makeCredential(account.cityId).hash;
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3_600_000);
  await db.transaction(async (tx) => {
    await repo.updateAccount(tx, account.cityId, account.id, { failedLogins: 0, lockedUntil: null });
    await repo.insertSession(tx, {
      cityId: account.cityId,
      tokenHash: session.hash,
      accountId: account.id,
      csrfToken,
      createdAt: now,
      expiresAt,
    });
    await appendAudit(tx, {
      cityId: account.cityId,
      actorId: account.id,
      action: 'auth.login',
      entityType: 'account',
      entityId: account.id,
    });
  });
  const actor = toActor(await repo.findActor(db, account.cityId, account.id), 'session');
  return { sessionToken: session.token, csrfToken, expiresAt, me: describeMe(actor!) };
}

export async function logout(ctx: Context, sessionToken: string): Promise<void> {
  const parsed = parseCredential(sessionToken);
  if (!parsed) return;
  await repo.deleteSession(ctx.database.db, parsed.cityId, parsed.hash);
  forgetActors(ctx);
}

/**
 * Credentials resolved in the last moments: the requests of one page, or a busy API client, ask the
 * database once. Every change to accounts, roles, sessions or keys made by this process clears it at
 * once; a change made by another server process is seen here within ACTOR_CACHE_MS.
 */
const ACTOR_CACHE_MS = 2_000;
const resolvedActors = new WeakMap<
  Context,
  Map<string, { until: number; value: Promise<{ actor: Actor; csrfToken: string } | undefined> }>
>();

export function forgetActors(ctx: Context): void {
  resolvedActors.get(ctx)?.clear();
}

function remembered(
  ctx: Context,
  credential: string,
  resolve: () => Promise<{ actor: Actor; csrfToken: string; expiresAt: Date } | undefined>,
): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  let cache = resolvedActors.get(ctx);
  if (!cache) resolvedActors.set(ctx, (cache = new Map()));
  const now = ctx.now().getTime();
  const hit = cache.get(credential);
  if (hit && hit.until > now) return hit.value;
  if (cache.size > 10_000) cache.clear();
  const entry = { until: now + ACTOR_CACHE_MS, value: resolve() };
  cache.set(credential, entry);
  // A session is never served past its expiry; a miss or a failure is not remembered.
  entry.value.then(
    (found) => {
      if (!found) cache.delete(credential);
      else entry.until = Math.min(entry.until, found.expiresAt.getTime());
    },
    () => cache.delete(credential),
  );
  return entry.value;
}

function toActor(row: repo.ActorRow | undefined, via: Actor['via']): Actor | undefined {
  if (!row || row.disabled) return undefined;
  return {
    cityId: row.cityId,
    city: { id: row.cityId, code: row.cityCode, slug: row.citySlug, name: row.cityName },
    accountId: row.accountId,
    username: row.username,
    displayName: row.displayName,
    phone: row.phone,
    grants: row.grants,
    via,
  };
}

/** The actor behind a session cookie, with its CSRF token; undefined when the session is unknown or expired. */
export async function actorFromSession(ctx: Context, sessionToken: string): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  const parsed = parseCredential(sessionToken);
  if (!parsed) return undefined;
  return remembered(ctx, sessionToken, async () => {
    const row = await repo.findSessionActor(ctx.database.db, parsed.cityId, parsed.hash, ctx.now());
    const actor = toActor(row, 'session');
    return actor && row ? { actor, csrfToken: row.csrfToken, expiresAt: new Date(row.expiresAt) } : undefined;
  });
}

/** The actor behind an API key (`gzk_<city>.<secret>`). */
export async function actorFromApiKey(ctx: Context, key: string): Promise<Actor | undefined> {
  const parsed = parseCredential(key, API_KEY_PREFIX);
  if (!parsed) return undefined;
  const found = await remembered(ctx, key, async () => {
    const actor = toActor(await repo.findApiKeyActor(ctx.database.db, parsed.cityId, parsed.hash), 'api_key');
    return actor && { actor, csrfToken: '', expiresAt: new Date(8.64e15) };
  });
  return found?.actor;
}

/** The account, its city, roles and abilities: what the UI needs to show only what is allowed. */
export function describeMe(actor: Actor): Me {
  return {
    account: { id: actor.accountId, username: actor.username, displayName: actor.displayName, phone: actor.phone },
    city: actor.city,
    roles: actor.grants.map((g) => ({
      id: g.id,
      role: g.role,
      unit: { id: g.unitId, name: g.unitName, kind: g.unitKind },
      region: { id: g.regionId, code: g.regionCode, name: g.regionName, level: g.regionLevel },
    })),
    abilities: abilitiesOf(actor),
  };
}

/** Changes one's own password; other sessions of the account end. */
export async function changePassword(
  ctx: Context,
  actor: Actor,
  currentSessionToken: string | undefined,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const { db } = ctx.database;
  const account = await repo.findAccount(db, actor.cityId, actor.accountId);
  if (!account) throw notFound('account');
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw new AppError(400, 'wrong_password', 'The current password is wrong');
  }
  const passwordHash = await hashPassword(input.newPassword, ctx.config.argon2);
  const keep = currentSessionToken ? parseCredential(currentSessionToken)?.hash : undefined;
  await db.transaction(async (tx) => {
    await repo.updateAccount(tx, actor.cityId, actor.accountId, { passwordHash, passwordChangedAt: ctx.now() });
    await repo.deleteSessionsOf(tx, actor.cityId, actor.accountId, keep);
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'account.change_password',
      entityType: 'account',
      entityId: actor.accountId,
    });
  });
  forgetActors(ctx);
}
