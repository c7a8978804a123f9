// Every name the `.env*` glob matches is a dotenv file to the scanner, in a walk and when named:
// an editor's backup (`.env~`, `.env#`), `.envfile`, a file manager's `.env (copy)`. A token in any
// of them is found (masked), exit 11; none is passed over unlisted.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const TOKEN = `${'ghp'}_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3bC5`;
const NAMES = [
  '.env~',
  '.envfile',
  '.env#',
  '.env (copy)',
  '.env.prod~',
  '.env-prod',
  '.env.swp',
  '.envrc',
  'x.env',
];

describe('.env* names', () => {
  const root = makeTree(Object.fromEntries(NAMES.map((n) => [n, `GITHUB_TOKEN=${TOKEN}\n`])));

  it('a walk scans every one, each token found', async () => {
    const r = await check(root, ['--json', '.']);
    const report = JSON.parse(r.stdout);
    expect(report.files.scanned).toEqual([...NAMES].sort());
    expect(report.files.skipped).toEqual([]);
    expect(report.findings.map((f: { path: string }) => f.path).sort()).toEqual([...NAMES].sort());
    expect(r.code).toBe(11);
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  });

  it.each(['.env~', '.env (copy)', '.envfile', '.env#'])(
    '%s named on the command line is scanned',
    async (name) => {
      const r = await check(root, [name]);
      expect(r.stdout).toContain('1 finding (1 error');
      expect(r.stdout).not.toContain('Skipped');
      expect(r.code).toBe(11);
      expectNoSecret([r.stdout, r.stderr], [TOKEN]);
    },
  );

  it('a .env* name with a YAML or JSON extension is a workflow when it is one, else listed as skipped', async () => {
    const tree = makeTree({
      '.envoy.yaml': `nodes: []\ntoken: ${TOKEN}\n`,
      '.environment.json': `{"admin": {"token": "${TOKEN}"}}\n`,
    });
    const r = await check(tree, ['--json', '.']);
    const report = JSON.parse(r.stdout);
    expect(report.files.scanned).toEqual(['.envoy.yaml']);
    expect(report.files.skipped).toEqual([
      { path: '.environment.json', reason: 'not a workflow definition' },
    ]);
    expect(r.code).toBe(11);
  });
});
