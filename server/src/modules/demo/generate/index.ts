// Demo city generation: plausible streets, communities and grids inside real district polygons.
export { generateCityHierarchy } from './hierarchy.ts';
export type { GenerateOptions, GeneratedLevel, GeneratedRegion, GeneratedSubtype } from './types.ts';
