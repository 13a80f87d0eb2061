import { integer, jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cities } from '../org/org.schema.ts';

/** A city's holiday arrangement for one year (days off, 调休 working days), entered by an administrator. */
export const calendarYears = pgTable(
  'calendar_years',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    year: integer('year').notNull(),
    daysOff: jsonb('days_off').$type<string[]>().notNull(),
    adjustedWorkingDays: jsonb('adjusted_working_days').$type<string[]>().notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.year] })],
);
