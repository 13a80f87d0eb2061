// Geo: GeoJSON types and validation, planar measures, the in-memory point → polygon index, and the
// per-city region locator with its HTTP route.
export { SpatialIndex } from './spatial-index.ts';
export { validateGeometry, polygonsOf } from './geojson.ts';
export type { ArealGeometry, Feature, FeatureCollection, GeometryValidation, MultiPolygon, Polygon, Position } from './geojson.ts';
export { centroidOf } from './centroid.ts';
export { interiorPointOf, planarAreaSqDeg, ringSignedAreaSqDeg } from './measure.ts';
export { RegionLocator } from './locator.ts';
export type { Located, RegionRef } from './locator.ts';
