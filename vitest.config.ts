import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{cli,core,generators,detectors,harness,bench}/**/*.test.ts', 'scripts/*.test.ts', 'docs/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['./vitest.global-setup.ts'],
  },
});
