import { defineConfig } from 'vitest/config';

/**
 * The Firefox browser tests (tests/firefox): one Firefox ESR for the whole file, so one file at a time and long
 * timeouts; `npm run test:firefox` builds the Firefox package first.
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
