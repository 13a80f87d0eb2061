import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from '../../geo/index.ts';
import { interiorPointOf, planarAreaSqDeg, polygonsOf, SpatialIndex, validateGeometry } from '../../geo/index.ts';
import type { GeneratedRegion } from './index.ts';
import { generateCityHierarchy } from './index.ts';

const FIXTURE_URL = new URL('../../../../../fixtures/geo/zhoukou_411600_districts.geojson', import.meta.url);
const districts = JSON.parse(readFileSync(FIXTURE_URL, 'utf8')) as FeatureCollection;

function timed(seed: number): { regions: GeneratedRegion[]; ms: number } {
  const started = performance.now();
  const regions = generateCityHierarchy(districts, { seed });
  return { regions, ms: performance.now() - started };
}

const first = timed(411600);
const second = timed(411600);
const regions = first.regions;
const byLevel = (level: GeneratedRegion['level']): GeneratedRegion[] => regions.filter((r) => r.level === level);
const byCode = new Map(regions.map((r) => [r.code, r]));
const childrenOf = new Map<string, GeneratedRegion[]>();
for (const region of regions) childrenOf.set(region.parentCode, [...(childrenOf.get(region.parentCode) ?? []), region]);
const children = (region: GeneratedRegion): GeneratedRegion[] => childrenOf.get(region.code) ?? [];

describe('generateCityHierarchy for 周口市', () => {
  it('is fast enough to run at server start', () => {
    const counts = Object.fromEntries(
      ['district', 'street', 'community', 'grid'].map((l) => [l, regions.filter((r) => r.level === l).length]),
    );
    console.log(
      `generateCityHierarchy: first run ${first.ms.toFixed(0)} ms, second ${second.ms.toFixed(0)} ms, counts ${JSON.stringify(counts)}`,
    );
    // The target is 2 s on a 2-core machine; the best run guards against a loaded test machine.
    expect(Math.min(first.ms, second.ms)).toBeLessThan(2000);
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(second.regions).toEqual(regions);
    const other = generateCityHierarchy(districts, { seed: 7 });
    expect(other.filter((r) => r.level === 'grid').map((r) => r.code)).not.toEqual(byLevel('grid').map((r) => r.code));
  });

  it('returns the 10 real districts unchanged', () => {
    const found = byLevel('district');
    expect(found).toHaveLength(10);
    districts.features.forEach((feature, i) => {
      expect(found[i]).toMatchObject({
        code: String(feature.properties.adcode),
        name: feature.properties.name,
        parentCode: '411600',
        generated: false,
      });
      expect(found[i].geometry).toBe(feature.geometry);
    });
    const subtype = (name: string): string | undefined => found.find((d) => d.name === name)?.subtype;
    expect([subtype('川汇区'), subtype('扶沟县'), subtype('项城市'), subtype('淮阳区')]).toEqual([
      'district',
      'county',
      'county_city',
      'district',
    ]);
  });

  it('has the expected counts per parent and in total', () => {
    const outside = (level: GeneratedRegion['level'], low: number, high: number): string[] =>
      byLevel(level)
        .filter((r) => children(r).length < low || children(r).length > high)
        .map((r) => r.code);
    expect(outside('district', 15, 25)).toEqual([]);
    expect(outside('street', 10, 30)).toEqual([]);
    expect(outside('community', 3, 6)).toEqual([]);
    expect(byLevel('grid').every((g) => children(g).length === 0)).toBe(true);
    expect(byLevel('street').length).toBeGreaterThanOrEqual(160);
    expect(byLevel('street').length).toBeLessThanOrEqual(240);
    expect(byLevel('community').length).toBeGreaterThanOrEqual(3200);
    expect(byLevel('community').length).toBeLessThanOrEqual(4800);
    expect(byLevel('grid').length).toBeGreaterThanOrEqual(14000);
    expect(byLevel('grid').length).toBeLessThanOrEqual(22000);
  });

  it('lists parents before children', () => {
    const seen = new Set(['411600']);
    const orphans: string[] = [];
    for (const region of regions) {
      if (!seen.has(region.parentCode)) orphans.push(region.code);
      seen.add(region.code);
    }
    expect(orphans).toEqual([]);
  });

  it('extends the national codes by 3 digits per level, in the right ranges', () => {
    expect(byCode.size).toBe(regions.length);
    const length = { district: 6, street: 9, community: 12, grid: 15 } as const;
    // Last three digits per subtype: 街道 001-, 镇 100-, 乡 200-; 社区 001-, 村 200-; grids 001-.
    const range = { street: [1, 99], town: [100, 199], township: [200, 299], community: [1, 199], village: [200, 299], grid: [1, 6] };
    const wrong = regions.filter((region) => {
      if (!/^\d+$/.test(region.code) || region.code.length !== length[region.level]) return true;
      if (region.level === 'district') return false;
      const [low, high] = range[region.subtype as keyof typeof range];
      const suffix = Number(region.code.slice(-3));
      return !region.code.startsWith(region.parentCode) || suffix < low || suffix > high;
    });
    expect(wrong.map((r) => r.code)).toEqual([]);
  });

  it('names units by their kind, uniquely within their parent', () => {
    const pattern = {
      street: /^\p{Script=Han}{2,4}街道$/u,
      town: /镇$/,
      township: /乡$/,
      community: /社区$/,
      village: /村$/,
      grid: /^第\d网格$/,
    };
    const misnamed = regions.filter((r) => r.level !== 'district' && !pattern[r.subtype as keyof typeof pattern].test(r.name));
    expect(misnamed.map((r) => `${r.code} ${r.name}`)).toEqual([]);
    for (const siblings of childrenOf.values()) expect(new Set(siblings.map((r) => r.name)).size).toBe(siblings.length);
    // 社区 belong to 街道, 村 to 镇 and 乡.
    const mismatched = byLevel('community').filter((c) => (c.subtype === 'community') !== (byCode.get(c.parentCode)?.subtype === 'street'));
    expect(mismatched.map((r) => r.code)).toEqual([]);
  });

  it('makes the urban district mostly 街道 and counties mostly 镇/乡', () => {
    for (const district of byLevel('district')) {
      const streets = children(district).filter((r) => r.subtype === 'street').length;
      if (district.name === '川汇区') expect(streets / children(district).length).toBeGreaterThan(0.5);
      else expect(streets).toBeLessThanOrEqual(5);
    }
  });

  it('has plausible populations that add up', () => {
    const implausible = byLevel('community').filter((c) => c.population < 2000 || c.population > 12000);
    expect(implausible.map((r) => r.code)).toEqual([]);
    const unbalanced = regions.filter((r) => r.level !== 'grid' && children(r).reduce((sum, c) => sum + c.population, 0) !== r.population);
    expect(unbalanced.map((r) => r.code)).toEqual([]);
  });

  it('emits valid geometry rounded to 6 decimals', () => {
    const invalid = regions.filter((r) => !validateGeometry(r.geometry).ok).map((r) => r.code);
    expect(invalid).toEqual([]);
    const unrounded = byLevel('grid')
      .concat(byLevel('community'), byLevel('street'))
      .filter((r) =>
        polygonsOf(r.geometry)
          .flat(2)
          .some(([x, y]) => Math.abs(x * 1e6 - Math.round(x * 1e6)) > 1e-6 || Math.abs(y * 1e6 - Math.round(y * 1e6)) > 1e-6),
      )
      .map((r) => r.code);
    expect(unrounded).toEqual([]);
  });

  it('tiles each district with its grids (areas within 1%)', () => {
    for (const district of byLevel('district')) {
      const prefix = district.code;
      const gridArea = byLevel('grid')
        .filter((g) => g.code.startsWith(prefix))
        .reduce((sum, g) => sum + planarAreaSqDeg(g.geometry), 0);
      const streetArea = children(district).reduce((sum, s) => sum + planarAreaSqDeg(s.geometry), 0);
      const districtArea = planarAreaSqDeg(district.geometry);
      expect(Math.abs(gridArea / districtArea - 1)).toBeLessThan(0.01);
      expect(Math.abs(streetArea / districtArea - 1)).toBeLessThan(0.01);
    }
  });

  it('locates every grid interior point to that grid through SpatialIndex', () => {
    const grids = byLevel('grid');
    const index = SpatialIndex.build(grids.map((g) => ({ id: g.code, geometry: g.geometry })));
    const misses = grids.filter((g) => {
      const [lng, lat] = interiorPointOf(g.geometry);
      return index.locate(lng, lat) !== g.code;
    });
    expect(misses.map((g) => g.code)).toEqual([]);
  });
});
