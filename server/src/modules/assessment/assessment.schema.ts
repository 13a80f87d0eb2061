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
  real,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Per-city assessment settings: weights of the composite score, the fairness minimum, class thresholds, talk list size. */
export const assessmentSettings = pgTable('assessment_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  settings: jsonb('settings').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

/** A talk (约谈) with a badly ranked street or department, held by its superior; one per subject and month. */
export const assessmentTalks = pgTable(
  'assessment_talks',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    period: text('period').notNull(),
    level: text('level').$type<'street' | 'department'>().notNull(),
    // The street's region code or the department's unit id.
    subjectKey: text('subject_key').notNull(),
    subjectName: text('subject_name').notNull(),
    unitId: uuid('unit_id'),
    superiorUnitId: uuid('superior_unit_id'),
    reason: text('reason').notNull(),
    rank: integer('rank').notNull(),
    score: doublePrecision('score'),
    // The path of the subject's territory (the street's, the department's region): who may see and hold it.
    regionPath: text('region_path').notNull(),
    status: text('status').$type<'listed' | 'scheduled' | 'held' | 'closed'>().notNull(),
    scheduledAt: ts('scheduled_at'),
    heldAt: ts('held_at'),
    record: text('record'),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('assessment_talks_subject_key').on(t.cityId, t.period, t.level, t.subjectKey),
    index('assessment_talks_period_idx').on(t.cityId, t.period),
  ],
);

/** One item of a talk's rectification plan (整改清单), followed until done. */
export const talkItems = pgTable(
  'talk_items',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull(),
    talkId: uuid('talk_id').notNull(),
    text: text('text').notNull(),
    owner: text('owner').notNull(),
    dueAt: ts('due_at'),
    doneAt: ts('done_at'),
    evidence: text('evidence'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    foreignKey({ columns: [t.cityId, t.talkId], foreignColumns: [assessmentTalks.cityId, assessmentTalks.id], name: 'talk_items_talk_fk' }),
    index('talk_items_talk_idx').on(t.cityId, t.talkId),
  ],
);

/**
 * What the assessment counts of each case, one narrow row per case, kept in step with the cases by
 * `refreshFacts` (the cases changed since the watermark): a month's assessment scans these, not the
 * wide case rows. `callback` holds bits: 1 rated, 2 contacted, 4 solved, 8 satisfied.
 */
export const assessmentFacts = pgTable(
  'assessment_facts',
  {
    cityId: uuid('city_id').notNull(),
    caseId: uuid('case_id').notNull(),
    repliedAt: ts('replied_at'),
    overdueAt: ts('overdue_at'),
    leadUnitId: uuid('lead_unit_id'),
    regionPath: text('region_path').notNull(),
    callback: smallint('callback').notNull(),
    onTime: boolean('on_time').notNull(),
    reopened: boolean('reopened').notNull(),
    // Working seconds from dispatch to the last reply (the city's work calendar).
    handlingSeconds: real('handling_seconds'),
    caseUpdatedAt: ts('case_updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.caseId] }),
    index('assessment_facts_replied_idx')
      .on(t.cityId, t.repliedAt)
      .where(sql`replied_at IS NOT NULL`),
    index('assessment_facts_overdue_idx')
      .on(t.cityId, t.overdueAt)
      .where(sql`overdue_at IS NOT NULL`),
  ],
);

/** How far each city's facts are in step: the cases changed at or after this time are read again. */
export const assessmentWatermarks = pgTable('assessment_watermarks', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  casesUpdatedAt: ts('cases_updated_at').notNull(),
});
