import type { AccountView, Me } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { abilitiesOf, authorizeOn, cityRootPath, requireScope, scopeCoversUnit, scopeOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { findUnitInCity } from '../org/index.ts';
import * as repo from './accounts.repo.ts';
import { maskPhone } from './accounts.rules.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts';
import { API_KEY_PREFIX, makeCredential, parseCredential } from './tokens.ts';
import type { Role } from '@gongzhi/contracts';

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
  const row = await repo.findSessionActor(ctx.database.db, parsed.cityId, parsed.hash, ctx.now());
  const actor = toActor(row, 'session');
  return actor && row ? { actor, csrfToken: row.csrfToken } : undefined;
}

/** The actor behind an API key (`gzk_<city>.<secret>`). */
export async function actorFromApiKey(ctx: Context, key: string): Promise<Actor | undefined> {
  const parsed = parseCredential(key, API_KEY_PREFIX);
  if (!parsed) return undefined;
  return toActor(await repo.findApiKeyActor(ctx.database.db, parsed.cityId, parsed.hash), 'api_key');
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
}

function present(row: repo.AccountRow, grants: Awaited<ReturnType<typeof repo.grantsOf>>, showPhone: boolean): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phone: showPhone ? row.phone : maskPhone(row.phone),
    disabled: row.disabled,
    lockedUntil: row.lockedUntil ? row.lockedUntil.toISOString() : null,
    roles: grants.filter((g) => g.accountId === row.id).map((g) => ({ id: g.id, role: g.role, unit: { id: g.unitId, name: g.unitName } })),
  };
}

/** Accounts inside the actor's scope; phones are shown only to those who manage the account, and each such view is audited. */
export async function listAccounts(
  ctx: Context,
  actor: Actor,
  filter: repo.AccountFilter,
): Promise<{ items: AccountView[]; total: number }> {
  const { db } = ctx.database;
  const scope = requireScope(actor, 'account.read');
  const root = cityRootPath(actor);
  const { rows, total } = await repo.listAccounts(db, actor.cityId, scope, actor.accountId, root, filter);
  const grants = await repo.grantsOf(
    db,
    actor.cityId,
    rows.map((r) => r.id),
  );
  const manageScope = scopeOf(actor, 'account.manage');
  const shownPhones: string[] = [];
  const items = rows.map((row) => {
    const showPhone = row.id === actor.accountId || (manageScope !== undefined && managesAll(manageScope, grants, row.id, root));
    if (showPhone && row.phone && row.id !== actor.accountId) shownPhones.push(row.id);
    return present(row, grants, showPhone);
  });
  if (shownPhones.length > 0) {
    await db.transaction((tx) =>
      appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action: 'account.view_personal',
        entityType: 'account',
        detail: { accountIds: shownPhones, fields: ['phone'] },
      }),
    );
  }
  return { items, total };
}

/** An account is managed by a scope when every unit it holds a role in lies inside it (a role-less account: city-wide admins only). */
function managesAll(
  scope: NonNullable<ReturnType<typeof scopeOf>>,
  grants: Awaited<ReturnType<typeof repo.grantsOf>>,
  accountId: string,
  root: string,
): boolean {
  const own = grants.filter((g) => g.accountId === accountId);
  if (own.length === 0) return scope.regionPaths.includes(root);
  return own.every((g) => scopeCoversUnit(scope, { id: g.unitId, regionPath: g.regionPath }));
}

async function authorizeAccount(ctx: Context, actor: Actor, accountId: string): Promise<void> {
  const { db } = ctx.database;
  const root = cityRootPath(actor);
  const readScope = scopeOf(actor, 'account.read');
  const visible = readScope !== undefined && (await repo.accountInScope(db, actor.cityId, readScope, actor.accountId, root, accountId));
  const manageScope = scopeOf(actor, 'account.manage');
  const grants = await repo.grantsOf(db, actor.cityId, [accountId]);
  authorizeOn(visible, manageScope !== undefined && managesAll(manageScope, grants, accountId, root), 'account');
}

async function viewAccount(db: Db, cityId: string, accountId: string): Promise<AccountView> {
  const row = await repo.findAccount(db, cityId, accountId);
  if (!row) throw notFound('account');
  return present(row, await repo.grantsOf(db, cityId, [accountId]), true);
}

/** Creates an account (it gets roles separately). */
export async function createAccount(
  ctx: Context,
  actor: Actor,
  input: { username: string; displayName: string; phone?: string | null; password: string },
): Promise<AccountView> {
  requireScope(actor, 'account.manage');
  const { db } = ctx.database;
  const id = newId();
  const passwordHash = await hashPassword(input.password, ctx.config.argon2);
  try {
    await db.transaction(async (tx) => {
      await repo.insertAccount(tx, {
        cityId: actor.cityId,
        id,
        username: input.username,
        displayName: input.displayName,
        phone: input.phone ?? null,
        passwordHash,
      });
      await appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action: 'account.create',
        entityType: 'account',
        entityId: id,
        detail: { username: input.username },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('username_taken', 'This username is already taken');
    throw error;
  }
  return viewAccount(db, actor.cityId, id);
}

export async function updateAccount(
  ctx: Context,
  actor: Actor,
  accountId: string,
  input: { displayName?: string; phone?: string | null; disabled?: boolean; password?: string },
): Promise<AccountView> {
  await authorizeAccount(ctx, actor, accountId);
  if (input.disabled === true && accountId === actor.accountId)
    throw conflict('cannot_disable_self', 'You cannot disable your own account');
  const { db } = ctx.database;
  const patch: Parameters<typeof repo.updateAccount>[3] = {};
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  if (input.phone !== undefined) patch.phone = input.phone;
  if (input.disabled !== undefined) patch.disabled = input.disabled;
  if (input.password !== undefined) {
    patch.passwordHash = await hashPassword(input.password, ctx.config.argon2);
    patch.passwordChangedAt = ctx.now();
    patch.failedLogins = 0;
    patch.lockedUntil = null;
  }
  await db.transaction(async (tx) => {
    await repo.updateAccount(tx, actor.cityId, accountId, patch);
    if (input.disabled === true || input.password !== undefined) await repo.deleteSessionsOf(tx, actor.cityId, accountId);
    const changed = Object.keys(input).filter((k) => k !== 'password');
    if (input.password !== undefined) changed.push('password');
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'account.update',
      entityType: 'account',
      entityId: accountId,
      detail: { fields: changed },
    });
  });
  return viewAccount(db, actor.cityId, accountId);
}

/** Gives an account a role in a unit; the actor must manage both the account and the unit. */
export async function grantRole(
  ctx: Context,
  actor: Actor,
  accountId: string,
  input: { role: Role; unitId: string },
): Promise<AccountView> {
  await authorizeAccount(ctx, actor, accountId);
  const { db } = ctx.database;
  const unit = await findUnitInCity(db, actor.cityId, input.unitId);
  const manageScope = requireScope(actor, 'account.manage');
  if (!unit || !scopeCoversUnit(manageScope, { id: unit.id, regionPath: unit.regionPath })) throw notFound('unit');
  try {
    await db.transaction(async (tx) => {
      const id = newId();
      await repo.insertRoleAssignments(tx, [{ cityId: actor.cityId, id, accountId, unitId: unit.id, role: input.role }]);
      await appendAudit(tx, {
        cityId: actor.cityId,
        actorId: actor.accountId,
        action: 'account.grant_role',
        entityType: 'account',
        entityId: accountId,
        detail: { role: input.role, unitId: unit.id, grantId: id },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('role_exists', 'The account already holds this role in this unit');
    throw error;
  }
  return viewAccount(db, actor.cityId, accountId);
}

export async function revokeRole(ctx: Context, actor: Actor, accountId: string, grantId: string): Promise<void> {
  await authorizeAccount(ctx, actor, accountId);
  await ctx.database.db.transaction(async (tx) => {
    if (!(await repo.deleteRoleAssignment(tx, actor.cityId, accountId, grantId))) throw notFound('role');
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'account.revoke_role',
      entityType: 'account',
      entityId: accountId,
      detail: { grantId },
    });
  });
}

/** Creates an API key acting as the actor; the key is shown once. */
export async function createApiKey(ctx: Context, actor: Actor, name: string): Promise<{ id: string; name: string; key: string }> {
  requireScope(actor, 'apikey.manage');
  const id = newId();
  const credential = makeCredential(actor.cityId, API_KEY_PREFIX);
  await ctx.database.db.transaction(async (tx) => {
    await repo.insertApiKey(tx, { cityId: actor.cityId, id, accountId: actor.accountId, name, keyHash: credential.hash });
    await appendAudit(tx, {
      cityId: actor.cityId,
      actorId: actor.accountId,
      action: 'apikey.create',
      entityType: 'api_key',
      entityId: id,
      detail: { name },
    });
  });
  return { id, name, key: credential.token };
}

export function listApiKeys(ctx: Context, actor: Actor) {
  requireScope(actor, 'apikey.manage');
  return repo.listApiKeys(ctx.database.db, actor.cityId, actor.accountId);
}

export async function revokeApiKey(ctx: Context, actor: Actor, id: string): Promise<void> {
  requireScope(actor, 'apikey.manage');
  await ctx.database.db.transaction(async (tx) => {
    if (!(await repo.revokeApiKey(tx, actor.cityId, actor.accountId, id, ctx.now()))) throw notFound('api key');
    await appendAudit(tx, { cityId: actor.cityId, actorId: actor.accountId, action: 'apikey.revoke', entityType: 'api_key', entityId: id });
  });
}
