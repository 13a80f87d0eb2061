import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { RegionLocator } from './modules/geo/index.ts';

/** What every service call can reach: the database, the configuration, the region locator and the clock. */
export interface Context {
  database: Database;
  config: Config;
  locator: RegionLocator;
  /** The clock, replaceable in tests. */
  now(): Date;
}
