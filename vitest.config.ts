import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.js';

/** In-process CLI runs that take the worker down when it is shared (seen as "Worker exited unexpectedly"). */
const ISOLATED = ['test/cli/index.test.ts'];
/** Timing assertions (a query stopped within 2 s, a 1 s quick answer): run alone, after the rest. */
const ALONE = ['test/sql/pool.test.ts'];

export default defineConfig({
  test: {
    // Dates are calendar days: pin the zone so a machine's locale cannot shift them.
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two workers on a two-core machine (vitest's default is cores - 1, one worker here): much of the suite waits on
    // child processes, the browser and the disk, so a second file runs meanwhile.
    maxWorkers: 2,
    globalSetup: ['test/globalSetup.ts'],
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        // Files share their worker's module cache instead of loading DuckDB, Fastify, vega and the sources again for
        // every file: that import was a third of the run. Each file still opens its own database copy and app.
        test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...ISOLATED, ...ALONE], isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
      { extends: true, test: { name: 'alone', include: ALONE, isolate: true, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
