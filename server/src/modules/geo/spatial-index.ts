// In-memory point → polygon index: "which grid / community / street is this report in?" runs on
// every incoming case and on every map click, so lookups must be cheap enough to never matter.
//
// Semantics: even-odd point-in-polygon (holes honoured, MultiPolygon parts united); where polygons
// overlap, the earliest item in build order wins; points exactly on a boundary get whichever side
// the half-open ray test gives, as any ray-casting implementation does.
import Flatbush from 'flatbush';
import { flattenParts } from './flatten.ts';
import type { FlatParts } from './flatten.ts';
import type { ArealGeometry } from './geojson.ts';
import { buildCellGrid } from './grid.ts';
import type { CellGrid } from './grid.ts';

export class SpatialIndex<T> {
  private tree: Flatbush | undefined;

  private constructor(
    private readonly ids: ReadonlyArray<T>,
    private readonly parts: FlatParts,
    private readonly grid: CellGrid,
  ) {}

  /** Geometries are trusted here; run untrusted ones through validateGeometry first. */
  static build<T>(items: ReadonlyArray<{ id: T; geometry: ArealGeometry }>): SpatialIndex<T> {
    const parts = flattenParts(items.map((item) => item.geometry));
    return new SpatialIndex(
      items.map((item) => item.id),
      parts,
      buildCellGrid(parts),
    );
  }

  get size(): number {
    return this.ids.length;
  }

  /** The id of the polygon containing (lng, lat), or undefined when it lies in none. */
  locate(lng: number, lat: number): T | undefined {
    const g = this.grid;
    // Also rejects NaN, which fails every comparison.
    if (!(lng >= g.minX && lng <= g.maxX && lat >= g.minY && lat <= g.maxY)) return undefined;
    // `| 0` is floor for these non-negative values; the clamp mirrors the build's colOf/rowOf.
    let col = ((lng - g.minX) * g.invCellSizeDeg) | 0;
    if (col >= g.cols) col = g.cols - 1;
    let row = ((lat - g.minY) * g.invCellSizeDeg) | 0;
    if (row >= g.rows) row = g.rows - 1;
    const cell = row * g.cols + col;
    const edges = g.edgeCoords;
    for (let k = g.cellStart[cell], end = g.cellStart[cell + 1]; k < end; k++) {
      const part = g.entryPart[k];
      if (part < 0) return this.ids[this.parts.partItem[~part]];
      let inside = false;
      for (let e = g.entryEdgeStart[k] * 4, stop = g.entryEdgeEnd[k] * 4; e < stop; e += 4) {
        const yi = edges[e + 1];
        const yj = edges[e + 3];
        if (yi > lat !== yj > lat) {
          const xi = edges[e];
          if (lng < ((edges[e + 2] - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
      if (inside) return this.ids[this.parts.partItem[part]];
    }
    return undefined;
  }

  /**
   * The textbook strategy (flatbush over part bounding boxes, then PIP over whole rings), kept as
   * an independent cross-check for tests and as the baseline the benchmark compares against.
   * Same answers as locate(); several times slower, so not for request paths.
   */
  locateByTree(lng: number, lat: number): T | undefined {
    const tree = (this.tree ??= this.buildTree());
    let best = -1;
    for (const part of tree.search(lng, lat, lng, lat)) {
      if ((best < 0 || part < best) && this.partContains(part, lng, lat)) best = part;
    }
    return best < 0 ? undefined : this.ids[this.parts.partItem[best]];
  }

  private buildTree(): Flatbush {
    const { partBox, partCount } = this.parts;
    const tree = new Flatbush(Math.max(1, partCount));
    for (let b = 0; b < partCount * 4; b += 4) tree.add(partBox[b], partBox[b + 1], partBox[b + 2], partBox[b + 3]);
    // Flatbush refuses to finish an empty index; an inverted box can never match a search.
    if (partCount === 0) tree.add(1, 1, 0, 0);
    tree.finish();
    return tree;
  }

  private partContains(part: number, lng: number, lat: number): boolean {
    const { coords, ringStart, partRingStart } = this.parts;
    let inside = false;
    for (let ring = partRingStart[part]; ring < partRingStart[part + 1]; ring++) {
      for (let k = ringStart[ring] * 2, stop = (ringStart[ring + 1] - 1) * 2; k < stop; k += 2) {
        const yi = coords[k + 1];
        const yj = coords[k + 3];
        if (yi > lat !== yj > lat) {
          const xi = coords[k];
          if (lng < ((coords[k + 2] - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
    return inside;
  }
}
