import { bigint, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

// The dashboard's rollups (PRODUCT.md §4): counts of the cases per scope, kept by a trigger on `cases`
// (migration 0011_dashboard) and never by hand. A scope is a territory's region path ('411600/411602/')
// or a lead unit ('u:<id>'). Every change to a case row writes what it adds and takes away to
// `dash_pending`, append-only, in the same transaction (no row is updated there, so concurrent writers
// never wait on each other); a fold moves the pending rows into `dash_daily` and `dash_open` every
// second. A read sums a rollup and its pending rows in one statement, so it is exact at every moment.

/**
 * Flows per day (in the city's time zone): `measure` received | replied | rated | contacted | solved |
 * satisfied | on_time | closed | overdue. `part` breaks `received` down: 'ch:<channel>' and
 * 'cat:<category code>' (each sums to the day's total); '' for the other measures.
 */
export const dashDaily = pgTable(
  'dash_daily',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    day: date('day').notNull(),
    measure: text('measure').notNull(),
    part: text('part').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.scope, t.day, t.measure, t.part] })],
);

/** Cases not yet closed, now: `measure` is the status, `part` the phase: normal | due_soon | overdue. */
export const dashOpen = pgTable(
  'dash_open',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    measure: text('measure').notNull(),
    part: text('part').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.scope, t.measure, t.part] })],
);

/** Changes not yet folded: a `day` for dash_daily, none for dash_open. */
export const dashPending = pgTable(
  'dash_pending',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    day: date('day'),
    measure: text('measure').notNull(),
    part: text('part').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [index('dash_pending_scope_idx').on(t.cityId, t.scope)],
);
