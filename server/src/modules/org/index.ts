// Org: cities (tenants), the region tree city → district → street → community → grid, and units.
// Tables: cities, regions, units. Bumps cities.regions_version when boundaries change (the geo index follows it).
export * from './regions.service.ts';
export * from './units.service.ts';
export * as orgRepo from './org.repo.ts';

import type { Db } from '../../db/database.ts';
import { RegionLocator } from '../geo/index.ts';
import { regionsVersion, regionsWithGeometry } from './org.repo.ts';

/** The point → region locator over this module's regions. */
export function createRegionLocator(db: Db): RegionLocator {
  return new RegionLocator({ load: (cityId) => regionsWithGeometry(db, cityId), version: (cityId) => regionsVersion(db, cityId) });
}
