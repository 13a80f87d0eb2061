import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { CityCache } from './lib/city-cache.ts';
import { EventBus } from './lib/event-bus.ts';
import { createLimits, type Limits } from './lib/limits.ts';
import { createSmsGateway, type SmsGateway } from './lib/sms.ts';
import type { RegionLocator } from './modules/geo/index.ts';
import { createRegionLocator } from './modules/org/index.ts';

/** What every service call can reach: the database, the configuration, caches, the clock and the outside world. */
export interface Context {
  database: Database;
  config: Config;
  locator: RegionLocator;
  /** Per-city values read on every request (units, catalogue, calendar, case policy). */
  cache: CityCache;
  /** Case changes, for the live updates of open pages. */
  bus: EventBus;
  /** The SMS gateway adapter (the default writes to the log). */
  sms: SmsGateway;
  /** Abuse limits on login and intake (counted in this process). */
  limits: Limits;
  /** The clock, replaceable in tests. */
  now(): Date;
}

export function createContext(database: Database, config: Config, overrides: Partial<Context> = {}): Context {
  return {
    database,
    config,
    locator: createRegionLocator(database.db),
    cache: new CityCache(),
    bus: new EventBus(),
    sms: createSmsGateway(config),
    limits: createLimits(config),
    now: () => new Date(),
    ...overrides,
  };
}
