// `npm run bench`: every benchmark the issues name, each printing its figures. One: `npm run bench -- geo`.
// BENCH_SERVER_COMMIT=HEAD (or any commit) measures that commit's server instead of the working tree.
import { machine, serverLabel } from './lib.ts';

const benches: Record<string, () => Promise<unknown>> = {
  geo: async () => (await import('./geo-locate.bench.ts')).run(),
  startup: async () => (await import('./startup.bench.ts')).run(),
  auth: async () => (await import('./auth.bench.ts')).run(),
  intake: async () => (await import('./intake.bench.ts')).run(),
  inbox: async () => (await import('./inbox.bench.ts')).run(),
  crash: async () => (await import('./crash.bench.ts')).run(),
  sweep: async () => (await import('./sweep.bench.ts')).run(),
  open311: async () => (await import('./open311.bench.ts')).run(),
  assessment: async () => (await import('./assessment.bench.ts')).run(),
  dashboard: async () => (await import('./dashboard.bench.ts')).run(),
  classifier: async () => (await import('./classifier.bench.ts')).run(),
  themes: async () => (await import('./themes.bench.ts')).run(),
  hotspots: async () => (await import('./hotspots.bench.ts')).run(),
  backup: async () => (await import('./backup.bench.ts')).run(),
};

const wanted = process.argv.slice(2);
console.log(`Gongzhi benchmarks on ${machine()}; ${serverLabel}`);
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  const figures = await run();
  console.table(figures);
}
