// The scan's memory does not grow with the tree: what it keeps of a file once it is checked is what
// the report prints (path, place, rule, message, the masked window of the line), never the file's
// text. A finding's strings are cut from that text, and V8 keeps a slice's parent alive, so this
// measures the heap the outcome retains after a full collection.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
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

describe('security check engine: memory', () => {
  it('keeps none of the files it has checked: 60 files of ~250 KB, a finding in each', async () => {
    const dir = tempDir('fib-scan-mem-');
    const corpus = writeCorpus(dir, { files: 60, totalBytes: 60 * 250_000, seed: 3, plantEvery: 1 });
    expect(corpus.bytes).toBeGreaterThan(12_000_000);

    // The modules a scan loads lazily (parsers, schema checker) load here, not in the measure.
    const warm = tempDir('fib-scan-warm-');
    writeCorpus(warm, { files: 20, totalBytes: 20 * 5_000, seed: 4, plantEvery: 1 });
    await scan({ targets: ['.'], cwd: warm });

    const before = heapUsed();
    const outcome = await scan({ targets: ['.'], cwd: dir });
    const retained = heapUsed() - before;

    expect(outcome.scanned).toHaveLength(60);
    expect(outcome.findings.length).toBeGreaterThanOrEqual(60);
    expect(outcome.findings.every((f) => f.context !== undefined)).toBe(true);
    // The findings' own text is a few hundred bytes each; one file kept alive is ~250 KB.
    expect(retained).toBeLessThan(3_000_000);
  });
});
