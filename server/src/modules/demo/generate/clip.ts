// Clips a (possibly concave, multi-part, holed) shape to a half-plane, producing proper separate
// parts where the line cuts through notches. Sutherland-Hodgman would instead join the pieces with
// zero-width bridges along the line: harmless for area, but invalid polygons for a GIS client.
//
// Method: walk each ring, cut it into "chains" (maximal runs on the kept side, from an entry
// point on the line to an exit point on the line), sort all entry/exit points along the line and
// connect each exit to the next point along the line, which is always an entry when the rings
// are simple and oriented (outers counter-clockwise, holes clockwise).
import type { Poly, Ring, Shape } from './shape.ts';
import { shapeContains } from './shape.ts';

interface Chain {
  points: Ring;
  /** Position of the entry / exit point along the line direction. */
  entryAlong: number;
  exitAlong: number;
  next: number;
}

/**
 * Keeps the part of `shape` where nx * x + ny * y - c < 0. Points exactly on the line count as
 * outside, so two cells clipped by the same line with negated coefficients never overlap.
 */
export function clipHalfPlane(shape: Shape, nx: number, ny: number, c: number): Shape {
  const out: Shape = [];
  for (const poly of shape) clipPoly(poly, nx, ny, c, out);
  return out;
}

function clipPoly(poly: Poly, nx: number, ny: number, c: number, out: Shape): void {
  const chains: Chain[] = [];
  let outerKept = false;
  const keptHoles: Ring[] = [];
  for (let r = 0; r < poly.length; r++) {
    const ring = poly[r];
    const n = ring.length / 2;
    const side = new Float64Array(n);
    let inside = 0;
    for (let i = 0; i < n; i++) {
      side[i] = nx * ring[2 * i] + ny * ring[2 * i + 1] - c;
      if (side[i] < 0) inside++;
    }
    if (inside === n) {
      if (r === 0) outerKept = true;
      else keptHoles.push(ring);
    } else if (inside > 0) {
      cutRing(ring, side, nx, ny, chains);
    }
  }

  if (chains.length === 0) {
    // No ring meets the line: the part is wholly kept (its holes may be cut away on their own) or gone.
    if (outerKept) out.push([poly[0], ...keptHoles]);
    return;
  }
  const outers = linkChains(chains);
  const parts: Poly[] = outers.map((ring) => [ring]);
  for (const hole of keptHoles) {
    const owner = parts.find((part) => shapeContains([part], hole[0], hole[1]));
    if (owner) owner.push(hole);
  }
  out.push(...parts);
}

/** Appends the chains of one ring that crosses the line (has vertices on both sides). */
function cutRing(ring: Ring, side: Float64Array, nx: number, ny: number, chains: Chain[]): void {
  const n = side.length;
  // Start just after an outside vertex, so every chain is seen whole.
  let start = 0;
  while (side[start] < 0) start++;
  let current: Ring | undefined;
  let entryAlong = 0;
  for (let step = 1; step <= n; step++) {
    const a = (start + step - 1) % n;
    const b = (start + step) % n;
    const aIn = side[a] < 0;
    const bIn = side[b] < 0;
    if (aIn !== bIn) {
      // t is computed as side[a] / (side[a] - side[b]); with negated coefficients both factors
      // negate exactly, so the neighbouring cell gets the bit-identical crossing point.
      const t = side[a] / (side[a] - side[b]);
      const x = ring[2 * a] + (ring[2 * b] - ring[2 * a]) * t;
      const y = ring[2 * a + 1] + (ring[2 * b + 1] - ring[2 * a + 1]) * t;
      const along = -ny * x + nx * y;
      if (bIn) {
        current = [x, y];
        entryAlong = along;
      } else if (current) {
        current.push(x, y);
        chains.push({ points: current, entryAlong, exitAlong: along, next: -1 });
        current = undefined;
      }
    }
    if (bIn && current) current.push(ring[2 * b], ring[2 * b + 1]);
  }
}

/**
 * The line runs in direction (-ny, nx), which keeps the inside on its left. Leaving the kept side
 * at an exit, the region continues along the line in that direction up to the next crossing.
 */
function linkChains(chains: Chain[]): Ring[] {
  const events: { along: number; chain: number; isEntry: boolean }[] = [];
  chains.forEach((chain, index) => {
    events.push({ along: chain.entryAlong, chain: index, isEntry: true });
    events.push({ along: chain.exitAlong, chain: index, isEntry: false });
  });
  // At equal positions put exits first: a touching vertex then links to its own continuation.
  events.sort((a, b) => a.along - b.along || Number(a.isEntry) - Number(b.isEntry));
  for (let e = 0; e < events.length; e++) {
    if (events[e].isEntry) continue;
    // Normally events[e + 1]; scanning on only matters for degenerate (touching) input.
    let f = e + 1;
    while (f < events.length && !events[f].isEntry) f++;
    if (f === events.length) f = events.findIndex((event) => event.isEntry);
    chains[events[e].chain].next = events[f].chain;
  }

  const rings: Ring[] = [];
  const used = new Uint8Array(chains.length);
  for (let first = 0; first < chains.length; first++) {
    if (used[first]) continue;
    const ring: Ring = [];
    let k = first;
    while (!used[k]) {
      used[k] = 1;
      for (const value of chains[k].points) ring.push(value);
      k = chains[k].next;
    }
    if (ring.length >= 6) rings.push(ring);
  }
  return rings;
}
