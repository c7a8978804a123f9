import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // e2e files spawn the emulator and the CLI: two cores, so keep parallelism modest.
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
