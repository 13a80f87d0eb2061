import type { RegionLevel } from '@gongzhi/contracts';
import { validateGeometry, type ArealGeometry } from './geojson.ts';
import { SpatialIndex } from './spatial-index.ts';

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

export type Located = Partial<Record<RegionLevel, RegionRef>>;

/** What the locator needs from the region store (the org module provides it). */
export interface RegionSource {
  /** Every region of the city, with its boundary. */
  load(cityId: string): Promise<{ code: string; name: string; level: string; path: string; geometry: unknown }[]>;
  /** A number that moves whenever the city's regions change. */
  version(cityId: string): Promise<number>;
}

interface CityIndex {
  version: number;
  checkedAtMs: number;
  /** One index per level, deepest first: a point is placed in the deepest region that holds it. */
  levels: SpatialIndex<string>[];
  regions: Map<string, RegionRef>;
}

const deepestFirst: RegionLevel[] = ['grid', 'community', 'street', 'district', 'city'];

/** How often a process checks whether another process changed the city's regions. */
const VERSION_CHECK_MS = 5_000;

/**
 * Point → region lookups over in-memory spatial indexes of each city's polygons, rebuilt when the
 * city's regions version moves (changes made in this process invalidate at once).
 */
export class RegionLocator {
  private readonly cities = new Map<string, Promise<CityIndex>>();

  constructor(private readonly source: RegionSource) {}

  /** The regions containing the point, or undefined when no region of the city holds it. */
  async locate(cityId: string, lng: number, lat: number): Promise<Located | undefined> {
    const place = await this.place(cityId, lng, lat);
    if (!place) return undefined;
    const located: Located = {};
    for (const region of place.regions) located[region.level] = region;
    return located;
  }

  /** The deepest region's path holding the point and the regions along it from the top, or undefined. */
  async place(cityId: string, lng: number, lat: number): Promise<{ path: string; regions: RegionRef[] } | undefined> {
    const city = await this.current(cityId);
    for (const index of city.levels) {
      const path = index.locate(lng, lat);
      if (!path) continue;
      const regions = path
        .split('/')
        .filter(Boolean)
        .flatMap((code) => city.regions.get(code) ?? []);
      return { path, regions };
    }
    return undefined;
  }

  /** Builds a city's index ahead of its first lookup. */
  async warm(cityId: string): Promise<void> {
    await this.current(cityId);
  }

  /** Forgets a city's index (its regions changed in this process). */
  invalidate(cityId: string): void {
    this.cities.delete(cityId);
  }

  private async current(cityId: string): Promise<CityIndex> {
    const cached = this.cities.get(cityId);
    if (cached) {
      const city = await cached;
      if (Date.now() - city.checkedAtMs < VERSION_CHECK_MS) return city;
      city.checkedAtMs = Date.now();
      if ((await this.source.version(cityId)) === city.version) return city;
      if (this.cities.get(cityId) === cached) this.cities.delete(cityId);
    }
    let pending = this.cities.get(cityId);
    if (!pending) {
      pending = this.build(cityId);
      this.cities.set(cityId, pending);
      pending.catch(() => this.cities.delete(cityId));
    }
    return pending;
  }

  private async build(cityId: string): Promise<CityIndex> {
    const version = await this.source.version(cityId);
    const rows = await this.source.load(cityId);
    const regions = new Map<string, RegionRef>();
    const cells = new Map<string, { id: string; geometry: ArealGeometry }[]>();
    for (const row of rows) {
      const level = row.level as RegionLevel;
      regions.set(row.code, { code: row.code, name: row.name, level });
      const checked = row.geometry ? validateGeometry(row.geometry) : undefined;
      if (!checked?.ok) continue;
      let list = cells.get(level);
      if (!list) cells.set(level, (list = []));
      list.push({ id: row.path, geometry: checked.geometry });
    }
    const levels = deepestFirst.filter((level) => cells.has(level)).map((level) => SpatialIndex.build(cells.get(level)!));
    return { version, checkedAtMs: Date.now(), levels, regions };
  }
}
