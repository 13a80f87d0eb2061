// Realistic intake bodies for the case benchmarks: a resident's text from the TipDM 2020 hotline set,
// a leaf of the demo catalogue with its extra fields filled as the intake form would, a point inside a
// random grid of the demo city (checked with the server's own point → polygon index), a reporter.
import fs from 'node:fs';
import path from 'node:path';
import type { CaseCreate } from '@gongzhi/contracts';
import { loadCatalogueFile, type CatalogueLeaf, type ExtraField } from '../server/src/modules/catalogue/index.ts';
import { createRandom, pick, randomInt, type Random } from '../server/src/modules/demo/generate/prng.ts';
import { polygonsOf, SpatialIndex, validateGeometry, type ArealGeometry } from '../server/src/modules/geo/index.ts';
import { root } from './lib.ts';

const TEXTS_CSV = path.resolve(root, '../shared/data/complaints/tipdm2020c_bodies_train.csv');
export const MAX_TEXT_CHARS = 500;

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field: string;
    if (text[i] === '"') {
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end === -1 || text[end + 1] !== '"') break;
        end += 2;
      }
      if (end === -1) end = text.length;
      field = text.slice(i + 1, end).replaceAll('""', '"');
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** The `text` column of the TipDM bodies, trimmed and cut to `maxChars`. */
export function complaintTexts(maxChars = MAX_TEXT_CHARS): string[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(TEXTS_CSV, 'utf8'));
  const column = header!.indexOf('text');
  return rows.map((r) => (r[column] ?? '').trim().slice(0, maxChars).trim()).filter((t) => t.length >= 5);
}

export async function catalogueLeaves(): Promise<CatalogueLeaf[]> {
  const catalogue = await loadCatalogueFile();
  return catalogue.categories.flatMap((first) => first.children.flatMap((second) => second.children));
}

function fieldValue(field: ExtraField, random: Random): unknown {
  switch (field.type) {
    case 'text':
      return `${field.label}${randomInt(random, 100, 9999)}`;
    case 'number':
      return randomInt(random, 1, 60);
    case 'date':
      return `2026-${String(randomInt(random, 1, 12)).padStart(2, '0')}-${String(randomInt(random, 1, 28)).padStart(2, '0')}`;
    case 'single':
      return pick(random, field.options ?? []).value;
    case 'multiple':
      return [pick(random, field.options ?? []).value];
  }
}

/** Every required field, and each optional one half the time. */
export function fieldValues(leaf: CatalogueLeaf, random: Random): Record<string, unknown> | undefined {
  const entries = (leaf.fields ?? []).filter((f) => f.required || random() < 0.5).map((f) => [f.code, fieldValue(f, random)]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export interface Grid {
  path: string;
  geometry: ArealGeometry;
}

/** What both drivers offer: pg's Client and PGlite. */
export interface Queryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** The demo city's grids with their boundaries. */
export async function demoGrids(client: Queryable): Promise<Grid[]> {
  const { rows } = await client.query<{ path: string; geometry: unknown }>(
    `SELECT r.path, r.geometry FROM regions r JOIN cities c ON c.id = r.city_id WHERE c.code = '411600' AND r.level = 'grid'`,
  );
  return rows.flatMap((r) => {
    const checked = validateGeometry(r.geometry);
    return checked.ok ? [{ path: r.path, geometry: checked.geometry }] : [];
  });
}

/** `count` points, each inside a grid drawn at random (so dense urban grids weigh as much as rural ones). */
export function pointsInGrids(grids: Grid[], count: number, random: Random): { lng: number; lat: number }[] {
  const index = SpatialIndex.build(grids.map((g, id) => ({ id, geometry: g.geometry })));
  const boxes = grids.map((g) => {
    const positions = polygonsOf(g.geometry).flat(2);
    const xs = positions.map((p) => p[0]!);
    const ys = positions.map((p) => p[1]!);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
  });
  const points: { lng: number; lat: number }[] = [];
  while (points.length < count) {
    const id = Math.floor(random() * grids.length);
    const [minX, minY, maxX, maxY] = boxes[id]!;
    const lng = minX + random() * (maxX - minX);
    const lat = minY + random() * (maxY - minY);
    // Rounded as a phone app sends it, then checked again: the point the server sees is inside.
    const point = { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
    if (index.locate(point.lng, point.lat) === id) points.push(point);
  }
  return points;
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'];
const GIVEN = [
  '秀英',
  '桂英',
  '建华',
  '志强',
  '丽',
  '伟',
  '敏',
  '静',
  '军',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
];

/** A factory of intake bodies, seeded: the same seed gives the same sequence. */
export async function caseBodyMaker(client: Queryable, seed: number, pointCount = 20_000): Promise<() => CaseCreate> {
  const random = createRandom(seed);
  const [texts, leaves, grids] = [complaintTexts(), await catalogueLeaves(), await demoGrids(client)];
  const points = pointsInGrids(grids, pointCount, random);
  return () => {
    const leaf = pick(random, leaves);
    const roll = random();
    const body: CaseCreate = {
      text: pick(random, texts),
      categoryCode: leaf.code,
      urgency: roll < 0.02 ? 'emergency' : roll < 0.1 ? 'urgent' : 'normal',
      location: pick(random, points),
      reporter: {
        name: pick(random, SURNAMES) + pick(random, GIVEN),
        phone: `1${randomInt(random, 30, 99)}${String(randomInt(random, 0, 99_999_999)).padStart(8, '0')}`,
        anonymous: random() < 0.05,
      },
    };
    const fields = fieldValues(leaf, random);
    if (fields) body.fields = fields;
    if (random() < 0.5) body.address = `${randomInt(random, 1, 300)}号院${randomInt(random, 1, 30)}号楼`;
    return body;
  };
}
