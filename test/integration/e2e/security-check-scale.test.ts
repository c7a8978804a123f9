// `security check` on a file far under the 1 MiB cap that holds thousands of tokens on one line,
// through the built CLI: every one is reported, with a source line cut to its window. Masking the
// whole line once per finding cost findings × spans × line length: this file took minutes.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, makeTree } from '../../helpers/security-check.js';

const rng = seeded(71);
const token = () => PLANTS['github-token']?.(rng).secret as string;

describe('security check: many secrets on one line', () => {
  it('4,000 tokens on one line of a 164 KB file: all reported, each with a bounded, masked window', async () => {
    const tokens = Array.from({ length: 4000 }, token);
    const root = makeTree({ 'g.yaml': `nodes:\n  - x: |\n      ${tokens.join(' ')}\n` });
    const r = await check(root, []);
    expect(r.code).toBe(11);
    expect(r.stdout).toContain('\n4000 findings (4000 errors, 0 warnings, 0 notes)\n');
    const sourceLines = r.stdout.split('\n').filter((l) => /^ *3 \| /.test(l));
    expect(sourceLines).toHaveLength(4000);
    for (const l of sourceLines) expect(l.length).toBeLessThan(220);
    for (const t of tokens.slice(0, 50)) expect(r.stdout).not.toContain(t.slice(4, 12));
  });
});
