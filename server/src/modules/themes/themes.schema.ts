import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** One monthly theme (每月一题) made a programme: the current state; its history is `theme_events`. */
export const themeProgrammes = pgTable(
  'theme_programmes',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    // The proposal's month (YYYY-MM, the city's time zone): its cases are the baseline of the effect.
    month: text('month').notNull(),
    categoryCode: text('category_code').notNull(),
    categoryName: text('category_name').notNull(),
    title: text('title').notNull(),
    target: text('target').notNull(),
    targetReductionPercent: smallint('target_reduction_percent'),
    status: text('status').$type<'active' | 'closed'>().notNull(),
    leadUnitId: uuid('lead_unit_id').notNull(),
    coUnitIds: uuid('co_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    // The streets its cases came from in its month (region paths): the territories it concerns.
    streetPaths: text('street_paths')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    summary: text('summary'),
    closeReason: text('close_reason'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: ts('created_at').notNull(),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    // One active programme per category: a second pick of the same problem is refused even when two arrive at once.
    uniqueIndex('theme_programmes_active_category')
      .on(t.cityId, t.categoryCode)
      .where(sql`status = 'active'`),
  ],
);

/** A programme's actions: an owner unit (the lead or a co-unit), a deadline, done with a note. */
export const themeActions = pgTable(
  'theme_actions',
  {
    cityId: uuid('city_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    id: uuid('id').notNull(),
    title: text('title').notNull(),
    ownerUnitId: uuid('owner_unit_id').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').$type<'open' | 'done'>().notNull(),
    doneAt: ts('done_at'),
    note: text('note'),
    // Set by the sweep when the owner and the lead were told the action fell due.
    dueNotifiedAt: ts('due_notified_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.programmeId, t.id] }),
    foreignKey({
      columns: [t.cityId, t.programmeId],
      foreignColumns: [themeProgrammes.cityId, themeProgrammes.id],
      name: 'theme_actions_programme_fk',
    }),
    index('theme_actions_due_idx')
      .on(t.dueAt)
      .where(sql`status = 'open' AND due_notified_at IS NULL`),
  ],
);

/** A programme's timeline, append-only (a trigger refuses UPDATE and DELETE). */
export const themeEvents = pgTable(
  'theme_events',
  {
    cityId: uuid('city_id').notNull(),
    programmeId: uuid('programme_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: ts('at').notNull(),
    actorAccountId: uuid('actor_account_id'),
    actorName: text('actor_name'),
    data: jsonb('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.programmeId, t.seq] }),
    foreignKey({
      columns: [t.cityId, t.programmeId],
      foreignColumns: [themeProgrammes.cityId, themeProgrammes.id],
      name: 'theme_events_programme_fk',
    }),
  ],
);
