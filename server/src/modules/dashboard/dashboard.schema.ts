import { bigint, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

// The dashboard's rollups (PRODUCT.md §4): counts of the cases per scope, kept by a trigger on `cases`
// (migration 0011_dashboard) and never by hand. A scope is a territory's region path ('411600/411602/')
// or a lead unit ('u:<id>'). Every change to a case row writes what it adds and takes away to the
// pending tables, append-only, in the same transaction (no row is updated there, so concurrent writers
// never wait on each other); a fold moves the pending rows into the rollups every second. A read sums
// a rollup and its pending rows in one statement, so it is exact at every moment.

const count = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/** The flow columns: what happened to cases on a day (in the city's time zone). */
const flows = {
  /** Cases received (on 'ch:' and 'cat:' rows: each breakdown sums to the day's total). */
  received: count('received'),
  /** Cases last replied (办结), and of those: with a callback, contacted, solved, satisfied, by the deadline. */
  replied: count('replied'),
  rated: count('rated'),
  contacted: count('contacted'),
  solved: count('solved'),
  satisfied: count('satisfied'),
  onTime: count('on_time'),
  closed: count('closed'),
  /** Cases gone overdue. */
  overdue: count('overdue'),
};

/** Flows per scope and day; `part` is 'ch:<channel>' or 'cat:<category code>' (received only) or '' (the rest). */
export const dashDaily = pgTable(
  'dash_daily',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    day: date('day').notNull(),
    part: text('part').notNull(),
    ...flows,
  },
  // Its key is a unique index that also holds the flows (migration 0011, which drizzle cannot express): a
  // territory's days are read by an index-only scan, not from heap pages scattered by the folds.
);

/**
 * dash_daily summed by calendar month (`month` is its first day), folded with it: a long period, or a
 * month and the month before, is read as a few months plus or minus a few days (migration 0016).
 */
export const dashMonthly = pgTable('dash_monthly', {
  cityId: uuid('city_id').notNull(),
  scope: text('scope').notNull(),
  month: date('month').notNull(),
  part: text('part').notNull(),
  ...flows,
});

/** Cases not yet closed, now, per scope, status and phase (normal | due_soon | overdue). */
export const dashOpen = pgTable(
  'dash_open',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    status: text('status').notNull(),
    phase: text('phase').notNull(),
    n: count('n'),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.scope, t.status, t.phase] })],
);

/** Changes to dash_daily not yet folded. */
export const dashDailyPending = pgTable(
  'dash_daily_pending',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    day: date('day').notNull(),
    part: text('part').notNull(),
    ...flows,
  },
  (t) => [index('dash_daily_pending_scope_idx').on(t.cityId, t.scope)],
);

/** Changes to dash_open not yet folded. */
export const dashOpenPending = pgTable(
  'dash_open_pending',
  {
    cityId: uuid('city_id').notNull(),
    scope: text('scope').notNull(),
    status: text('status').notNull(),
    phase: text('phase').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [index('dash_open_pending_scope_idx').on(t.cityId, t.scope)],
);
