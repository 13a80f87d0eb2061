// The embedded database under kill -9: the server on PGlite is killed in the middle of a load of
// intakes three times; each time PGlite is opened again and must hold every case answered 201; then
// every request is sent again with its Idempotency-Key and must find its one case (bench/crash.bench.ts).
import { expect, it } from 'vitest';
import { run } from '../bench/crash.bench.ts';

it('PGlite opens again after kill -9 during writes with every acknowledged case, none twice', { timeout: 600_000 }, async () => {
  const figures = await run('pglite');
  console.table(figures);
  expect(figures['found after restart']).toBe(figures['answered 201 before kills']);
  expect(figures['answered 201 before kills']).toBeGreaterThan(0);
  expect(figures.duplicates).toBe(0);
  expect(figures['replay with another id']).toBe(0);
  expect(figures.cases).toBe(figures.sent);
});
