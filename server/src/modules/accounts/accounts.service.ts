import type { AccountView, Role } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { conflict, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { authorizeOn, cityRootPath, requireScope, scopeCoversUnit, scopeOf, type Actor } from '../../lib/policy.ts';
import { appendAudit } from '../audit/index.ts';
import { findUnitInCity } from '../org/index.ts';
import * as repo from './accounts.repo.ts';
import { maskPhone } from './accounts.rules.ts';
import { forgetActors } from './auth.service.ts';
import { hashPassword } from './passwords.ts';
import { API_KEY_PREFIX, makeCredential } from './tokens.ts';

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
  forgetActors(ctx);
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
  forgetActors(ctx);
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
  forgetActors(ctx);
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
  forgetActors(ctx);
}
