// Planar measures in lng/lat degrees. At city scale (< 1° across) the distortion is a constant
// cos(lat) factor, which cancels in the ratios these are used for (shares of a parent's area,
// "does this tile its parent"), so no projection is worth its cost here.
import type { ArealGeometry, Position } from './geojson.ts';
import { polygonsOf } from './geojson.ts';

/** Shoelace area of a ring, positive when counter-clockwise; offsets keep precision at lng ~115. */
export function ringSignedAreaSqDeg(ring: ReadonlyArray<Position>): number {
  if (ring.length < 3) return 0;
  const [x0, y0] = ring[0];
  let twice = 0;
  for (let i = 1; i + 1 < ring.length; i++) {
    twice += (ring[i][0] - x0) * (ring[i + 1][1] - y0) - (ring[i + 1][0] - x0) * (ring[i][1] - y0);
  }
  return twice / 2;
}

/** Area of the outer rings minus their holes, whatever the rings' winding. */
export function planarAreaSqDeg(geometry: ArealGeometry): number {
  let area = 0;
  for (const [outer, ...holes] of polygonsOf(geometry)) {
    area += Math.abs(ringSignedAreaSqDeg(outer));
    for (const hole of holes) area -= Math.abs(ringSignedAreaSqDeg(hole));
  }
  return area;
}

/**
 * A point guaranteed inside the geometry, kept away from its boundary: on a few horizontal scan
 * lines through the largest polygon, the midpoint of the widest inside stretch, choosing the
 * candidate farthest from any edge. Used for labels and as a probe that must hit this polygon
 * and not a neighbour (neighbours may overlap by rounding slivers at their shared edge).
 */
export function interiorPointOf(geometry: ArealGeometry): [number, number] {
  let largest = polygonsOf(geometry)[0];
  let largestArea = -1;
  for (const polygon of polygonsOf(geometry)) {
    const area = Math.abs(ringSignedAreaSqDeg(polygon[0]));
    if (area > largestArea) [largest, largestArea] = [polygon, area];
  }
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of largest[0]) [minY, maxY] = [Math.min(minY, y), Math.max(maxY, y)];

  let best: [number, number] = [largest[0][0][0], largest[0][0][1]];
  let bestClearance = -1;
  for (const fraction of [0.5, 0.35, 0.65, 0.2, 0.8, 0.45, 0.55]) {
    const y = minY + (maxY - minY) * fraction;
    const crossings: number[] = [];
    for (const ring of largest) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [xa, ya] = ring[i];
        const [xb, yb] = ring[i + 1];
        if (ya > y !== yb > y) crossings.push(xa + ((y - ya) * (xb - xa)) / (yb - ya));
      }
    }
    crossings.sort((a, b) => a - b);
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const candidate: [number, number] = [(crossings[i] + crossings[i + 1]) / 2, y];
      const clearance = distanceToBoundary(largest, candidate);
      if (clearance > bestClearance) [best, bestClearance] = [candidate, clearance];
    }
  }
  return best;
}

function distanceToBoundary(polygon: ReadonlyArray<ReadonlyArray<Position>>, [px, py]: [number, number]): number {
  let nearestSq = Infinity;
  for (const ring of polygon) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [xa, ya] = ring[i];
      const dx = ring[i + 1][0] - xa;
      const dy = ring[i + 1][1] - ya;
      const lengthSq = dx * dx + dy * dy;
      const t = lengthSq > 0 ? Math.max(0, Math.min(1, ((px - xa) * dx + (py - ya) * dy) / lengthSq)) : 0;
      const ex = xa + t * dx - px;
      const ey = ya + t * dy - py;
      nearestSq = Math.min(nearestSq, ex * ex + ey * ey);
    }
  }
  return Math.sqrt(nearestSq);
}
