import { and, asc, count, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import type { Grant, Scope } from '../../lib/policy.ts';
import { scopeCondition } from '../../lib/policy.ts';
import { cities, regions, units } from '../org/org.schema.ts';
import { accounts, apiKeys, roleAssignments, sessions } from './accounts.schema.ts';
import type { RegionLevel, Role, UnitKind } from '@gongzhi/contracts';

export type AccountRow = typeof accounts.$inferSelect;

export function findAccountsByUsername(db: Db, username: string): Promise<(AccountRow & { citySlug: string; cityCode: string })[]> {
  return db
    .select({ ...accountColumns(), citySlug: cities.slug, cityCode: cities.code })
    .from(accounts)
    .innerJoin(cities, eq(cities.id, accounts.cityId))
    .where(eq(accounts.username, username));
}

function accountColumns() {
  const { cityId, id, username, displayName, phone, passwordHash, disabled, failedLogins, lockedUntil, passwordChangedAt, createdAt } =
    accounts;
  return { cityId, id, username, displayName, phone, passwordHash, disabled, failedLogins, lockedUntil, passwordChangedAt, createdAt };
}

export async function findAccount(db: Db, cityId: string, id: string): Promise<AccountRow | undefined> {
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.cityId, cityId), eq(accounts.id, id)));
  return rows[0];
}

export async function insertAccount(db: Db, row: typeof accounts.$inferInsert): Promise<void> {
  await db.insert(accounts).values(row);
}

export async function insertAccounts(db: Db, rows: (typeof accounts.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(accounts).values(rows);
}

export async function updateAccount(db: Db, cityId: string, id: string, patch: Partial<typeof accounts.$inferInsert>): Promise<void> {
  await db
    .update(accounts)
    .set(patch)
    .where(and(eq(accounts.cityId, cityId), eq(accounts.id, id)));
}

/** Counts a failed login and locks the account once the count reaches the limit, in one statement. */
export async function recordFailedLogin(
  db: Db,
  cityId: string,
  id: string,
  maxFailures: number,
  lockUntil: Date,
): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const rows = await db
    .update(accounts)
    .set({
      failedLogins: sql`${accounts.failedLogins} + 1`,
      lockedUntil: sql`CASE WHEN ${accounts.failedLogins} + 1 >= ${maxFailures} THEN ${lockUntil.toISOString()}::timestamptz ELSE ${accounts.lockedUntil} END`,
    })
    .where(and(eq(accounts.cityId, cityId), eq(accounts.id, id)))
    .returning({ failedLogins: accounts.failedLogins, lockedUntil: accounts.lockedUntil });
  return rows[0]!;
}

export async function grantsOf(db: Db, cityId: string, accountIds: string[]): Promise<(Grant & { accountId: string })[]> {
  if (accountIds.length === 0) return [];
  const rows = await db
    .select({
      accountId: roleAssignments.accountId,
      id: roleAssignments.id,
      role: roleAssignments.role,
      unitId: units.id,
      unitName: units.name,
      unitKind: units.kind,
      regionId: regions.id,
      regionCode: regions.code,
      regionName: regions.name,
      regionLevel: regions.level,
      regionPath: regions.path,
    })
    .from(roleAssignments)
    .innerJoin(units, and(eq(units.cityId, roleAssignments.cityId), eq(units.id, roleAssignments.unitId)))
    .innerJoin(regions, and(eq(regions.cityId, units.cityId), eq(regions.id, units.regionId)))
    .where(and(eq(roleAssignments.cityId, cityId), inArray(roleAssignments.accountId, accountIds)))
    .orderBy(asc(regions.path), asc(roleAssignments.role));
  return rows.map((r) => ({ ...r, role: r.role as Role, unitKind: r.unitKind as UnitKind, regionLevel: r.regionLevel as RegionLevel }));
}

export async function insertRoleAssignments(db: Db, rows: (typeof roleAssignments.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(roleAssignments).values(rows);
}

export async function deleteRoleAssignment(db: Db, cityId: string, accountId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(roleAssignments)
    .where(and(eq(roleAssignments.cityId, cityId), eq(roleAssignments.accountId, accountId), eq(roleAssignments.id, id)))
    .returning({ id: roleAssignments.id });
  return rows.length > 0;
}

/**
 * Accounts inside a scope: those holding a role in a unit the scope covers
 * (and the actor's own account). Accounts without any role are seen only by scopes that cover the city root.
 */
function accountScopeCondition(scope: Scope, selfId: string, cityRootPath: string): SQL {
  const inScope = holdsRoleInScope(scope);
  const conditions: SQL[] = [sql`${accounts.id} = ${selfId}::uuid`, inScope];
  if (scope.regionPaths.includes(cityRootPath)) {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM ${roleAssignments} ra WHERE ra.city_id = ${accounts.cityId} AND ra.account_id = ${accounts.id})`,
    );
  }
  return or(...conditions)!;
}

function holdsRoleInScope(scope: Scope): SQL {
  return sql`EXISTS (SELECT 1 FROM ${roleAssignments} ra
    JOIN ${units} u ON u.city_id = ra.city_id AND u.id = ra.unit_id
    JOIN ${regions} r ON r.city_id = u.city_id AND r.id = u.region_id
    WHERE ra.city_id = ${accounts.cityId} AND ra.account_id = ${accounts.id}
      AND ${scopeCondition(scope, sql`r.path`, sql`u.id`)})`;
}

export interface AccountFilter {
  q?: string;
  unitId?: string;
  limit: number;
  offset: number;
}

export async function listAccounts(
  db: Db,
  cityId: string,
  scope: Scope,
  selfId: string,
  cityRootPath: string,
  filter: AccountFilter,
): Promise<{ rows: AccountRow[]; total: number }> {
  const conditions: SQL[] = [eq(accounts.cityId, cityId), accountScopeCondition(scope, selfId, cityRootPath)];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(accounts.username, pattern), ilike(accounts.displayName, pattern))!);
  }
  if (filter.unitId) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${roleAssignments} ra2 WHERE ra2.city_id = ${accounts.cityId} AND ra2.account_id = ${accounts.id} AND ra2.unit_id = ${filter.unitId}::uuid)`,
    );
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db.select().from(accounts).where(where).orderBy(asc(accounts.username)).limit(filter.limit).offset(filter.offset),
    db.select({ total: count() }).from(accounts).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function accountInScope(
  db: Db,
  cityId: string,
  scope: Scope,
  selfId: string,
  cityRootPath: string,
  id: string,
): Promise<boolean> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.cityId, cityId), eq(accounts.id, id), accountScopeCondition(scope, selfId, cityRootPath)));
  return rows.length > 0;
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export interface ActorRow {
  accountId: string;
  username: string;
  displayName: string;
  phone: string | null;
  disabled: boolean;
  cityId: string;
  cityCode: string;
  citySlug: string;
  cityName: string;
  grants: Grant[];
}

/** The account, its city and its grants in one statement (grants as a JSON array). */
function actorQuery(from: SQL, where: SQL): SQL {
  return sql`SELECT a.id AS "accountId", a.username, a.display_name AS "displayName", a.phone, a.disabled,
      c.id AS "cityId", c.code AS "cityCode", c.slug AS "citySlug", c.name AS "cityName",
      COALESCE((
        SELECT json_agg(json_build_object('id', ra.id, 'role', ra.role, 'unitId', u.id, 'unitName', u.name, 'unitKind', u.kind,
                 'regionId', r.id, 'regionCode', r.code, 'regionName', r.name, 'regionLevel', r.level, 'regionPath', r.path) ORDER BY r.path, ra.role)
        FROM role_assignments ra
        JOIN units u ON u.city_id = ra.city_id AND u.id = ra.unit_id
        JOIN regions r ON r.city_id = u.city_id AND r.id = u.region_id
        WHERE ra.city_id = a.city_id AND ra.account_id = a.id), '[]') AS grants
    ${from}
    JOIN cities c ON c.id = a.city_id
    WHERE ${where}`;
}

export async function findActor(db: Db, cityId: string, accountId: string): Promise<ActorRow | undefined> {
  const rows = await queryRows<ActorRow>(
    db,
    actorQuery(sql`FROM accounts a`, sql`a.city_id = ${cityId}::uuid AND a.id = ${accountId}::uuid`),
  );
  return rows[0];
}

/** The actor behind a live session, with the session's CSRF token. */
export async function findSessionActor(
  db: Db,
  cityId: string,
  tokenHash: string,
  now: Date,
): Promise<(ActorRow & { csrfToken: string; expiresAt: Date | string }) | undefined> {
  const query = actorQuery(
    sql`, s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt" FROM sessions s JOIN accounts a ON a.city_id = s.city_id AND a.id = s.account_id`,
    sql`s.city_id = ${cityId}::uuid AND s.token_hash = ${tokenHash} AND s.expires_at > ${now.toISOString()}::timestamptz`,
  );
  const rows = await queryRows<ActorRow & { csrfToken: string; expiresAt: Date | string }>(db, query);
  return rows[0];
}

export async function deleteSession(db: Db, cityId: string, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.cityId, cityId), eq(sessions.tokenHash, tokenHash)));
}

export async function deleteSessionsOf(db: Db, cityId: string, accountId: string, exceptTokenHash?: string): Promise<void> {
  const conditions = [eq(sessions.cityId, cityId), eq(sessions.accountId, accountId)];
  if (exceptTokenHash) conditions.push(sql`${sessions.tokenHash} <> ${exceptTokenHash}`);
  await db.delete(sessions).where(and(...conditions));
}

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<void> {
  await db.insert(apiKeys).values(row);
}

/** The actor behind a live API key. */
export async function findApiKeyActor(db: Db, cityId: string, keyHash: string): Promise<ActorRow | undefined> {
  const query = actorQuery(
    sql`FROM api_keys k JOIN accounts a ON a.city_id = k.city_id AND a.id = k.account_id`,
    sql`k.city_id = ${cityId}::uuid AND k.key_hash = ${keyHash} AND k.revoked_at IS NULL`,
  );
  const rows = await queryRows<ActorRow>(db, query);
  return rows[0];
}

export function listApiKeys(db: Db, cityId: string, accountId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.cityId, cityId), eq(apiKeys.accountId, accountId)))
    .orderBy(asc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Db, cityId: string, accountId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.cityId, cityId), eq(apiKeys.accountId, accountId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}
