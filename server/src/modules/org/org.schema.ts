import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** The tenant registry: one row per city held by this deployment. */
export const cities = pgTable('cities', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  regionsVersion: integer('regions_version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The territorial tree city → district → street → community → grid. */
export const regions = pgTable(
  'regions',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    parentId: uuid('parent_id'),
    level: text('level').notNull(),
    subtype: text('subtype').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    // Codes from the root down, each followed by '/': subtree queries are prefix scans.
    path: text('path').notNull(),
    geometry: jsonb('geometry'),
    population: integer('population').notNull().default(0),
    generated: boolean('generated').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('regions_city_code_key').on(t.cityId, t.code),
    foreignKey({ columns: [t.cityId, t.parentId], foreignColumns: [t.cityId, t.id], name: 'regions_parent_fk' }),
    index('regions_city_path_idx').using('btree', t.cityId, sql`${t.path} text_pattern_ops`),
    index('regions_city_parent_idx').on(t.cityId, t.parentId),
  ],
);

/** Organisations: party bodies, street offices, committees, departments, utilities, resident units … */
export const units = pgTable(
  'units',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    departmentType: text('department_type'),
    regionId: uuid('region_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('units_city_region_name_key').on(t.cityId, t.regionId, t.name),
    foreignKey({
      columns: [t.cityId, t.regionId],
      foreignColumns: [regions.cityId, regions.id],
      name: 'units_region_fk',
    }),
    index('units_city_kind_idx').on(t.cityId, t.kind),
  ],
);
