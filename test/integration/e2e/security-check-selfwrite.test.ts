// security check reads files and never changes them: an --output or --write-baseline that names a
// file the scan reads (same device and inode) is a usage error before anything is written. And a
// password in a URL with an empty user name (`redis://:PASSWORD@host`, Redis's usual form) is found.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(61);
const token = () => PLANTS['github-token']?.(rng).secret as string;

describe('security check never writes a file it reads', () => {
  it.each([
    [['--format', 'json', '--output', 'sub/wf.yaml', 'sub/wf.yaml'], '--output'],
    [['--output', './sub/../sub/wf.yaml', '.'], '--output'],
    [['--write-baseline', 'sub/wf.yaml', '.'], '--write-baseline'],
  ])('%j: exit 2, the workflow intact', async (args, flag) => {
    const original = `nodes: []\ntoken: ${token()}\n`;
    const root = makeTree({ 'sub/wf.yaml': original });
    const r = await check(root, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${flag} \\S+ is a file this check reads`));
    expect(readFileSync(join(root, 'sub', 'wf.yaml'), 'utf8')).toBe(original);
  });

  it('another file is written as before', async () => {
    const root = makeTree({ 'wf.yaml': `nodes: []\ntoken: ${token()}\n` });
    const r = await check(root, ['--format', 'json', '--output', 'report.json', '.']);
    expect(r.code).toBe(11);
    expect(JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')).findings).toHaveLength(1);
  });
});

describe('url-credentials', () => {
  it('an empty user name before the password is still a password in a URL', async () => {
    const password = 'Xk9mQ2vL8pR4tW7z';
    const root = makeTree({
      '.env': `REDIS_URL=redis://:${password}@cache:6379/0\n`,
      'wf.yaml': `nodes: []\ncache: "rediss://:${password}@cache:6379"\n`,
    });
    const r = await check(root, ['--json']);
    expect(r.code).toBe(11);
    const rules = JSON.parse(r.stdout).findings.map(
      (f: { path: string; rule: string }) => `${f.path} ${f.rule}`,
    );
    expect(rules).toEqual(['.env url-credentials', 'wf.yaml url-credentials']);
    expectNoSecret([r.stdout, (await check(root, [])).stdout], [password]);
  });
});
