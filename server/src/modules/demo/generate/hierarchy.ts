// Generates the demo city's streets/towns, communities/villages and grids inside its real district
// boundaries. No public boundaries exist below district level for mainland cities, so the demo
// invents plausible ones: counts, code ranges and names follow the national scheme, and every
// generated region says generated: true.
import type { Feature, FeatureCollection } from '../../geo/index.ts';
import { interiorPointOf, validateGeometry } from '../../geo/index.ts';
import type { Cell } from './partition.ts';
import { partition } from './partition.ts';
import { communityName, gridName, streetName, townName, villageName } from './names.ts';
import type { Random } from './prng.ts';
import { createRandom, deriveSeed, randomInt } from './prng.ts';
import type { Shape } from './shape.ts';
import { shapeAreaSqDeg, shapeContains, shapeFromGeometry, shapeToGeometry } from './shape.ts';
import type { GenerateOptions, GeneratedLevel, GeneratedRegion, GeneratedSubtype } from './types.ts';

type Levels = Record<GeneratedLevel, GeneratedRegion[]>;
type StreetKind = 'street' | 'town' | 'township';

/** First code of each kind of street-level unit, as in the national statistical division codes. */
const FIRST_CODE: Record<StreetKind, number> = { street: 1, town: 100, township: 200 };
/** Community-level codes: 社区 (residents' committees) from 001, 村 (villages) from 200. */
const FIRST_COMMUNITY_CODE = 1;
const FIRST_VILLAGE_CODE = 200;
/**
 * District codes 01-20 are a city's original districts (市辖区); a county turned district keeps
 * its 2x code (淮阳区 411626) and stays rural in character, so only the former count as urban.
 */
const URBAN_CORE_MAX_SUFFIX = 20;

const pad3 = (n: number): string => String(n).padStart(3, '0');
const distance = (cell: Cell, [x, y]: [number, number]): number => Math.hypot(cell.seedX - x, cell.seedY - y);

/** Districts first, then streets, communities and grids: every parent precedes its children. */
export function generateCityHierarchy(districts: FeatureCollection, options: GenerateOptions): GeneratedRegion[] {
  const levels: Levels = { district: [], street: [], community: [], grid: [] };
  districts.features.forEach((feature, index) => generateDistrict(feature, index, options.seed, levels));
  return [...levels.district, ...levels.street, ...levels.community, ...levels.grid];
}

function readDistrict(feature: Feature, index: number): { code: string; name: string; centre: [number, number] | undefined } {
  const { adcode, name, center } = feature.properties;
  // The DataV files carry adcode as a number in most features and a string in some.
  const code = typeof adcode === 'number' || typeof adcode === 'string' ? String(adcode) : '';
  if (!/^\d{6}$/.test(code)) throw new Error(`district feature ${index}: adcode must be 6 digits, got ${JSON.stringify(adcode)}`);
  if (typeof name !== 'string' || name.length < 2) throw new Error(`district ${code}: name missing`);
  const checked = validateGeometry(feature.geometry);
  if (!checked.ok) throw new Error(`district ${code}: ${checked.reason}`);
  const centre =
    Array.isArray(center) && typeof center[0] === 'number' && typeof center[1] === 'number'
      ? ([center[0], center[1]] as [number, number])
      : undefined;
  return { code, name, centre };
}

const districtSubtype = (name: string): GeneratedSubtype =>
  name.endsWith('县') ? 'county' : name.endsWith('市') ? 'county_city' : 'district';

function generateDistrict(feature: Feature, index: number, seed: number, out: Levels): void {
  const { code, name, centre: seat } = readDistrict(feature, index);
  const subtype = districtSubtype(name);
  const shape = shapeFromGeometry(feature.geometry);
  // properties.center is the government seat; fall back to a point inside if it is missing.
  const centre = seat && shapeContains(shape, seat[0], seat[1]) ? seat : interiorPointOf(feature.geometry);
  const random = createRandom(deriveSeed(seed, code));
  const urbanCore = subtype === 'district' && Number(code.slice(4)) < URBAN_CORE_MAX_SUFFIX;

  // The town centre is built up: smaller units there (urban streets), larger ones outside.
  const radiusDeg = Math.sqrt(shapeAreaSqDeg(shape) / Math.PI);
  const coreRadiusSq = (radiusDeg * (urbanCore ? 0.45 : 0.15)) ** 2;
  const squeeze = urbanCore ? 0.5 : 0.7;
  const cells = partition(shape, random, {
    count: randomInt(random, 15, 25),
    candidates: 12,
    relativeSpacing: (x, y) => 1 - squeeze * Math.exp(-((x - centre[0]) ** 2 + (y - centre[1]) ** 2) / coreRadiusSq),
  }).sort((a, b) => distance(a, centre) - distance(b, centre));

  // 街道 are the units nearest the seat: most of an urban district, a few in a county.
  const streetCount = urbanCore
    ? Math.round(cells.length * (0.65 + 0.15 * random()))
    : subtype === 'county'
      ? randomInt(random, 2, 4)
      : randomInt(random, 3, 5);
  const townShare = urbanCore ? 0.85 : 0.6;
  const nextCode: Record<StreetKind, number> = { ...FIRST_CODE };
  const takenNames = new Set<string>();
  let population = 0;
  cells.forEach((cell, rank) => {
    const kind: StreetKind = rank < streetCount ? 'street' : random() < townShare ? 'town' : 'township';
    const streetCode = code + pad3(nextCode[kind]++);
    const streetLabel = kind === 'street' ? streetName(random, takenNames, !urbanCore) : townName(random, takenNames, kind);
    population += generateStreet(cell, kind, { code: streetCode, name: streetLabel, parentCode: code }, seed, out);
  });

  out.district.push({
    code,
    name,
    level: 'district',
    parentCode: code.slice(0, 4) + '00',
    geometry: feature.geometry,
    generated: false,
    subtype,
    population,
  });
}

interface Header {
  code: string;
  name: string;
  parentCode: string;
}

/** Returns the street's population (the sum of its communities). */
function generateStreet(cell: Cell, kind: StreetKind, header: Header, seed: number, out: Levels): number {
  const random = createRandom(deriveSeed(seed, header.code));
  const urban = kind === 'street';
  const seat: [number, number] = [cell.seedX, cell.seedY];
  const reachSq = shapeAreaSqDeg(cell.shape) / Math.PI / 4;
  const communities = partition(cell.shape, random, {
    count: urban ? randomInt(random, 10, 20) : randomInt(random, 15, 30),
    candidates: 8,
    // Villages pack a little tighter around the town seat, where the market street is.
    relativeSpacing: urban ? undefined : (x, y) => 1 - 0.3 * Math.exp(-((x - seat[0]) ** 2 + (y - seat[1]) ** 2) / reachSq),
  }).sort((a, b) => distance(a, seat) - distance(b, seat));

  const takenNames = new Set<string>();
  let population = 0;
  communities.forEach((community, rank) => {
    const code = header.code + pad3((urban ? FIRST_COMMUNITY_CODE : FIRST_VILLAGE_CODE) + rank);
    const people = urban ? randomInt(random, 4000, 11000) : randomInt(random, 2000, 4500);
    out.community.push({
      code,
      name: urban ? communityName(random, takenNames) : villageName(random, takenNames),
      level: 'community',
      parentCode: header.code,
      geometry: shapeToGeometry(community.shape),
      generated: true,
      subtype: urban ? 'community' : 'village',
      population: people,
    });
    generateGrids(community.shape, code, people, random, out);
    population += people;
  });

  out.street.push({
    ...header,
    level: 'street',
    geometry: shapeToGeometry(cell.shape),
    generated: true,
    subtype: kind,
    population,
  });
  return population;
}

function generateGrids(shape: Shape, communityCode: string, people: number, random: Random, out: Levels): void {
  const grids = partition(shape, random, { count: randomInt(random, 3, 6), candidates: 6 })
    // Numbered north to south, then west to east, as grid maps on a community's wall read.
    .sort((a, b) => b.seedY - a.seedY || a.seedX - b.seedX);
  const areas = grids.map((grid) => shapeAreaSqDeg(grid.shape));
  const shares = splitByWeight(people, areas);
  grids.forEach((grid, i) => {
    out.grid.push({
      code: communityCode + pad3(i + 1),
      name: gridName(i + 1),
      level: 'grid',
      parentCode: communityCode,
      geometry: shapeToGeometry(grid.shape),
      generated: true,
      subtype: 'grid',
      population: shares[i],
    });
  });
}

/** Integer shares of `total` proportional to weights, summing exactly to total (largest remainder). */
function splitByWeight(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) shares[order[k].i]++;
  return shares;
}
