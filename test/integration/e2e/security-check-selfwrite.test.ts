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

// H14a-11: a file shaped like one the check writes (a SARIF log whose driver is the check, a
// --json report, a baseline) was neither listed nor scanned in a walk, whatever it held.
describe("a file shaped like the check's own output is still read for credentials", () => {
  it('hand-made look-alikes holding a token are found; what the check wrote stays unlisted and clean', async () => {
    const secret = token();
    const root = makeTree({
      'fake.sarif.json': JSON.stringify({
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'fibonacci security check' } },
            results: [],
            properties: { token: secret },
          },
        ],
      }),
      'fake-report.json': JSON.stringify({
        version: 1,
        tool: { name: 'fibonacci security check' },
        findings: [{ message: secret }],
        totals: {},
      }),
      '.fibonacci-baseline.json': JSON.stringify({
        version: 2,
        tool: 'fibonacci security check',
        findings: [],
        aws: secret,
      }),
      'w/wf.yaml': `nodes: []\ntoken: ${token()}\npassword: Xk9mQ2vL8pR4tW7zAb3c\n`,
    });
    // The check's own outputs, beside them (each written from w/ alone, with its findings in).
    expect((await check(root, ['w', '--json', '--output', 'real.json'])).code).toBe(11);
    expect((await check(root, ['w', '--format', 'sarif', '--output', 'real.sarif.json'])).code).toBe(11);
    expect((await check(root, ['w', '--write-baseline', 'bl.json'])).code).toBe(0);
    const r = await check(root, ['.', '--json']);
    expect(r.code).toBe(11);
    const body = JSON.parse(r.stdout) as {
      findings: Array<{ path: string; rule: string }>;
      files: { scanned: string[]; skipped: unknown[] };
    };
    expect(body.files.scanned).toEqual([
      '.fibonacci-baseline.json',
      'fake-report.json',
      'fake.sarif.json',
      'w/wf.yaml',
    ]);
    expect(body.files.skipped).toEqual([]);
    expect(body.findings.filter((f) => f.rule === 'github-token').map((f) => f.path)).toEqual([
      '.fibonacci-baseline.json',
      'fake-report.json',
      'fake.sarif.json',
      'w/wf.yaml',
    ]);
    expectNoSecret([r.stdout, r.stderr], [secret]);
    // Writing the baseline again in place is still allowed.
    expect((await check(root, ['.', '--write-baseline', 'bl.json'])).code).toBe(0);
  });
});
