import { defineConfig } from 'vitest/config';

/**
 * Three test levels, one folder each (a newcomer sees the level from the path):
 * - unit: in process, no build: commands with FakeIO and FakeApi, lib, the emulator's modules and
 *   its server in process.
 * - integration: the BUILT CLI (`npm run build` first) against a spawned emulator: e2e, the npm
 *   package and the single binary, the real shells and man(1), the real keychain.
 * - reliability: load, leaks, hostile input, durability, faults, properties.
 * `npx vitest run --project unit` runs one level. test/unit/test-levels.test.ts fails when a test
 * file sits outside these folders, so none is silently left out.
 */
export const LEVELS = {
  unit: 'test/unit/**/*.test.ts',
  integration: 'test/integration/**/*.test.ts',
  reliability: 'test/reliability/**/*.test.ts',
} as const;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores, but integration and reliability files mostly wait: on the CLI and emulator
    // processes they spawn, on retries, timeouts and rate windows. At two workers the whole suite
    // kept only ~1.1 cores busy (317 CPU-s in 290 s), so a third worker fills the waits; unit files
    // (CPU-bound) come last in the order and only share the cores.
    maxWorkers: 3,
    env: { TZ: 'UTC' },
    setupFiles: ['test/helpers/per-file.ts'],
    projects: Object.entries(LEVELS).map(([name, include]) => ({
      extends: true,
      // Unit files run in process and leave nothing behind (no vi.mock; a spy or an env change is
      // restored by its file), so they share their workers' module graph instead of importing src/
      // and vitest afresh for each of 112 files: 24 s of CPU instead of 68 s for the level. The other
      // levels spawn the CLI and the emulator and keep one fresh process per file.
      test: { name, include: [include], ...(name === 'unit' ? { isolate: false } : {}) },
    })),
  },
});
