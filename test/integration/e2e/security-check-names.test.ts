// File names that are not UTF-8, through the built CLI: the walk opens each file by its real bytes
// and shows the bad bytes escaped (`\xff`), never scans a look-alike in its place; a PATH argument
// that arrived lossy (U+FFFD) is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, makeTree } from '../../helpers/security-check.js';

const rng = seeded(97);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    t: ${value}\n`;
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('security check: names that are not UTF-8', () => {
  it('reads wf\\xff.yaml by its bytes beside a look-alike wf\\u{FFFD}.yaml, and says which is which', async () => {
    const root = makeTree({ 'wf\u{FFFD}.yaml': workflow('"{{secrets.T}}"') });
    writeFileSync(bytes(root, '/wf', [0xff], '.yaml'), workflow(token()));
    mkdirSync(bytes(root, '/d', [0xfe]));
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(body.files.scanned).toEqual(['wf\\xff.yaml', 'wf\u{FFFD}.yaml']);
    expect(body.findings.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`)).toEqual([
      'wf\\xff.yaml github-token',
    ]);
    expect(body.files.unreadable).toEqual([
      expect.objectContaining({ path: 'd\\xfe', message: expect.stringMatching(/name is not UTF-8/) }),
    ]);
    expect(r.code).toBe(3);
  });

  it('a PATH argument with U+FFFD (argv decoded lossily) is a usage error', async () => {
    const root = makeTree({ 'wf\u{FFFD}.yaml': workflow('"{{secrets.T}}"') });
    const r = await check(root, ['wf\u{FFFD}.yaml']);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/^error: the PATH .+ has U\+FFFD in it: .+\nhint: /),
    ]);
  });
});
