import { asc, eq, sql } from 'drizzle-orm';
import { insertJsonRows, type Db } from '../../db/database.ts';
import { categories } from './catalogue.schema.ts';

export type CategoryRow = typeof categories.$inferSelect;

export interface CategoryRecord {
  city_id: string;
  id: string;
  parent_id: string | null;
  level: number;
  code: string;
  name: string;
  name_en: string | null;
  deadline_tier: string | null;
  handler: unknown;
  keywords: string[];
  fields: unknown[];
}

const columns = ['city_id', 'id', 'parent_id', 'level', 'code', 'name', 'name_en', 'deadline_tier', 'handler', 'keywords', 'fields'];

export const insertCategories = (db: Db, rows: CategoryRecord[]): Promise<void> => insertJsonRows(db, 'categories', columns, rows);

export function listCategories(db: Db, cityId: string): Promise<CategoryRow[]> {
  return db.select().from(categories).where(eq(categories.cityId, cityId)).orderBy(asc(categories.code));
}

export async function countCategories(db: Db, cityId: string): Promise<number> {
  const rows = await db.select({ id: categories.id }).from(categories).where(eq(categories.cityId, cityId)).limit(1);
  return rows.length;
}

/** Removes the city's whole tree (children first: the parent key is not cascading). */
export async function deleteCategories(db: Db, cityId: string): Promise<void> {
  await db.execute(sql`DELETE FROM categories WHERE city_id = ${cityId}::uuid AND level = 3`);
  await db.execute(sql`DELETE FROM categories WHERE city_id = ${cityId}::uuid AND level = 2`);
  await db.execute(sql`DELETE FROM categories WHERE city_id = ${cityId}::uuid`);
}
