import { defineConfig } from 'vitest/config';

/**
 * The Firefox end-to-end suite (tests/e2e-firefox): the built Firefox MV3 extension in Debian's Firefox ESR against
 * the Twitch simulator. `npm run test:e2e:firefox` builds it first. One Firefox at a time (two cores).
 */
export default defineConfig({
  test: {
    include: ['tests/e2e-firefox/**/*.spec.ts'],
    globalSetup: ['tests/e2e-firefox/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // CI also writes JSON, which scripts/test-summary.mjs adds to its "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest-firefox.json' },
  },
});
