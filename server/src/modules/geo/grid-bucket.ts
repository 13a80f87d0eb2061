// Buckets one polygon part into the grid: its edges into per-row slabs, and each cell of its
// bounding box into "touched" (needs a ray test over the row's slab), "covered" or nothing.
import type { FlatParts } from './flatten.ts';
import type { GrowableFloat64, GrowableInt32 } from './growable.ts';

export interface GridFrame {
  minX: number;
  minY: number;
  cellSizeDeg: number;
  cols: number;
  rows: number;
  colOf: (x: number) => number;
  rowOf: (y: number) => number;
  /** Widening of cells in touch tests. */
  marginDeg: number;
}

/** Parallel entry columns; `edges` holds x1, y1, x2, y2 per slab edge. */
export interface EntrySink {
  cell: GrowableInt32;
  part: GrowableInt32;
  edgeStart: GrowableInt32;
  edgeEnd: GrowableInt32;
  edges: GrowableFloat64;
}

// Scratch buffers reused across parts: most parts touch a handful of cells, and allocating per
// part dominated build time on the 18 k demo grids.
let touched = new Uint8Array(1024);
let rowFill = new Int32Array(64);
const crossings: number[] = [];

export function bucketPart(parts: FlatParts, p: number, frame: GridFrame, out: EntrySink): void {
  const { coords, ringStart } = parts;
  const { colOf, rowOf } = frame;
  const c0 = colOf(parts.partBox[p * 4]);
  const r0 = rowOf(parts.partBox[p * 4 + 1]);
  const c1 = colOf(parts.partBox[p * 4 + 2]);
  const r1 = rowOf(parts.partBox[p * 4 + 3]);
  const width = c1 - c0 + 1;
  const height = r1 - r0 + 1;
  if (touched.length < width * height) touched = new Uint8Array(width * height * 2);
  else touched.fill(0, 0, width * height);
  if (rowFill.length < height + 1) rowFill = new Int32Array(height * 2 + 1);
  else rowFill.fill(0, 0, height + 1);
  const firstRing = parts.partRingStart[p];
  const endRing = parts.partRingStart[p + 1];

  // Pass 1: count edges per row (an edge goes into every row its y-range meets).
  for (let ring = firstRing; ring < endRing; ring++) {
    for (let k = ringStart[ring]; k < ringStart[ring + 1] - 1; k++) {
      const ya = coords[k * 2 + 1];
      const yb = coords[k * 2 + 3];
      const last = rowOf(Math.max(ya, yb));
      for (let r = rowOf(Math.min(ya, yb)); r <= last; r++) rowFill[r - r0 + 1]++;
    }
  }
  const slabStart = new Int32Array(height + 1);
  for (let r = 0; r < height; r++) slabStart[r + 1] = slabStart[r] + rowFill[r + 1];
  for (let r = 0; r < height; r++) rowFill[r] = slabStart[r];
  const slab = new Float64Array(slabStart[height] * 4);

  // Pass 2: lay edges out row by row and mark the cells each edge reaches.
  for (let ring = firstRing; ring < endRing; ring++) {
    for (let k = ringStart[ring]; k < ringStart[ring + 1] - 1; k++) {
      const xa = coords[k * 2];
      const ya = coords[k * 2 + 1];
      const xb = coords[k * 2 + 2];
      const yb = coords[k * 2 + 3];
      const last = rowOf(Math.max(ya, yb));
      for (let r = rowOf(Math.min(ya, yb)); r <= last; r++) {
        const at = rowFill[r - r0]++ * 4;
        slab[at] = xa;
        slab[at + 1] = ya;
        slab[at + 2] = xb;
        slab[at + 3] = yb;
        markRowCells(frame, xa, ya, xb, yb, r, r0, c0, c1, width);
      }
    }
  }
  const slabBase = out.edges.length / 4;
  for (let i = 0; i < slab.length; i += 4) out.edges.push4(slab[i], slab[i + 1], slab[i + 2], slab[i + 3]);

  // Pass 3: an untouched cell is wholly inside or wholly outside, so its centre decides.
  for (let r = r0; r <= r1; r++) {
    const from = slabStart[r - r0];
    const to = slabStart[r - r0 + 1];
    const yCentre = frame.minY + (r + 0.5) * frame.cellSizeDeg;
    crossings.length = 0;
    for (let e = from * 4; e < to * 4; e += 4) {
      const xi = slab[e];
      const yi = slab[e + 1];
      const xj = slab[e + 2];
      const yj = slab[e + 3];
      if (yi > yCentre !== yj > yCentre) crossings.push(((xj - xi) * (yCentre - yi)) / (yj - yi) + xi);
    }
    for (let c = c0; c <= c1; c++) {
      if (touched[(r - r0) * width + (c - c0)] === 1) {
        push(out, r * frame.cols + c, p, slabBase + from, slabBase + to);
        continue;
      }
      const xCentre = frame.minX + (c + 0.5) * frame.cellSizeDeg;
      let inside = false;
      for (let i = 0; i < crossings.length; i++) if (xCentre < crossings[i]) inside = !inside;
      if (inside) push(out, r * frame.cols + c, ~p, 0, 0);
    }
  }
}

function push(out: EntrySink, cell: number, part: number, edgeStart: number, edgeEnd: number): void {
  out.cell.push(cell);
  out.part.push(part);
  out.edgeStart.push(edgeStart);
  out.edgeEnd.push(edgeEnd);
}

/**
 * Marks the cells of row r that segment (xa,ya)-(xb,yb) can reach, with the row band and the
 * x-extent widened by the margin so float error can only add cells, never miss one.
 */
function markRowCells(
  frame: GridFrame,
  xa: number,
  ya: number,
  xb: number,
  yb: number,
  r: number,
  r0: number,
  c0: number,
  c1: number,
  width: number,
): void {
  const bandLow = frame.minY + r * frame.cellSizeDeg - frame.marginDeg;
  const bandHigh = bandLow + frame.cellSizeDeg + 2 * frame.marginDeg;
  let tLow = 0;
  let tHigh = 1;
  const dy = yb - ya;
  if (dy !== 0) {
    const tA = (bandLow - ya) / dy;
    const tB = (bandHigh - ya) / dy;
    tLow = Math.max(0, Math.min(tA, tB));
    tHigh = Math.min(1, Math.max(tA, tB));
  }
  const xAtLow = xa + (xb - xa) * tLow;
  const xAtHigh = xa + (xb - xa) * tHigh;
  const from = Math.max(c0, frame.colOf(Math.min(xAtLow, xAtHigh) - frame.marginDeg));
  const to = Math.min(c1, frame.colOf(Math.max(xAtLow, xAtHigh) + frame.marginDeg));
  const rowOffset = (r - r0) * width - c0;
  for (let c = from; c <= to; c++) touched[rowOffset + c] = 1;
}
