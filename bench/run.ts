// `npm run bench`: every benchmark the issues name, each printing its figures. One: `npm run bench -- geo`.
import { machine } from './lib.ts';

const benches: Record<string, () => Promise<unknown>> = {
  geo: async () => (await import('./geo-locate.bench.ts')).run(),
  startup: async () => (await import('./startup.bench.ts')).run(),
  auth: async () => (await import('./auth.bench.ts')).run(),
};

const wanted = process.argv.slice(2);
console.log(`Gongzhi benchmarks on ${machine()}`);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  const figures = await run();
  console.table(figures);
}
