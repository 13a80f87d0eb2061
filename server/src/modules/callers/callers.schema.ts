import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { CallerFlagReason, CallerMarkReason } from '@gongzhi/contracts';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const cityId = () =>
  uuid('city_id')
    .notNull()
    .references(() => cities.id);

/**
 * Per city: when a number is flagged, and the key of its phone hashes (HMAC-SHA256): the plain number
 * stays in the cases table only.
 */
export const callerSettings = pgTable('caller_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  marksToFlag: integer('marks_to_flag').notNull(),
  marksWindowDays: integer('marks_window_days').notNull(),
  casesToFlag: integer('cases_to_flag').notNull(),
  casesWindowHours: integer('cases_window_hours').notNull(),
  hashKey: text('hash_key').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

/** An operator's or dispatcher's mark on a case's caller (恶意来电): one per case, never changed. */
export const callerMarks = pgTable(
  'caller_marks',
  {
    cityId: cityId(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    phoneHash: text('phone_hash').notNull(),
    reason: text('reason').$type<CallerMarkReason>().notNull(),
    note: text('note'),
    // Where the marked case lies: the flag is seen by those whose territory holds one of its cases.
    regionPath: text('region_path').notNull(),
    markedBy: uuid('marked_by').notNull(),
    markedAt: ts('marked_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    uniqueIndex('caller_marks_case').on(t.cityId, t.caseId),
    index('caller_marks_phone').on(t.cityId, t.phoneHash, t.markedAt),
  ],
);

/** A flagged number: at most one active (not cleared) flag per number. */
export const callerFlags = pgTable(
  'caller_flags',
  {
    cityId: cityId(),
    id: uuid('id').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    reason: text('reason').$type<CallerFlagReason>().notNull(),
    markCount: integer('mark_count').notNull(),
    caseCount: integer('case_count').notNull(),
    // The places of the cases behind it (marked or repeated), for the readers' territories.
    regionPaths: text('region_paths')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    since: ts('since').notNull(),
    updatedAt: ts('updated_at').notNull(),
    clearedBy: uuid('cleared_by'),
    clearedByName: text('cleared_by_name'),
    clearedAt: ts('cleared_at'),
    clearReason: text('clear_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    uniqueIndex('caller_flags_active')
      .on(t.cityId, t.phoneHash)
      .where(sql`cleared_at IS NULL`),
    index('caller_flags_phone').on(t.cityId, t.phoneHash, t.clearedAt),
    index('caller_flags_since').on(t.cityId, t.since),
  ],
);
