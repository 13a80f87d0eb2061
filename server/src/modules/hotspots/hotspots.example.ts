// A constructed city whose hotspots are known (for the rules test, the API test and the bench): Poisson noise over
// 20 grids × 4 categories for 62 weeks, one planted surge (grid 3's water outages, 15 in the last week), one seasonal
// rise that last year had too (grid 5's heating, 10 in this week and in the same week last year: not a hotspot),
// a sparse cell with 2 cases (must not fire), a repeated address (4 cases, the address written three ways), a
// repeated place by points (4 cases within 40 m, no address), a repeated reporter (3 cases) and a text cluster
// (4 similar texts in 4 grids). Background texts are random ideographs: they resemble nothing.
import { createRandom, type Random } from '../../lib/random.ts';
import type { CaseFact } from './hotspots.rules.ts';

const DAY_MS = 86_400_000;

export const EXAMPLE_NOW = new Date('2026-06-15T04:00:00Z');
export const exampleGrid = (g: number): string => `900000/900100/900100001/900100001001/900100001001${String(g).padStart(3, '0')}/`;
export const EXAMPLE_CATEGORIES = ['040101', '010301', '030202', '050101'];
export const SURGE = { grid: 3, category: '040101' };
export const SEASONAL = { grid: 5, category: '050101' };
export const SPARSE = { grid: 99, category: '030202' };
export const REPEATED_PHONE = '13800001111';
export const CLUSTER_TEXTS = [
  '幸福小区东门外排水管破裂，污水横流',
  '幸福小区东门外排水管道破裂污水横流很臭',
  '幸福小区东门外面排水管破裂了，污水横流',
  '反映幸福小区东门排水管破裂，污水横流多日',
];

function poisson(rng: Random, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

const randomText = (rng: Random): string =>
  Array.from({ length: 14 }, () => String.fromCharCode(0x4e00 + Math.floor(rng() * 20_000))).join('');

export interface ExampleCase extends CaseFact {
  grid: number;
}

export function exampleCases(seed = 20260615): ExampleCase[] {
  const rng = createRandom(seed);
  const now = EXAMPLE_NOW.getTime();
  const out: ExampleCase[] = [];
  let n = 0;
  const add = (grid: number, categoryCode: string | null, daysAgo: number, extra: Partial<CaseFact> = {}) =>
    out.push({
      id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      grid,
      receivedAt: new Date(now - daysAgo * DAY_MS),
      regionPath: exampleGrid(grid),
      categoryCode,
      text: randomText(rng),
      address: null,
      lng: null,
      lat: null,
      reporterPhone: null,
      ...extra,
    });
  // Background: 1.5 cases a week in each cell, for 62 weeks.
  for (let grid = 1; grid <= 20; grid++)
    for (const category of EXAMPLE_CATEGORIES)
      for (let week = 0; week < 62; week++) {
        const count = poisson(rng, 1.5);
        for (let i = 0; i < count; i++) add(grid, category, week * 7 + rng() * 7);
      }
  for (let i = 0; i < 15; i++) add(SURGE.grid, SURGE.category, rng() * 7);
  for (let i = 0; i < 10; i++) add(SEASONAL.grid, SEASONAL.category, rng() * 7);
  for (let i = 0; i < 10; i++) add(SEASONAL.grid, SEASONAL.category, 365 + rng() * 7);
  for (let i = 0; i < 2; i++) add(SPARSE.grid, SPARSE.category, 1 + i);
  ['文昌路18号', '文昌路 18 号', '文昌路１８号', '文昌路18号'].forEach((address, i) => add(7, null, 2 + i * 5, { address }));
  [0, 0.0001, 0.0002, 0.0003].forEach((d, i) => add(8, null, 3 + i * 4, { lng: 114.65 + d, lat: 33.62 + d / 2 }));
  [1, 9, 20].forEach((daysAgo, i) => add(10 + i, null, daysAgo, { reporterPhone: REPEATED_PHONE }));
  CLUSTER_TEXTS.forEach((text, i) => add(12 + i, null, 1 + i, { text }));
  return out;
}
