import { foreignKey, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../org/org.schema.ts';

/** The dispatch catalogue: three levels; leaves carry the deadline tier, the handler and extra fields. */
export const categories = pgTable(
  'categories',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    parentId: uuid('parent_id'),
    level: smallint('level').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    deadlineTier: text('deadline_tier'),
    handler: jsonb('handler'),
    keywords: jsonb('keywords').notNull().default([]),
    fields: jsonb('fields').notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('categories_city_code_key').on(t.cityId, t.code),
    foreignKey({ columns: [t.cityId, t.parentId], foreignColumns: [t.cityId, t.id], name: 'categories_parent_fk' }),
  ],
);
