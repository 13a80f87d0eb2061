// Every SQL statement of the classifier module.
import { and, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';
import { classifierModels, classifierSettings, classifierSuggestions } from './classifier.schema.ts';

export type ModelRow = typeof classifierModels.$inferSelect;
export type ModelInsert = typeof classifierModels.$inferInsert;
export type ModelSummary = Omit<ModelRow, 'model'>;
export type SuggestionRow = typeof classifierSuggestions.$inferSelect;

const summaryColumns = {
  cityId: classifierModels.cityId,
  version: classifierModels.version,
  trainedAt: classifierModels.trainedAt,
  source: classifierModels.source,
  trainedBy: classifierModels.trainedBy,
  itemCount: classifierModels.itemCount,
  labelCount: classifierModels.labelCount,
  trainingMs: classifierModels.trainingMs,
  accuracy: classifierModels.accuracy,
  macroF1: classifierModels.macroF1,
  quality: classifierModels.quality,
  active: classifierModels.active,
};

export function listModels(db: Db, cityId: string): Promise<ModelSummary[]> {
  return db
    .select(summaryColumns)
    .from(classifierModels)
    .where(eq(classifierModels.cityId, cityId))
    .orderBy(desc(classifierModels.version));
}

export async function findModelSummary(db: Db, cityId: string, version: number): Promise<ModelSummary | undefined> {
  const [row] = await db
    .select(summaryColumns)
    .from(classifierModels)
    .where(and(eq(classifierModels.cityId, cityId), eq(classifierModels.version, version)));
  return row;
}

/** The active model's version, or null when the city has none. */
export async function activeVersion(db: Db, cityId: string): Promise<number | null> {
  const [row] = await db
    .select({ version: classifierModels.version })
    .from(classifierModels)
    .where(and(eq(classifierModels.cityId, cityId), eq(classifierModels.active, true)));
  return row?.version ?? null;
}

export async function loadModelJson(db: Db, cityId: string, version: number): Promise<unknown> {
  const [row] = await db
    .select({ model: classifierModels.model })
    .from(classifierModels)
    .where(and(eq(classifierModels.cityId, cityId), eq(classifierModels.version, version)));
  return row?.model;
}

/** Stores a new model under the next version number (the caller holds a transaction). */
export async function insertModel(db: Db, row: Omit<ModelInsert, 'version'>): Promise<number> {
  const [next] = await queryRows<{ version: number }>(
    db,
    sql`SELECT coalesce(max(version), 0)::int + 1 AS version FROM classifier_models WHERE city_id = ${row.cityId}::uuid`,
  );
  const version = next!.version;
  await db.insert(classifierModels).values({ ...row, version, active: false });
  return version;
}

/** Makes one version the active one (and no other); false when the version does not exist. */
export async function activate(db: Db, cityId: string, version: number): Promise<boolean> {
  if (!(await findModelSummary(db, cityId, version))) return false;
  await db
    .update(classifierModels)
    .set({ active: false })
    .where(and(eq(classifierModels.cityId, cityId), eq(classifierModels.active, true)));
  await db
    .update(classifierModels)
    .set({ active: true })
    .where(and(eq(classifierModels.cityId, cityId), eq(classifierModels.version, version)));
  return true;
}

export async function findSettings(db: Db, cityId: string): Promise<{ threshold: number } | undefined> {
  const [row] = await db
    .select({ threshold: classifierSettings.threshold })
    .from(classifierSettings)
    .where(eq(classifierSettings.cityId, cityId));
  return row;
}

export async function saveSettings(db: Db, row: typeof classifierSettings.$inferInsert): Promise<void> {
  await db.insert(classifierSettings).values(row).onConflictDoUpdate({ target: classifierSettings.cityId, set: row });
}

export async function insertSuggestion(db: Db, row: typeof classifierSuggestions.$inferInsert): Promise<void> {
  await db.insert(classifierSuggestions).values(row);
}

export async function findSuggestion(db: Db, cityId: string, id: string): Promise<SuggestionRow | undefined> {
  const [row] = await db
    .select()
    .from(classifierSuggestions)
    .where(and(eq(classifierSuggestions.cityId, cityId), eq(classifierSuggestions.id, id)));
  return row;
}

/** Records what came of a suggestion, once: false when it already has an outcome or its case has another suggestion. */
export async function recordOutcome(
  db: Db,
  cityId: string,
  id: string,
  outcome: { caseId: string; chosenCode: string | null; outcome: 'accepted' | 'corrected'; decidedAt: Date },
): Promise<boolean> {
  const rows = await db
    .update(classifierSuggestions)
    .set(outcome)
    .where(
      and(
        eq(classifierSuggestions.cityId, cityId),
        eq(classifierSuggestions.id, id),
        sql`${classifierSuggestions.outcome} IS NULL`,
        sql`NOT EXISTS (SELECT 1 FROM classifier_suggestions other
                        WHERE other.city_id = ${cityId}::uuid AND other.case_id = ${outcome.caseId}::uuid)`,
      ),
    )
    .returning({ id: classifierSuggestions.id });
  return rows.length > 0;
}

/** Suggestions made in [from, to), per Beijing month and model version, with their outcomes. */
export function suggestionCounts(
  db: Db,
  cityId: string,
  from: Date,
  to: Date,
): Promise<{ month: string; modelVersion: number; suggested: number; accepted: number; corrected: number }[]> {
  return queryRows(
    db,
    sql`SELECT to_char(suggested_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, model_version AS "modelVersion",
               count(*)::int AS suggested,
               count(*) FILTER (WHERE outcome = 'accepted')::int AS accepted,
               count(*) FILTER (WHERE outcome = 'corrected')::int AS corrected
        FROM classifier_suggestions
        WHERE city_id = ${cityId}::uuid AND suggested_at >= ${from.toISOString()}::timestamptz AND suggested_at < ${to.toISOString()}::timestamptz
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
}

/** The most frequent corrections in [from, to): suggested → chosen. */
export function topCorrections(
  db: Db,
  cityId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<{ suggestedCode: string; chosenCode: string | null; count: number }[]> {
  return queryRows(
    db,
    sql`SELECT suggested_code AS "suggestedCode", chosen_code AS "chosenCode", count(*)::int AS count
        FROM classifier_suggestions
        WHERE city_id = ${cityId}::uuid AND outcome = 'corrected'
          AND suggested_at >= ${from.toISOString()}::timestamptz AND suggested_at < ${to.toISOString()}::timestamptz
        GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ${limit}`,
  );
}
