import { loadConfig } from './config.ts';
import { startCaseWorkers } from './modules/cases/index.ts';
import { listCities } from './modules/org/index.ts';
import { createServer } from './server.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  const server = await createServer(config);
  const { app, demo } = server;
  await app.listen({ port: config.port, host: config.host });
  const address = `http://localhost:${config.port}`;
  app.log.info({ database: server.ctx.database.kind, ms: Date.now() - started }, `Gongzhi is running at ${address}`);
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
  // Build the point → region indexes now rather than on the first lookup.
  for (const city of await listCities(server.ctx.database.db)) {
    server.ctx.locator.warm(city.id).catch((error: unknown) => app.log.warn({ err: error }, 'could not build the region index'));
  }
  const stopWorkers = config.workers ? startCaseWorkers(server.ctx, (msg, err) => app.log.error({ err }, msg)) : () => undefined;
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
