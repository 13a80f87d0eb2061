// Splits a parent shape into the Voronoi cells of seed points, each clipped to the parent. Each
// cell is the parent cut by the bisector half-planes of the other seeds; neighbouring cells use
// exactly negated coefficients for their shared bisector, so together they tile the parent with
// no overlap and gaps only at floating-point scale.
import { clipHalfPlane } from './clip.ts';
import type { Shape } from './shape.ts';

/** Largest distance from (x, y) to any vertex: the cell lies within this radius of its seed. */
function reachDeg(shape: Shape, x: number, y: number): number {
  let farthestSq = 0;
  for (const poly of shape) {
    const ring = poly[0];
    for (let i = 0; i < ring.length; i += 2) {
      const dx = ring[i] - x;
      const dy = ring[i + 1] - y;
      const distSq = dx * dx + dy * dy;
      if (distSq > farthestSq) farthestSq = distSq;
    }
  }
  return Math.sqrt(farthestSq);
}

/** Cell i for seeds given as interleaved x, y; a cell is empty only if its seed is outside. */
export function voronoiPartition(parent: Shape, seeds: ReadonlyArray<number>): Shape[] {
  const count = seeds.length / 2;
  const cells: Shape[] = [];
  const others = new Array<{ j: number; distSq: number }>();
  for (let i = 0; i < count; i++) {
    const sx = seeds[2 * i];
    const sy = seeds[2 * i + 1];
    others.length = 0;
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      const dx = seeds[2 * j] - sx;
      const dy = seeds[2 * j + 1] - sy;
      others.push({ j, distSq: dx * dx + dy * dy });
    }
    // Nearest seeds first: they cut the most, so the reach shrinks fast and the loop stops early.
    others.sort((a, b) => a.distSq - b.distSq);
    let cell = parent;
    let reach = reachDeg(cell, sx, sy);
    for (const { j, distSq } of others) {
      // A bisector farther than the cell's reach cannot cut it; later seeds are farther still.
      if (Math.sqrt(distSq) / 2 >= reach) break;
      const tx = seeds[2 * j];
      const ty = seeds[2 * j + 1];
      // Closer to i than to j  <=>  (t - s) · p - (|t|² - |s|²) / 2 < 0.
      cell = clipHalfPlane(cell, tx - sx, ty - sy, (tx * tx + ty * ty - (sx * sx + sy * sy)) / 2);
      if (cell.length === 0) break;
      reach = reachDeg(cell, sx, sy);
    }
    cells.push(cell);
  }
  return cells;
}
