/** Throw-away directories, removed when the test file ends (an afterAll this module registers). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();

/** A temporary directory removed when the test file ends. */
export function tempDir(prefix = 'fib-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

// Registered when this module loads, before any module that spawns into these dirs registers its
// own clean-up: after-hooks run last-registered first, so processes stop before their dirs go.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
});
