// dist/cli.cjs is ASCII only: one other character and Node decodes the whole bundle as two-byte text
// at every start (scripts/ascii-output.mjs; the build refuses such a bundle too).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';

describe('the npm bundle', () => {
  it('holds no byte above 0x7F', () => {
    const bytes = readFileSync(join(REPO_ROOT, 'dist', 'cli.cjs'));
    const at = bytes.findIndex((b) => b >= 0x80);
    expect(at === -1 ? '' : bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')).toBe('');
  });
});
