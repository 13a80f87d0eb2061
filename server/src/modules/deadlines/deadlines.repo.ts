import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { calendarYears } from './deadlines.schema.ts';

export type CalendarYearRow = typeof calendarYears.$inferSelect;

export function listCalendarYears(db: Db, cityId: string): Promise<CalendarYearRow[]> {
  return db.select().from(calendarYears).where(eq(calendarYears.cityId, cityId)).orderBy(asc(calendarYears.year));
}

export async function findCalendarYear(db: Db, cityId: string, year: number): Promise<CalendarYearRow | undefined> {
  const rows = await db
    .select()
    .from(calendarYears)
    .where(and(eq(calendarYears.cityId, cityId), eq(calendarYears.year, year)));
  return rows[0];
}

/** Inserts or replaces one year of a city's calendar. */
export async function saveCalendarYear(db: Db, row: typeof calendarYears.$inferInsert): Promise<void> {
  await db
    .insert(calendarYears)
    .values(row)
    .onConflictDoUpdate({
      target: [calendarYears.cityId, calendarYears.year],
      set: { daysOff: row.daysOff, adjustedWorkingDays: row.adjustedWorkingDays, updatedBy: row.updatedBy, updatedAt: row.updatedAt },
    });
}
