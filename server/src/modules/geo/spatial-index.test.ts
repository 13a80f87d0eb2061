import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from './geojson.ts';
import { validateGeometry } from './geojson.ts';
import { SpatialIndex } from './spatial-index.ts';
import { createRandom } from '../../lib/random.ts';

// Real village polygons (Taiwan, 1982) from the shared read-only data set, outside the repo.
const VILLAGES_URL = new URL('../../../../../shared/data/geo/fixture_villages_7599.geojson', import.meta.url);
const villages = (JSON.parse(readFileSync(VILLAGES_URL, 'utf8')) as { features: { geometry: Polygon | MultiPolygon }[] }).features.map(
  (feature) => feature.geometry,
);

/** The textbook even-odd crossing test over one ring, written independently of the index's own. */
function ringContains(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Geometry bounding boxes, only to skip obviously-missed polygons (a bbox miss is exact). */
const boxCache = new WeakMap<Polygon | MultiPolygon, Float64Array>();
function boxOf(geometry: Polygon | MultiPolygon): Float64Array {
  let box = boxCache.get(geometry);
  if (!box) {
    box = Float64Array.of(Infinity, Infinity, -Infinity, -Infinity);
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) {
      for (const [x, y] of polygon[0]) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    }
    boxCache.set(geometry, box);
  }
  return box;
}

function bruteForce(geometries: (Polygon | MultiPolygon)[], x: number, y: number): number | undefined {
  for (let i = 0; i < geometries.length; i++) {
    const geometry = geometries[i];
    const box = boxOf(geometry);
    if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const [outer, ...holes] of polygons) {
      if (ringContains(outer, x, y) && !holes.some((hole) => ringContains(hole, x, y))) return i;
    }
  }
  return undefined;
}

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('SpatialIndex over the 7,599 real village polygons', () => {
  const index = SpatialIndex.build(villages.map((geometry, id) => ({ id, geometry })));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const geometry of villages) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const [x, y] of polygons.flat(2)) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }

  it('reads the fixture from the shared data directory', () => {
    expect(fileURLToPath(VILLAGES_URL)).toMatch(/[\\/]shared[\\/]data[\\/]geo[\\/]fixture_villages_7599\.geojson$/);
    expect(villages).toHaveLength(7599);
    expect(index.size).toBe(7599);
  });

  it('agrees with brute force for random points across the bounding box', () => {
    const random = createRandom(1);
    let hits = 0;
    for (let i = 0; i < 4000; i++) {
      const x = minX + random() * (maxX - minX);
      const y = minY + random() * (maxY - minY);
      const expected = bruteForce(villages, x, y);
      if (expected !== undefined) hits++;
      expect(index.locate(x, y)).toBe(expected);
    }
    // Most of the box is sea; make sure the test exercised both outcomes.
    expect(hits).toBeGreaterThan(500);
  });

  it('agrees with brute force for points sampled inside polygons and near their edges', () => {
    const random = createRandom(2);
    for (let i = 0; i < 3000; i++) {
      const geometry = villages[Math.floor(random() * villages.length)];
      const ring = (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates[0])[0];
      const k = Math.floor(random() * (ring.length - 1));
      const [ax, ay] = ring[k];
      const [bx, by] = ring[k + 1];
      // Near an edge (within ~1 m either side) stresses the grid's touched-cell bookkeeping;
      // towards a far vertex mostly lands inside.
      const t = random();
      const nearEdge: [number, number] = [ax + (bx - ax) * t + (random() - 0.5) * 1e-5, ay + (by - ay) * t + (random() - 0.5) * 1e-5];
      const [fx, fy] = ring[Math.floor(random() * (ring.length - 1))];
      const inward: [number, number] = [ax + (fx - ax) * random(), ay + (fy - ay) * random()];
      for (const [x, y] of [nearEdge, inward]) {
        const expected = bruteForce(villages, x, y);
        expect(index.locate(x, y)).toBe(expected);
        expect(index.locateByTree(x, y)).toBe(expected);
      }
    }
  });

  it('returns undefined outside every polygon', () => {
    expect(index.locate(maxX + 1, maxY + 1)).toBeUndefined();
    expect(index.locate(Number.NaN, 23.5)).toBeUndefined();
    expect(index.locate(119.4, 25.2)).toBeUndefined(); // Taiwan Strait, inside the bbox
  });
});

describe('SpatialIndex semantics', () => {
  it('honours holes and lets an island inside a hole answer for itself', () => {
    const donut: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(3, 3, 7, 7).reverse()] };
    const island: Polygon = { type: 'Polygon', coordinates: [square(4, 4, 6, 6)] };
    const index = SpatialIndex.build([
      { id: 'donut', geometry: donut },
      { id: 'island', geometry: island },
    ]);
    expect(index.locate(1, 1)).toBe('donut');
    expect(index.locate(3.5, 3.5)).toBeUndefined();
    expect(index.locate(5, 5)).toBe('island');
    expect(index.locate(11, 5)).toBeUndefined();
  });

  it('unites the parts of a MultiPolygon', () => {
    const pair: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]] };
    const index = SpatialIndex.build([{ id: 7, geometry: pair }]);
    expect(index.locate(0.5, 0.5)).toBe(7);
    expect(index.locate(5.5, 5.5)).toBe(7);
    expect(index.locate(3, 3)).toBeUndefined();
  });

  it('gives overlaps to the earliest item, as brute force does', () => {
    const index = SpatialIndex.build([
      { id: 'first', geometry: { type: 'Polygon', coordinates: [square(0, 0, 2, 2)] } },
      { id: 'second', geometry: { type: 'Polygon', coordinates: [square(1, 1, 3, 3)] } },
    ]);
    expect(index.locate(1.5, 1.5)).toBe('first');
    expect(index.locate(2.5, 2.5)).toBe('second');
  });

  it('handles a polygon with many vertices among small ones', () => {
    const circle: Position[] = [];
    for (let i = 0; i <= 20_000; i++) {
      const angle = (2 * Math.PI * (i % 20_000)) / 20_000;
      circle.push([114 + Math.cos(angle), 33 + Math.sin(angle) * (1 + 0.1 * Math.sin(angle * 40))]);
    }
    const geometries: Polygon[] = [{ type: 'Polygon', coordinates: [circle] }];
    for (let i = 0; i < 50; i++)
      geometries.push({ type: 'Polygon', coordinates: [square(116 + i * 0.01, 33, 116.005 + i * 0.01, 33.005)] });
    const index = SpatialIndex.build(geometries.map((geometry, id) => ({ id, geometry })));
    const random = createRandom(3);
    for (let i = 0; i < 2000; i++) {
      const x = 112.9 + random() * 3.7;
      const y = 31.8 + random() * 2.4;
      expect(index.locate(x, y)).toBe(bruteForce(geometries, x, y));
    }
  });

  it('is empty when built from nothing', () => {
    const index = SpatialIndex.build<string>([]);
    expect(index.size).toBe(0);
    expect(index.locate(0, 0)).toBeUndefined();
    expect(index.locateByTree(0, 0)).toBeUndefined();
  });
});

describe('validateGeometry', () => {
  const ok = { type: 'Polygon', coordinates: [square(114, 33, 115, 34)] };

  it('accepts valid polygons and multipolygons', () => {
    expect(validateGeometry(ok)).toEqual({ ok: true, geometry: ok });
    const multi = { type: 'MultiPolygon', coordinates: [ok.coordinates, [square(0, 0, 1, 1)]] };
    expect(validateGeometry(multi).ok).toBe(true);
  });

  it.each([
    ['a non-object', 'POLYGON((0 0))', /must be an object/],
    ['null', null, /must be an object/],
    ['an array', [], /must be an object/],
    ['a wrong type', { type: 'Point', coordinates: [1, 2] }, /must be Polygon or MultiPolygon/],
    ['missing coordinates', { type: 'Polygon' }, /coordinates must be an array/],
    ['a polygon without rings', { type: 'Polygon', coordinates: [] }, /no rings/],
    ['an empty multipolygon', { type: 'MultiPolygon', coordinates: [] }, /no polygons/],
    [
      'a ring of 3 positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      /at least 4/,
    ],
    [
      'an unclosed ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
      /not closed/,
    ],
    [
      'a non-finite coordinate',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [Number.NaN, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      /non-finite/,
    ],
    [
      'a string coordinate',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            ['1', 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      /non-finite/,
    ],
    ['a longitude out of range', { type: 'Polygon', coordinates: [square(179, 0, 181, 1)] }, /longitude 181/],
    ['a latitude out of range', { type: 'Polygon', coordinates: [square(0, 89, 1, 91)] }, /latitude 91/],
    ['a bad position', { type: 'Polygon', coordinates: [[[0, 0], [1], [1, 1], [0, 0]]] }, /not a \[lng, lat\]/],
    ['a bad polygon inside a multipolygon', { type: 'MultiPolygon', coordinates: [ok.coordinates, [[[0, 0]]]] }, /polygon 1 ring 0/],
  ])('rejects %s with a clear reason', (_label, value, reason) => {
    const result = validateGeometry(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
