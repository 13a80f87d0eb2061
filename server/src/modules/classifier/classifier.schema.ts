import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cities } from '../org/org.schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A city's trained classifiers, numbered from 1; at most one is active (the one intake asks). */
export const classifierModels = pgTable(
  'classifier_models',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    version: integer('version').notNull(),
    trainedAt: ts('trained_at').notNull(),
    // 'cases' (the city's own cases, final category) or 'csv'.
    source: text('source').notNull(),
    trainedBy: text('trained_by'),
    itemCount: integer('item_count').notNull(),
    labelCount: integer('label_count').notNull(),
    trainingMs: integer('training_ms').notNull(),
    // Cross-validated on the training items; null when there were too few to fold.
    accuracy: doublePrecision('accuracy'),
    macroF1: doublePrecision('macro_f1'),
    quality: jsonb('quality'),
    // The model in its JSON format (classifier.format.ts).
    model: jsonb('model').notNull(),
    active: boolean('active').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.version] }),
    uniqueIndex('classifier_models_one_active')
      .on(t.cityId)
      .where(sql`active`),
  ],
);

/** Per-city classifier settings: the confidence from which intake pre-selects the suggested category. */
export const classifierSettings = pgTable('classifier_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => cities.id),
  threshold: doublePrecision('threshold').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Every suggestion made to intake, and what came of it: the category the case was taken in with, and
 * whether that was the suggestion (accepted) or another (corrected). Followed over time by model version.
 */
export const classifierSuggestions = pgTable(
  'classifier_suggestions',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => cities.id),
    id: uuid('id').notNull(),
    modelVersion: integer('model_version').notNull(),
    suggestedCode: text('suggested_code').notNull(),
    confidence: doublePrecision('confidence').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    belowThreshold: boolean('below_threshold').notNull(),
    suggestedBy: uuid('suggested_by'),
    suggestedAt: ts('suggested_at').notNull(),
    caseId: uuid('case_id'),
    chosenCode: text('chosen_code'),
    // 'accepted' | 'corrected'; null until the case is taken in.
    outcome: text('outcome'),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('classifier_suggestions_time_idx').on(t.cityId, t.suggestedAt),
    uniqueIndex('classifier_suggestions_case')
      .on(t.cityId, t.caseId)
      .where(sql`case_id IS NOT NULL`),
  ],
);
