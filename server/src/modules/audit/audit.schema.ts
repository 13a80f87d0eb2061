import { bigint, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../org/org.schema.ts';

/** Append-only, hash-chained per city: each entry's hash covers the previous entry's hash. */
export const auditLog = pgTable(
  'audit_log',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    detail: jsonb('detail').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.seq] })],
);

/** The head of each city's chain; its row lock orders concurrent appends. */
export const auditHeads = pgTable('audit_heads', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
