import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { HotspotKind, HotspotStatus } from '@gongzhi/contracts';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One hotspot: what detection found (kind, cell or key, window, figures, the cases behind it) and what the command
 * centre did with it. A later run that finds the same kind and key (or any of its cases) in an overlapping window
 * updates the row instead of adding one.
 */
export const hotspots = pgTable(
  'hotspots',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    kind: text('kind').$type<HotspotKind>().notNull(),
    key: text('key').notNull(),
    regionPath: text('region_path').notNull(),
    categoryCode: text('category_code'),
    windowStart: ts('window_start').notNull(),
    windowEnd: ts('window_end').notNull(),
    score: doublePrecision('score').notNull(),
    observed: integer('observed').notNull(),
    expected: doublePrecision('expected'),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    caseIds: uuid('case_ids').array().notNull(),
    status: text('status').$type<HotspotStatus>().notNull().default('new'),
    convertedCaseId: uuid('converted_case_id'),
    convertedWhistleId: uuid('converted_whistle_id'),
    actedBy: uuid('acted_by'),
    actedAt: ts('acted_at'),
    note: text('note'),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('hotspots_key_idx').on(t.cityId, t.kind, t.key, t.windowEnd),
    index('hotspots_region_idx').using('btree', t.cityId, sql`${t.regionPath} text_pattern_ops`, t.score),
  ],
);
