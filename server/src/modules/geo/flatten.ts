// Flattens GeoJSON polygons into typed arrays once, at build time, so the hot lookup path never
// touches nested JS arrays (pointer chasing there costs more than the arithmetic).
import type { ArealGeometry } from './geojson.ts';
import { polygonsOf } from './geojson.ts';

/**
 * One "part" is one polygon (outer ring + holes) of an item; a MultiPolygon yields several parts
 * so that far-apart pieces get their own tight bounding boxes.
 */
export interface FlatParts {
  /** Interleaved x,y of every ring, each ring closed (last position repeats the first). */
  coords: Float64Array;
  /** Position index (not coordinate index) where each ring starts; length = rings + 1. */
  ringStart: Int32Array;
  /** First ring of each part; length = parts + 1. */
  partRingStart: Int32Array;
  /** Item (input order) owning each part; parts are emitted in item order. */
  partItem: Int32Array;
  /** minX, minY, maxX, maxY per part. */
  partBox: Float64Array;
  partCount: number;
}

export function flattenParts(geometries: ReadonlyArray<ArealGeometry>): FlatParts {
  let positionCount = 0;
  let ringCount = 0;
  let partCount = 0;
  for (const geometry of geometries) {
    for (const polygon of polygonsOf(geometry)) {
      partCount++;
      for (const ring of polygon) {
        ringCount++;
        // +1 leaves room to close rings that arrive unclosed from trusted internal callers.
        positionCount += ring.length + 1;
      }
    }
  }
  const coords = new Float64Array(positionCount * 2);
  const ringStart = new Int32Array(ringCount + 1);
  const partRingStart = new Int32Array(partCount + 1);
  const partItem = new Int32Array(partCount);
  const partBox = new Float64Array(partCount * 4);

  let position = 0;
  let ringIndex = 0;
  let partIndex = 0;
  geometries.forEach((geometry, itemIndex) => {
    for (const polygon of polygonsOf(geometry)) {
      partRingStart[partIndex] = ringIndex;
      partItem[partIndex] = itemIndex;
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (const ring of polygon) {
        ringStart[ringIndex++] = position;
        for (const point of ring) {
          const x = point[0];
          const y = point[1];
          coords[position * 2] = x;
          coords[position * 2 + 1] = y;
          position++;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
        const first = ring[0];
        const last = ring[ring.length - 1];
        if (ring.length > 0 && (first[0] !== last[0] || first[1] !== last[1])) {
          coords[position * 2] = first[0];
          coords[position * 2 + 1] = first[1];
          position++;
        }
      }
      partBox.set([minX, minY, maxX, maxY], partIndex * 4);
      partIndex++;
    }
  });
  ringStart[ringIndex] = position;
  partRingStart[partIndex] = ringIndex;
  return { coords: coords.subarray(0, position * 2), ringStart, partRingStart, partItem, partBox, partCount };
}
