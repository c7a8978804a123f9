// A token in a file's name, through the built CLI: it is a finding, and the name is masked in every
// format (the text report, --json's files and findings, SARIF's artifacts and locations).
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(101);
const token = () => PLANTS['github-token']?.(rng).secret as string;

describe('security check: a token in a file name', () => {
  it('is reported as a finding of the file and masked in every format', async () => {
    const t = token();
    const root = makeTree({ [`d/${t}.yaml`]: 'name: w\nnodes:\n  - id: a\n    type: tool\n' });
    const json = await check(root, ['--json']);
    const body = JSON.parse(json.stdout);
    const masked = `d/ghp_${'*'.repeat(36)}.yaml`;
    expect(json.code).toBe(11);
    expect(body.files.scanned).toEqual([masked]);
    expect(
      body.findings.map((f: { path: string; rule: string; line: number }) => `${f.path}:${f.line} ${f.rule}`),
    ).toEqual([`${masked}:1 github-token`]);
    const text = await check(root, []);
    const sarif = await check(root, ['--format', 'sarif']);
    expectNoSecret([json.stdout, json.stderr, text.stdout, sarif.stdout], [t]);
  });
});
