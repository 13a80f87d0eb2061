import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { cities, units } from '../org/org.schema.ts';

/** A person who signs in. Personal fields (phone) are audited when shown. */
export const accounts = pgTable(
  'accounts',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    phone: text('phone'),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] }), unique('accounts_city_username_key').on(t.cityId, t.username)],
);

/** A role an account holds in a unit; the unit's region is the role's territory. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    role: text('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('role_assignments_unique').on(t.cityId, t.accountId, t.unitId, t.role),
    foreignKey({
      columns: [t.cityId, t.accountId],
      foreignColumns: [accounts.cityId, accounts.id],
      name: 'role_assignments_account_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.cityId, t.unitId],
      foreignColumns: [units.cityId, units.id],
      name: 'role_assignments_unit_fk',
    }),
    index('role_assignments_unit_idx').on(t.cityId, t.unitId),
  ],
);

/** Browser sessions; the cookie holds the city id and a secret whose SHA-256 is stored here. */
export const sessions = pgTable(
  'sessions',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    tokenHash: text('token_hash').notNull(),
    accountId: uuid('account_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.tokenHash] }),
    foreignKey({
      columns: [t.cityId, t.accountId],
      foreignColumns: [accounts.cityId, accounts.id],
      name: 'sessions_account_fk',
    }).onDelete('cascade'),
    index('sessions_account_idx').on(t.cityId, t.accountId),
  ],
);

/** Keys for integrations; they act as the account that owns them. */
export const apiKeys = pgTable(
  'api_keys',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    accountId: uuid('account_id').notNull(),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('api_keys_hash_key').on(t.cityId, t.keyHash),
    foreignKey({
      columns: [t.cityId, t.accountId],
      foreignColumns: [accounts.cityId, accounts.id],
      name: 'api_keys_account_fk',
    }).onDelete('cascade'),
  ],
);
