import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { WhistleReason, WhistleStatus } from '@gongzhi/contracts';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** One whistle (吹哨): the current state; its history is `whistle_events`. */
export const whistles = pgTable(
  'whistles',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    status: text('status').$type<WhistleStatus>().notNull(),
    reason: text('reason').$type<WhistleReason>().notNull(),
    problem: text('problem').notNull(),
    // The case it was blown on, if any.
    caseId: uuid('case_id'),
    unitId: uuid('unit_id').notNull(),
    // The blowing unit's territory path: the street whose rate this whistle counts in.
    unitRegionPath: text('unit_region_path').notNull(),
    regionPath: text('region_path').notNull(),
    regionName: text('region_name'),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    arrivalMinutes: integer('arrival_minutes').notNull(),
    checkInRadiusMeters: integer('check_in_radius_meters').notNull(),
    blownAt: ts('blown_at').notNull(),
    dueAt: ts('due_at').notNull(),
    blownBy: uuid('blown_by'),
    blownByName: text('blown_by_name'),
    result: text('result'),
    closedAt: ts('closed_at'),
    spawnedCaseIds: uuid('spawned_case_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('whistles_blown_idx').on(t.cityId, t.blownAt.desc(), t.id.desc()),
    index('whistles_unit_idx').on(t.cityId, t.unitId, t.blownAt),
    index('whistles_region_idx').using('btree', t.cityId, sql`${t.regionPath} text_pattern_ops`, t.blownAt),
    uniqueIndex('whistles_idempotency_key')
      .on(t.cityId, t.blownBy, t.idempotencyKey)
      .where(sql`idempotency_key IS NOT NULL`),
  ],
);

/** Each summoned department's report (报到) on one whistle: acknowledge, check in on site, leave, the street's rating. */
export const whistleAttendance = pgTable(
  'whistle_attendance',
  {
    cityId: uuid('city_id').notNull(),
    whistleId: uuid('whistle_id').notNull(),
    unitId: uuid('unit_id').notNull(),
    acknowledgedAt: ts('acknowledged_at'),
    arrivedAt: ts('arrived_at'),
    checkInLng: doublePrecision('check_in_lng'),
    checkInLat: doublePrecision('check_in_lat'),
    checkInDistanceMeters: integer('check_in_distance_meters'),
    checkInFar: boolean('check_in_far'),
    lateMinutes: integer('late_minutes'),
    leftAt: ts('left_at'),
    ratingArrival: smallint('rating_arrival'),
    ratingAttitude: smallint('rating_attitude'),
    ratingResult: smallint('rating_result'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.whistleId, t.unitId] }),
    foreignKey({ columns: [t.cityId, t.whistleId], foreignColumns: [whistles.cityId, whistles.id], name: 'whistle_attendance_whistle_fk' }),
    index('whistle_attendance_unit_idx').on(t.cityId, t.unitId, t.whistleId),
  ],
);

/** A whistle's timeline, append-only (a trigger refuses UPDATE and DELETE). */
export const whistleEvents = pgTable(
  'whistle_events',
  {
    cityId: uuid('city_id').notNull(),
    whistleId: uuid('whistle_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: ts('at').notNull(),
    actorAccountId: uuid('actor_account_id'),
    actorName: text('actor_name'),
    actorUnitId: uuid('actor_unit_id'),
    actorUnitName: text('actor_unit_name'),
    data: jsonb('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.whistleId, t.seq] }),
    foreignKey({ columns: [t.cityId, t.whistleId], foreignColumns: [whistles.cityId, whistles.id], name: 'whistle_events_whistle_fk' }),
  ],
);

/** Per-city whistle settings: the default arrival deadline and the check-in radius. */
export const whistleSettings = pgTable('whistle_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  arrivalMinutes: integer('arrival_minutes').notNull(),
  checkInRadiusMeters: integer('check_in_radius_meters').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});
