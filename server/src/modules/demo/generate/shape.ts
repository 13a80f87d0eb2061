// The generator's working geometry: flat number arrays instead of GeoJSON's nested [lng, lat]
// pairs, because partitioning ~22 k polygons at server start must stay well under a second and
// nested arrays roughly triple the allocation and pointer chasing.
import type { ArealGeometry, MultiPolygon, Polygon, Position } from '../../geo/index.ts';
import { polygonsOf } from '../../geo/index.ts';

/** Open ring (no repeated closing point), interleaved x, y. */
export type Ring = number[];
/** Outer ring, counter-clockwise, then holes, clockwise. */
export type Poly = Ring[];
export type Shape = Poly[];

/** Shoelace area, positive when counter-clockwise; offsets keep precision at lng ~115. */
export function ringAreaSqDeg(ring: Ring): number {
  const x0 = ring[0];
  const y0 = ring[1];
  let twice = 0;
  for (let i = 2; i + 3 < ring.length; i += 2) {
    twice += (ring[i] - x0) * (ring[i + 3] - y0) - (ring[i + 2] - x0) * (ring[i + 1] - y0);
  }
  return twice / 2;
}

export function shapeAreaSqDeg(shape: Shape): number {
  let area = 0;
  for (const poly of shape) for (const ring of poly) area += ringAreaSqDeg(ring);
  return area;
}

function reverseRing(ring: Ring): Ring {
  const out: Ring = new Array<number>(ring.length);
  for (let i = 0; i < ring.length; i += 2) {
    out[ring.length - 2 - i] = ring[i];
    out[ring.length - 1 - i] = ring[i + 1];
  }
  return out;
}

/** Winding per RFC 7946 (outer counter-clockwise, holes clockwise), which the clipper relies on. */
function oriented(ring: Ring, outer: boolean): Ring {
  return ringAreaSqDeg(ring) > 0 === outer ? ring : reverseRing(ring);
}

export function shapeFromGeometry(geometry: ArealGeometry): Shape {
  return polygonsOf(geometry).map((polygon) =>
    polygon.map((positions, index) => {
      const ring: Ring = [];
      for (const [x, y] of positions) ring.push(x, y);
      const n = ring.length;
      if (n >= 4 && ring[0] === ring[n - 2] && ring[1] === ring[n - 1]) ring.length = n - 2;
      return oriented(ring, index === 0);
    }),
  );
}

export function shapeToGeometry(shape: Shape): Polygon | MultiPolygon {
  const polygons = shape.map((poly) =>
    poly.map((ring) => {
      const positions: Position[] = [];
      for (let i = 0; i < ring.length; i += 2) positions.push([ring[i], ring[i + 1]]);
      positions.push([ring[0], ring[1]]);
      return positions;
    }),
  );
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** minX, minY, maxX, maxY over outer rings. */
export function shapeBox(shape: Shape): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of shape) {
    const ring = poly[0];
    for (let i = 0; i < ring.length; i += 2) {
      if (ring[i] < box[0]) box[0] = ring[i];
      if (ring[i] > box[2]) box[2] = ring[i];
      if (ring[i + 1] < box[1]) box[1] = ring[i + 1];
      if (ring[i + 1] > box[3]) box[3] = ring[i + 1];
    }
  }
  return box;
}

/** Even-odd over all rings, the same rule the spatial index applies. */
export function shapeContains(shape: Shape, x: number, y: number): boolean {
  let inside = false;
  for (const poly of shape) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        const yi = ring[i + 1];
        const yj = ring[j + 1];
        if (yi > y !== yj > y && x < ((ring[j] - ring[i]) * (y - yi)) / (yj - yi) + ring[i]) inside = !inside;
      }
    }
  }
  return inside;
}

export function distanceToBoundaryDeg(shape: Shape, x: number, y: number): number {
  let nearestSq = Infinity;
  for (const poly of shape) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
        const ax = ring[j];
        const ay = ring[j + 1];
        const dx = ring[i] - ax;
        const dy = ring[i + 1] - ay;
        const lengthSq = dx * dx + dy * dy;
        const t = lengthSq > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSq)) : 0;
        const ex = ax + t * dx - x;
        const ey = ay + t * dy - y;
        const distSq = ex * ex + ey * ey;
        if (distSq < nearestSq) nearestSq = distSq;
      }
    }
  }
  return Math.sqrt(nearestSq);
}

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * Rounds to 6 decimals (~0.1 m, what the fixture itself carries) and removes what rounding can
 * break: repeated points, back-and-forth spikes, and rings or parts too small to matter.
 */
export function roundShape(shape: Shape, minAreaSqDeg: number): Shape {
  const out: Shape = [];
  for (const poly of shape) {
    const rings: Poly = [];
    for (let r = 0; r < poly.length; r++) {
      const ring = cleanRing(poly[r]);
      if (ring.length < 6 || Math.abs(ringAreaSqDeg(ring)) < minAreaSqDeg) {
        if (r === 0) break; // without its outer ring the part (and its holes) is gone
        continue;
      }
      rings.push(oriented(ring, r === 0));
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

function cleanRing(ring: Ring): Ring {
  const points: Ring = [];
  for (let i = 0; i < ring.length; i += 2) {
    const x = round6(ring[i]);
    const y = round6(ring[i + 1]);
    const n = points.length;
    if (n >= 2 && points[n - 2] === x && points[n - 1] === y) continue;
    // a, b, a: a zero-width spike left by rounding; drop b and the repeated a.
    if (n >= 4 && points[n - 4] === x && points[n - 3] === y) {
      points.length = n - 2;
      continue;
    }
    points.push(x, y);
  }
  // The same two checks across the ring's seam.
  let changed = true;
  while (changed && points.length >= 6) {
    changed = false;
    const n = points.length;
    if (points[0] === points[n - 2] && points[1] === points[n - 1]) {
      points.length = n - 2;
      changed = true;
    } else if (points[2] === points[n - 2] && points[3] === points[n - 1]) {
      points.splice(0, 2);
      points.length = n - 4;
      changed = true;
    } else if (points[0] === points[n - 4] && points[1] === points[n - 3]) {
      points.length = n - 2;
      changed = true;
    }
  }
  return points;
}
