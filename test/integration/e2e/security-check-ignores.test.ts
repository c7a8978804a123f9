// `fibonacci:ignore` through the built CLI: a directive counts only inside a comment (YAML `#`
// comments, .env comments; JSON has none), and one on the line before counts only when the
// comment is alone on its line.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, makeTree } from '../../helpers/security-check.js';

const rng = seeded(53);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (...lines: string[]) =>
  `name: w\nnodes:\n  - id: a\n    type: tool\n${lines.map((l) => `    ${l}\n`).join('')}`;

async function found(root: string) {
  const r = await check(root, ['--json']);
  const body = JSON.parse(r.stdout);
  return {
    at: body.findings.map(
      (f: { path: string; line: number; rule: string }) => `${f.path}:${f.line} ${f.rule}`,
    ),
    silenced: body.totals.suppressed_inline,
  };
}

describe('security check: fibonacci:ignore only in comments', () => {
  it('is not honoured in a string value, nor on the next line after code', async () => {
    const [a, b, c, d, e] = [token(), token(), token(), token(), token()];
    const root = makeTree({
      'w.yaml': workflow(
        `fixture: ${a} # fibonacci:ignore github-token test fixture`,
        `real: ${b}`,
        'prompt: "please fibonacci:ignore github-token because"',
        `real2: ${c}`,
        `real3: "${e} fibonacci:ignore github-token x"`,
        '# fibonacci:ignore github-token the sandbox token, read-only',
        `sandbox: ${d}`,
        'block: |',
        '  # fibonacci:ignore github-token inside a block scalar',
        `after_block: ${token()}`,
      ),
      '.env': `# fibonacci:ignore github-token a dotenv comment alone\nA=${token()}\nB="x # fibonacci:ignore github-token not a comment"\nC=${token()}\n`,
      'w.json': `{"nodes": [{"id": "a", "note": "# fibonacci:ignore github-token in a string",\n "t": "${token()}"}]}\n`,
    });
    const { at, silenced } = await found(root);
    expect(at).toEqual([
      '.env:4 github-token',
      'w.json:2 github-token',
      'w.yaml:6 github-token',
      'w.yaml:8 github-token',
      'w.yaml:9 github-token',
      'w.yaml:14 github-token',
    ]);
    // a (its own line), d (alone on the line before), .env's A (alone on the line before).
    expect(silenced).toBe(3);
  });
});
