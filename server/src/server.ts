import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { EventBus } from './lib/event-bus.ts';
import { createContext, type Context } from './context.ts';
import { openDatabase, type Database } from './db/database.ts';
import { buildApp } from './http/app.ts';
import { installDemoApiKey, loadDemoCity, type DemoLoadResult } from './modules/demo/index.ts';

export interface Server {
  app: FastifyInstance;
  ctx: Context;
  demo?: DemoLoadResult;
  close(): Promise<void>;
}

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
}

/** config → database → migrations → demo city (when allowed) → HTTP app. Does not listen. */
export async function createServer(config: Config, options: { logger?: boolean; database?: Database } = {}): Promise<Server> {
  const database = options.database ?? (await openConfiguredDatabase(config));
  try {
    await database.migrate();
    // Changes reach the pages open on every server process sharing the database.
    const ctx = createContext(database, config, { bus: new EventBus(database.channel) });
    const demo = config.loadDemo ? await loadDemoCity(ctx) : undefined;
    if (demo && config.demoApiKey) await installDemoApiKey(ctx, demo.cityId, config.demoApiKey);
    const app = await buildApp(ctx, { logger: options.logger });
    return {
      app,
      ctx,
      demo,
      close: async () => {
        ctx.bus.close();
        await app.close();
        if (!options.database) await database.close();
      },
    };
  } catch (error) {
    if (!options.database) await database.close().catch(() => undefined);
    throw error;
  }
}
