// Point → polygon lookup throughput of SpatialIndex on one core (JS runs the loop on one thread):
// the demo city's generated grids and 7,599 real village polygons, each with points uniform over
// the data's bounding box (mostly misses for the villages: the box is two-thirds sea) and points
// sampled inside polygons (every lookup a hit). The flatbush + whole-ring PIP baseline is measured
// too, as the reason the grid exists. Run: npx tsx bench/geo-locate.bench.ts
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { generateCityHierarchy } from '../server/src/modules/demo/generate/index.ts';
import { createRandom } from '../server/src/modules/demo/generate/prng.ts';
import type { ArealGeometry, FeatureCollection } from '../server/src/modules/geo/index.ts';
import { polygonsOf, SpatialIndex } from '../server/src/modules/geo/index.ts';

const ROUNDS = 5;
const LOOKUPS_PER_ROUND = 1_000_000;
const BASELINE_ROUNDS = 3;

const readCollection = (relative: string): FeatureCollection =>
  JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as FeatureCollection;

interface Points {
  lng: Float64Array;
  lat: Float64Array;
}

function boxOf(geometries: ReadonlyArray<ArealGeometry>): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const geometry of geometries) {
    for (const [x, y] of polygonsOf(geometry).flat(2)) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

function pointsInBox([minX, minY, maxX, maxY]: [number, number, number, number], seed: number): Points {
  const random = createRandom(seed);
  const points = { lng: new Float64Array(LOOKUPS_PER_ROUND), lat: new Float64Array(LOOKUPS_PER_ROUND) };
  for (let i = 0; i < LOOKUPS_PER_ROUND; i++) {
    points.lng[i] = minX + random() * (maxX - minX);
    points.lat[i] = minY + random() * (maxY - minY);
  }
  return points;
}

/** A random polygon each time (so small urban polygons weigh as much as big rural ones), then a point in it. */
function pointsInPolygons(geometries: ReadonlyArray<ArealGeometry>, index: SpatialIndex<number>, seed: number): Points {
  const random = createRandom(seed);
  const boxes = geometries.map((geometry) => boxOf([geometry]));
  const points = { lng: new Float64Array(LOOKUPS_PER_ROUND), lat: new Float64Array(LOOKUPS_PER_ROUND) };
  for (let i = 0; i < LOOKUPS_PER_ROUND;) {
    const id = Math.floor(random() * geometries.length);
    const [minX, minY, maxX, maxY] = boxes[id];
    const lng = minX + random() * (maxX - minX);
    const lat = minY + random() * (maxY - minY);
    if (index.locate(lng, lat) !== id) continue;
    points.lng[i] = lng;
    points.lat[i] = lat;
    i++;
  }
  return points;
}

/** Median lookups per second over the rounds; the hit count keeps the loop from being optimised away. */
function measure(
  locate: (lng: number, lat: number) => number | undefined,
  points: Points,
  rounds: number,
): { perSecond: number; hitRate: number } {
  const rates: number[] = [];
  let hits = 0;
  for (let round = 0; round < rounds; round++) {
    hits = 0;
    const started = performance.now();
    for (let i = 0; i < LOOKUPS_PER_ROUND; i++) if (locate(points.lng[i], points.lat[i]) !== undefined) hits++;
    rates.push(LOOKUPS_PER_ROUND / ((performance.now() - started) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { perSecond: Math.round(rates[rates.length >> 1]), hitRate: hits / LOOKUPS_PER_ROUND };
}

function benchSet(name: string, geometries: ReadonlyArray<ArealGeometry>, seed: number, figures: Record<string, number>): void {
  const started = performance.now();
  const index = SpatialIndex.build(geometries.map((geometry, id) => ({ id, geometry })));
  figures[`${name}.build_ms`] = Math.round(performance.now() - started);
  figures[`${name}.polygons`] = index.size;
  const sets: [string, Points][] = [
    ['bbox', pointsInBox(boxOf(geometries), seed)],
    ['inside', pointsInPolygons(geometries, index, seed + 1)],
  ];
  for (const [label, points] of sets) {
    const grid = measure((lng, lat) => index.locate(lng, lat), points, ROUNDS);
    const tree = measure((lng, lat) => index.locateByTree(lng, lat), points, BASELINE_ROUNDS);
    figures[`${name}.${label}.lookups_per_s`] = grid.perSecond;
    figures[`${name}.${label}.hit_rate`] = Math.round(grid.hitRate * 1000) / 1000;
    figures[`${name}.${label}.baseline_flatbush_pip_lookups_per_s`] = tree.perSecond;
  }
}

export async function run(): Promise<Record<string, number>> {
  const figures: Record<string, number> = { cpus: os.cpus().length, rounds: ROUNDS, lookups_per_round: LOOKUPS_PER_ROUND };

  const districts = readCollection('../fixtures/geo/zhoukou_411600_districts.geojson');
  const started = performance.now();
  const regions = generateCityHierarchy(districts, { seed: 411600 });
  figures['demo_grids.generate_ms'] = Math.round(performance.now() - started);
  benchSet(
    'demo_grids',
    regions.filter((r) => r.level === 'grid').map((r) => r.geometry),
    1,
    figures,
  );

  const villages = readCollection('../../shared/data/geo/fixture_villages_7599.geojson');
  benchSet(
    'villages',
    villages.features.map((f) => f.geometry),
    2,
    figures,
  );
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`geo-locate bench: node ${process.version}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? 'unknown'}), one core used`);
  const figures = await run();
  const width = Math.max(...Object.keys(figures).map((key) => key.length));
  for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(width)}  ${value.toLocaleString('en-US')}`);
}
