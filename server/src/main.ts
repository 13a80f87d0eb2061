import cluster from 'node:cluster';
import { loadConfig } from './config.ts';
import { startCaseWorkers } from './modules/cases/index.ts';
import { startThemeWorkers } from './modules/themes/index.ts';
import { startDashboardFold } from './modules/dashboard/index.ts';
import { startHotspotDetection } from './modules/hotspots/index.ts';
import { listCities } from './modules/org/index.ts';
import type { DemoLoadResult } from './modules/demo/index.ts';
import { createServer } from './server.ts';

/**
 * Several processes (GONGZHI_PROCESSES): this one prepares the database (migrations, demo city) once,
 * then starts the workers, which share the port, and starts a new one when one dies.
 */
async function primary(config: ReturnType<typeof loadConfig>): Promise<void> {
  if (!config.databaseUrl)
    throw new Error('GONGZHI_PROCESSES above 1 needs PostgreSQL (DATABASE_URL): the embedded database serves one process');
  const prepared = await createServer(config, { logger: false });
  announceDemo(prepared.demo);
  await prepared.close();
  let stopping = false;
  const fork = () =>
    cluster.fork().on('exit', (code) => {
      if (!stopping) {
        process.stderr.write(`a server process exited (${code}); starting another\n`);
        fork();
      } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  for (let i = 0; i < config.processes; i++) fork();
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`Gongzhi: ${config.processes} server processes at http://localhost:${config.port}\n`);
}

function announceDemo(demo: DemoLoadResult | undefined): void {
  if (demo?.loaded) {
    const lines = [
      `Demo city 周口市 loaded with ${demo.accounts.length} demo accounts: ${demo.accounts.map((a) => a.username).join(', ')}`,
    ];
    lines.push(
      demo.password
        ? `Demo password (random, set GONGZHI_DEMO_PASSWORD to choose one): ${demo.password}`
        : 'Demo password: the value of GONGZHI_DEMO_PASSWORD',
    );
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.processes > 1 && cluster.isPrimary) return primary(config);
  const started = Date.now();
  const server = await createServer(config);
  const { app, demo } = server;
  await app.listen({ port: config.port, host: config.host });
  const address = `http://localhost:${config.port}`;
  app.log.info({ database: server.ctx.database.kind, ms: Date.now() - started }, `Gongzhi is running at ${address}`);
  announceDemo(demo);
  // Build the point → region indexes now rather than on the first lookup.
  for (const city of await listCities(server.ctx.database.db)) {
    server.ctx.locator.warm(city.id).catch((error: unknown) => app.log.warn({ err: error }, 'could not build the region index'));
  }
  const log = (msg: string, err?: unknown) => app.log.error({ err }, msg);
  const stoppers = config.workers
    ? [
        startCaseWorkers(server.ctx, log),
        startDashboardFold(server.ctx, log),
        startThemeWorkers(server.ctx, log),
        startHotspotDetection(server.ctx, log),
      ]
    : [];
  const stopWorkers = () => stoppers.forEach((stop) => stop());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: stopping`);
    stopWorkers();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Gongzhi could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
