/** Throw-away directories, removed when the test file ends (per-file.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

/** A temporary directory removed when the test file ends. */
export function tempDir(prefix = 'fib-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/**
 * Remove the directories made since the last call: every file's last afterAll (per-file.ts, a
 * setup file, so its hooks come before any a test file or helper registers, and after-hooks run
 * last-registered first: the processes spawned into these dirs have stopped by then).
 */
export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
