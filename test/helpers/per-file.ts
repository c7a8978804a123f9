/**
 * The clean-up every test file gets: a setup file (vitest.config.ts), so vitest runs it again for
 * each file, also where files share their worker's modules (the unit level). A helper's own
 * module-level afterAll would run for the first file of a worker only: later files would leave
 * their temp dirs behind and never verify the FakeApis they made outside a test.
 */
import { afterAll } from 'vitest';
import { verifyFakeApisMadeOutsideTests } from './fake-api.js';
import { removeTempDirs } from './temp-dir.js';

// Registered first, so it runs last (after-hooks run last-registered first): every emulator and
// CLI a file spawned into these dirs has been stopped by the hooks of the file and its helpers.
// One hook: vitest runs no further after-hook once one throws, and the dirs go all the same.
afterAll(() => {
  try {
    verifyFakeApisMadeOutsideTests();
  } finally {
    removeTempDirs();
  }
});
