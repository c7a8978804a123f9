// A token in the name of a scan's root (a PATH's git top, or the directory a PATH names): the built
// CLI reports it as the files' finding, as when paths were relative to the working directory, and
// never prints it whole, in the text report, --json or SARIF.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../helpers/security-check.js';
import { tempDir } from '../../helpers/temp-dir.js';

const alnum = (n: number) => Array.from({ length: n }, (_, i) => 'Zq8KsoCFM2Tz02mjG5gY5V9b'[i % 24]).join('');
/** A GitHub-token-shaped directory name, built from parts. */
const NAME = `${'ghp'}_${alnum(36)}`;
const CLEAN =
  '{"name":"w","version":1,"nodes":[{"id":"a","type":"llm","prompt":"{{secrets.GH}}"}],"edges":[]}\n';

/** `<tmp>/<NAME>/workflows/a.json` holding no secret, optionally a git repository. */
function tokenNamedTree(git: boolean): string {
  const parent = tempDir('fib-rootname-');
  mkdirSync(join(parent, NAME, 'workflows'), { recursive: true });
  writeFileSync(join(parent, NAME, 'workflows', 'a.json'), CLEAN);
  if (git) execFileSync('git', ['init', '-q', join(parent, NAME)]);
  return parent;
}

describe('a token in a root directory name', () => {
  it.each([false, true])('git repository %s: found (exit 11) and masked in the text report', async (git) => {
    const parent = tokenNamedTree(git);
    const r = await check(parent, [NAME]);
    expect(r.code, r.stdout + r.stderr).toBe(11);
    expect(r.stdout).toMatch(/github-token .*is in the file's path \(ghp_…, 40 characters\)/);
    expect(r.stdout + r.stderr).not.toContain(NAME);
    expect(r.stdout + r.stderr).not.toContain(NAME.slice(8));
  });

  it('--json: root and roots[].path masked, the finding listed', async () => {
    const parent = tokenNamedTree(true);
    const r = await check(parent, [NAME, '--json']);
    expect(r.code).toBe(11);
    expect(r.stdout).not.toContain(NAME.slice(8));
    const body = JSON.parse(r.stdout) as {
      findings: Array<{ root: string }>;
      roots: Array<{ path: string }>;
    };
    expect(body.findings.length).toBe(1);
    expect(body.findings[0]?.root).toContain('ghp_****');
    expect(body.roots[0]?.path).toContain('ghp_****');
  });

  it('SARIF: originalUriBaseIds masked', async () => {
    const parent = tokenNamedTree(true);
    const out = join(parent, 'g.sarif');
    const r = await check(parent, [NAME, '--format', 'sarif', '--output', out]);
    expect(r.code).toBe(11);
    const sarif = readFileSync(out, 'utf8');
    expect(sarif).not.toContain(NAME.slice(8));
    expect(sarif).toContain('ghp_****');
  });

  it('a token-named working directory, several roots: every root line masked', async () => {
    const parent = tokenNamedTree(false);
    const cwd = join(parent, NAME);
    cpSync(join(cwd, 'workflows'), join(cwd, 'repoA', 'workflows'), { recursive: true });
    execFileSync('git', ['init', '-q', join(cwd, 'repoA')]);
    const r = await check(cwd, ['repoA', 'workflows']);
    expect(r.stdout).toMatch(/^ {2}in .*ghp_\*+/m);
    expect(r.stdout + r.stderr).not.toContain(NAME.slice(8));
    const j = await check(cwd, ['repoA', 'workflows', '--json']);
    expect(j.stdout).not.toContain(NAME.slice(8));
  });
});
