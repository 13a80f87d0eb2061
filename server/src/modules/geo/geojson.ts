// Minimal GeoJSON (RFC 7946) types for the geometries the platform stores: region boundaries are
// always areal, so only Polygon and MultiPolygon are modelled. Coordinates are [lng, lat] in the
// dataset's own datum (GCJ-02 for mainland boundaries); nothing here converts datums.

/** [lng, lat] in degrees; any extra members (altitude) are ignored. */
export type Position = readonly number[];

export interface Polygon {
  type: 'Polygon';
  /** First ring is the outer boundary, the others are holes; every ring is closed. */
  coordinates: Position[][];
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

export type ArealGeometry = Polygon | MultiPolygon;

export interface Feature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  properties: P;
  geometry: ArealGeometry;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

export type GeometryValidation = { ok: true; geometry: ArealGeometry } | { ok: false; reason: string };

const MIN_RING_POSITIONS = 4;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function checkPosition(value: unknown, where: string): string | undefined {
  if (!Array.isArray(value) || value.length < 2) return `${where} is not a [lng, lat] position`;
  const [lng, lat] = value as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    return `${where} has a non-finite coordinate`;
  }
  if (lng < -180 || lng > 180) return `${where} has longitude ${lng} outside -180..180`;
  if (lat < -90 || lat > 90) return `${where} has latitude ${lat} outside -90..90`;
  return undefined;
}

function checkRing(value: unknown, where: string): string | undefined {
  if (!Array.isArray(value)) return `${where} is not an array of positions`;
  if (value.length < MIN_RING_POSITIONS) {
    return `${where} has ${value.length} positions; a ring needs at least ${MIN_RING_POSITIONS}`;
  }
  for (let i = 0; i < value.length; i++) {
    const problem = checkPosition(value[i], `${where} position ${i}`);
    if (problem) return problem;
  }
  const first = value[0] as number[];
  const last = value[value.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return `${where} is not closed (first position differs from last)`;
  return undefined;
}

function checkPolygonRings(value: unknown, where: string): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return `${where} has no rings`;
  for (let i = 0; i < value.length; i++) {
    const problem = checkRing(value[i], `${where} ring ${i}`);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Checks untrusted input (uploads, API bodies) before it reaches the spatial index, which assumes
 * closed, finite rings and would otherwise answer wrongly rather than fail.
 */
export function validateGeometry(value: unknown): GeometryValidation {
  if (!isRecord(value)) return { ok: false, reason: 'geometry must be an object' };
  const { type, coordinates } = value;
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    return { ok: false, reason: `geometry type must be Polygon or MultiPolygon, got ${JSON.stringify(type)}` };
  }
  if (!Array.isArray(coordinates)) return { ok: false, reason: 'geometry coordinates must be an array' };
  if (type === 'Polygon') {
    const problem = checkPolygonRings(coordinates, 'polygon');
    return problem ? { ok: false, reason: problem } : { ok: true, geometry: { type, coordinates: coordinates as Position[][] } };
  }
  if (coordinates.length === 0) return { ok: false, reason: 'multipolygon has no polygons' };
  for (let i = 0; i < coordinates.length; i++) {
    const problem = checkPolygonRings(coordinates[i], `polygon ${i}`);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, geometry: { type, coordinates: coordinates as Position[][][] } };
}

/** Iterates the polygons of either geometry type, so callers need not branch on `type`. */
export const polygonsOf = (geometry: ArealGeometry): Position[][][] =>
  geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
