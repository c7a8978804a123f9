// The scan's memory does not grow with the tree: what it keeps of a file once it is checked is what
// the report prints (path, place, rule, message, the masked window of the line), never the file's
// text. A finding's strings are cut from that text, and V8 keeps a slice's parent alive, so this
// measures the heap the outcome retains after a full collection.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCorpus } from '../../../../bench/security-check-corpus.mjs';
import { scan } from '../../../../src/lib/security-check/engine.js';
import { tempDir } from '../../../helpers/temp-dir.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// Large files, on two cores shared with other test runs: the bound is memory, never time.
const SLOW = 120_000;

describe('security check engine: memory', () => {
  // The modules a scan loads lazily (parsers, schema checker) load here, not in a measure.
  beforeAll(async () => {
    const warm = tempDir('fib-scan-warm-');
    writeCorpus(warm, { files: 20, totalBytes: 20 * 5_000, seed: 4, plantEvery: 1 });
    await scan({ targets: ['.'], cwd: warm, knownSecrets: async () => new Set() });
  }, SLOW);

  it(
    'keeps none of the files it has checked: 60 files of ~250 KB, a finding in each',
    async () => {
      const dir = tempDir('fib-scan-mem-');
      const corpus = writeCorpus(dir, { files: 60, totalBytes: 60 * 250_000, seed: 3, plantEvery: 1 });
      expect(corpus.bytes).toBeGreaterThan(12_000_000);

      const before = heapUsed();
      const outcome = await scan({ targets: ['.'], cwd: dir });
      const retained = heapUsed() - before;

      expect(outcome.scanned).toHaveLength(60);
      expect(outcome.findings.length).toBeGreaterThanOrEqual(60);
      expect(outcome.findings.every((f) => f.context !== undefined)).toBe(true);
      // The findings' own text is a few hundred bytes each; one file kept alive is ~250 KB.
      expect(retained).toBeLessThan(3_000_000);
    },
    SLOW,
  );

  it(
    '--env: the references and inline ignores kept until the scan ends hold no file',
    async () => {
      const dir = tempDir('fib-scan-mem-env-');
      // A reference and an inline ignore in each file, then ~250 KB of comments.
      const filler = Array.from({ length: 3000 }, (_, i) => `# ${'filler '.repeat(10)}${i}`).join('\n');
      for (let i = 0; i < 60; i++) {
        const head = [
          `name: wf-${i}`,
          'version: 1',
          'nodes:',
          '  - id: a',
          '    type: tool',
          '    headers: { Authorization: "Bearer {{secrets.API_KEY}}" }',
          'edges: []',
          '# fibonacci:ignore fibonacci-api-key reviewed: a test fixture',
        ];
        writeFileSync(join(dir, `wf-${i}.yaml`), `${head.join('\n')}\n${filler}\n`);
      }
      const before = heapUsed();
      let retained = Number.NaN;
      const outcome = await scan({
        targets: ['.'],
        cwd: dir,
        // Called once the walk is over, while every file's references and ignores are still held.
        knownSecrets: async () => {
          retained = heapUsed() - before;
          return new Set();
        },
      });
      expect(outcome.findings.filter((f) => f.rule === 'secret-reference-missing')).toHaveLength(60);
      expect(retained).toBeLessThan(3_000_000);
    },
    SLOW,
  );

  it(
    'reads every file into the same few buffers: none allocated per file',
    async () => {
      // A buffer per file (and one more per read) was freed only once its wrapper was collected,
      // and the wrappers held across a read's awaits were promoted: the process carried megabytes
      // of dead buffers, more as the tree grew. Counted as allocations, which no load moves.
      const dir = tempDir('fib-scan-mem-reads-');
      writeCorpus(dir, { files: 200, totalBytes: 200 * 8_000, seed: 5, plantEvery: 50 });
      const large: number[] = [];
      const allocUnsafe = Buffer.allocUnsafe.bind(Buffer);
      const spy = vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
        if (size >= 4096) large.push(size);
        return allocUnsafe(size);
      });
      let outcome: Awaited<ReturnType<typeof scan>>;
      try {
        outcome = await scan({ targets: ['.'], cwd: dir, hashes: false });
      } finally {
        spy.mockRestore();
      }
      expect(outcome.scanned.length).toBeGreaterThan(150);
      // One per reader (4), and a few more when a file outgrows a reader's buffer.
      expect(large.length).toBeLessThanOrEqual(8);
    },
    SLOW,
  );
});
