import { defineConfig } from 'vitest/config';

const serverTests = {
  include: ['server/src/**/*.test.ts', 'server/test/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 180_000,
  pool: 'forks' as const,
  // Files of one worker share its database (each test makes its own city), so it is opened once.
  isolate: false,
};

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { name: 'server', ...serverTests, env: { GONGZHI_TEST_ENGINE: 'pglite' }, sequence: { groupOrder: 0 } } },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                name: 'server-pg',
                ...serverTests,
                globalSetup: ['server/test/postgres-setup.ts'],
                env: { GONGZHI_TEST_ENGINE: 'postgres' },
                sequence: { groupOrder: 0 },
              },
            },
          ]
        : []),
      // The reliability suite (`npm run test:reliability`): its own PostgreSQL server, faults, minutes long.
      ...(process.env.GONGZHI_RELIABILITY
        ? [
            {
              test: {
                name: 'reliability',
                include: ['reliability/**/*.test.ts'],
                testTimeout: 600_000,
                hookTimeout: 600_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
      // The browser flows run after the API tests, so a loaded machine does not make their timing flaky.
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
