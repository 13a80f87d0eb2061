// Seed points for Voronoi cells. Uniform random seeds give a mix of huge and tiny cells that no
// real division map shows; Mitchell's best-candidate sampling spaces them evenly for little cost.
// Distance to the parent's boundary counts double (as if the seed were mirrored across the
// edge), which keeps seeds off the boundary and boundary cells as wide as the inner ones.
import type { Random } from './prng.ts';
import type { Shape } from './shape.ts';
import { distanceToBoundaryDeg, shapeBox, shapeContains } from './shape.ts';

export interface SeedOptions {
  count: number;
  /** Candidates tried per seed: more gives more even spacing, linearly slower. */
  candidates: number;
  /** Wanted spacing relative to the average (below 1 packs seeds closer, e.g. in a town centre). */
  relativeSpacing?: (x: number, y: number) => number;
}

/** Rejection sampling is fine: generated parents fill a good share of their bounding box. */
const MAX_TRIES_PER_POINT = 200;

export function randomPointIn(shape: Shape, random: Random): [number, number] | undefined {
  const [minX, minY, maxX, maxY] = shapeBox(shape);
  for (let tries = 0; tries < MAX_TRIES_PER_POINT; tries++) {
    const x = minX + random() * (maxX - minX);
    const y = minY + random() * (maxY - minY);
    if (shapeContains(shape, x, y)) return [x, y];
  }
  return undefined;
}

/** Interleaved x, y of up to `count` seeds strictly inside the shape. */
export function placeSeeds(shape: Shape, random: Random, options: SeedOptions): number[] {
  const seeds: number[] = [];
  const spacing = options.relativeSpacing ?? (() => 1);
  for (let s = 0; s < options.count; s++) {
    let best: [number, number] | undefined;
    let bestScore = -1;
    for (let k = 0; k < options.candidates; k++) {
      const candidate = randomPointIn(shape, random);
      if (!candidate) continue;
      const [x, y] = candidate;
      let nearestSq = Infinity;
      for (let i = 0; i < seeds.length; i += 2) {
        const dx = seeds[i] - x;
        const dy = seeds[i + 1] - y;
        nearestSq = Math.min(nearestSq, dx * dx + dy * dy);
      }
      const score = Math.min(Math.sqrt(nearestSq), 2 * distanceToBoundaryDeg(shape, x, y)) / spacing(x, y);
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    if (!best) break;
    seeds.push(best[0], best[1]);
  }
  return seeds;
}
