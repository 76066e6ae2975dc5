import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'lib/**/*.test.ts',
      'emulator/**/*.test.ts',
      'tests/unit/**/*.test.{ts,tsx}',
      'entrypoints/**/*.test.{ts,tsx}',
      'content/**/*.test.ts',
      'components/**/*.test.{ts,tsx}',
    ],
    setupFiles: ['tests/setup/i18n.ts', 'tests/setup/indexeddb.ts'],
    restoreMocks: true,
  },
});
