// One level of subdivision: seeds inside the parent, their Voronoi cells clipped to the parent,
// rounded to 6 decimals. The rounded cells are what children are generated from, so every level
// tiles the geometry actually stored for its parent, not an unrounded version of it.
import type { Random } from './prng.ts';
import type { SeedOptions } from './seeds.ts';
import { placeSeeds } from './seeds.ts';
import type { Shape } from './shape.ts';
import { roundShape } from './shape.ts';
import { voronoiPartition } from './voronoi.ts';

export interface Cell {
  seedX: number;
  seedY: number;
  shape: Shape;
}

/** Below ~1 m², a ring left by rounding is noise, not territory. */
const MIN_RING_AREA_SQ_DEG = 1e-10;

export function partition(parent: Shape, random: Random, options: SeedOptions): Cell[] {
  const seeds = placeSeeds(parent, random, options);
  const shapes = voronoiPartition(parent, seeds);
  const cells: Cell[] = [];
  shapes.forEach((shape, i) => {
    const rounded = roundShape(shape, MIN_RING_AREA_SQ_DEG);
    // A cell always holds its own seed, so an empty one can only be a sliver lost to rounding.
    if (rounded.length > 0) cells.push({ seedX: seeds[2 * i], seedY: seeds[2 * i + 1], shape: rounded });
  });
  return cells;
}
