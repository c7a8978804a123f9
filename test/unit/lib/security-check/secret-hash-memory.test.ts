// A finding's secret is a slice of its file's text, and a V8 slice keeps the whole text alive. The
// hash takes milliseconds on the thread pool; whatever waits for it must not hold the slice, or
// every file with a finding outlives the scavenges of that wait and is promoted (the scan's peak
// then grows with the corpus). Measured as the heap the pending hashes retain after a full GC.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { withHash } from '../../../../src/lib/security-check/secret-hash.js';
import type { Finding } from '../../../../src/lib/security-check/types.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const FILES = 40;
const FILE_CHARS = 512 * 1024;

/** A file's text of FILE_CHARS characters, made at run time (no two share their characters). */
function fileText(i: number): string {
  return `${String(i).padStart(6, '0')}:${'abcdefghij'.repeat(FILE_CHARS / 10)}`.slice(0, FILE_CHARS);
}

function finding(i: number): Finding {
  return {
    rule: 'github-token',
    level: 'error',
    path: `f${i}.yaml`,
    line: 1,
    column: 1,
    message: 'm',
    hash: '',
  } as Finding;
}

describe('secret hash: what waits for the hash', () => {
  it(`holds none of the ${FILES} files of 512 k characters its secrets were cut from`, async () => {
    const before = heapUsed();
    const pending: Array<Promise<Finding>> = [];
    for (let i = 0; i < FILES; i++) {
      const text = fileText(i);
      // A slice longer than V8's minimum for a sliced string: it points into `text`.
      pending.push(withHash(finding(i), text.slice(1000, 1040), true));
    }
    const retained = heapUsed() - before;
    const done = await Promise.all(pending);
    expect(done.every((f) => /^[0-9a-f]{64}$/.test(f.hash))).toBe(true);
    // 40 texts are ~20 MB (one byte a character); the findings and promises are a few kB.
    expect(retained).toBeLessThan(2_000_000);
  }, 60_000);
});
