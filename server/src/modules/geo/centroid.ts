import type { ArealGeometry } from './geojson.ts';

/** Area-weighted centroid of the outer rings (planar, good enough for a label or a map centre). */
export function centroidOf(geometry: ArealGeometry): [number, number] | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (const polygon of polygons) {
    const ring = polygon[0];
    if (!ring) continue;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j] as [number, number];
      const [x1, y1] = ring[i] as [number, number];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
  }
  if (area === 0) return null;
  return [round6(cx / (3 * area)), round6(cy / (3 * area))];
}

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;
