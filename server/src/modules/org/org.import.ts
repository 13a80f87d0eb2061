import { parse } from 'csv-parse/sync';
import { regionCreate, unitCreate } from '@gongzhi/contracts';
import type { Context } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../lib/policy.ts';
import { createRegions, type RegionInput } from './regions.service.ts';
import { createUnits, type UnitInput } from './units.service.ts';

type Failure = { row: number; reason: string };

const describeIssues = (issues: { path: PropertyKey[]; message: string }[]): string =>
  issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');

/**
 * Imports regions from a GeoJSON FeatureCollection whose features carry
 * `properties: {code, name, level, parentCode, subtype?, population?}`. Row = feature number from 1.
 */
export async function importRegionsGeoJson(ctx: Context, actor: Actor, body: unknown): Promise<{ created: number }> {
  if (
    !body ||
    typeof body !== 'object' ||
    (body as { type?: unknown }).type !== 'FeatureCollection' ||
    !Array.isArray((body as { features?: unknown }).features)
  ) {
    throw new AppError(400, 'invalid_geojson', 'The body must be a GeoJSON FeatureCollection');
  }
  const features = (body as { features: unknown[] }).features;
  if (features.length === 0) throw new AppError(400, 'import_failed', 'The file holds no features', []);
  const failures: Failure[] = [];
  const inputs: RegionInput[] = [];
  features.forEach((feature, i) => {
    const f = feature as { type?: unknown; properties?: Record<string, unknown>; geometry?: unknown } | null;
    if (!f || typeof f !== 'object' || f.type !== 'Feature') return failures.push({ row: i + 1, reason: 'not a GeoJSON Feature' });
    const p = f.properties ?? {};
    const parsed = regionCreate.safeParse({
      ...p,
      code: p.code === undefined ? p.code : String(p.code),
      parentCode: p.parentCode === undefined ? p.parentCode : String(p.parentCode),
      geometry: f.geometry,
    });
    if (!parsed.success) return failures.push({ row: i + 1, reason: describeIssues(parsed.error.issues) });
    inputs.push({ ...parsed.data, row: i + 1 });
  });
  return createRegions(ctx, actor, inputs, 'region.import', failures);
}

/** Imports units from CSV with the header `name,kind,region_code,department_type`. Row = line number in the file (the header is line 1). */
export async function importUnitsCsv(ctx: Context, actor: Actor, text: string): Promise<{ created: number }> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new AppError(400, 'invalid_csv', `The CSV cannot be read: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new AppError(400, 'import_failed', 'The file is empty', []);
  const columns = header.map((h) => h.trim());
  for (const required of ['name', 'kind', 'region_code']) {
    if (!columns.includes(required)) throw new AppError(400, 'invalid_csv', `The header has no column ${required}`);
  }
  const failures: Failure[] = [];
  const inputs: UnitInput[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.length !== columns.length) return failures.push({ row, reason: `expected ${columns.length} fields, found ${cells.length}` });
    const record = Object.fromEntries(columns.map((c, j) => [c, cells[j]!.trim()]));
    const parsed = unitCreate.safeParse({
      name: record.name,
      kind: record.kind,
      regionCode: record.region_code,
      departmentType: record.department_type || null,
    });
    if (!parsed.success) return failures.push({ row, reason: describeIssues(parsed.error.issues) });
    inputs.push({ ...parsed.data, row });
  });
  if (rows.length === 0) throw new AppError(400, 'import_failed', 'The file holds no rows', []);
  return createUnits(ctx, actor, inputs, 'unit.import', failures);
}
