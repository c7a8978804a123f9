// `security check` in a git work tree, through the built CLI: a file git tracks is scanned even
// when a .gitignore matches it (git ignores untracked files only), and whatever an ignore rule
// leaves out is listed as skipped, per top-most ignored directory, in every format.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, makeTree } from '../../helpers/security-check.js';

const rng = seeded(31);
const secret = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${value}\n`;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    stdio: 'ignore',
  });

function repo() {
  const root = makeTree({
    'wf/prod.yaml': workflow(secret()),
    'wf/.gitignore': '*\n',
    'wf/local.yaml': workflow(secret()),
    '.gitignore': 'build/\nnode_modules/\n',
    'build/out.yaml': workflow(secret()),
    'node_modules/pkg/w.yaml': workflow(secret()),
    'ok.yaml': workflow('"{{secrets.TOKEN}}"'),
  });
  git(root, 'init', '-q', '.');
  git(root, 'add', '-f', 'wf/prod.yaml', 'wf/.gitignore', '.gitignore', 'ok.yaml');
  git(root, 'commit', '-qm', 'x');
  return root;
}

describe('security check: git-tracked files and ignored paths', () => {
  it('scans a tracked file a .gitignore matches; lists every ignored path as skipped, in every format', async () => {
    const root = repo();
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(r.code).toBe(11);
    expect(body.files.scanned).toEqual(['ok.yaml', 'wf/prod.yaml']);
    expect(body.findings.map((f: { path: string }) => f.path)).toEqual(['wf/prod.yaml']);
    expect(body.files.skipped).toEqual([
      { path: 'build/', reason: 'ignored by .gitignore' },
      { path: 'node_modules/', reason: 'ignored by .gitignore' },
      { path: 'wf/local.yaml', reason: 'ignored by .gitignore' },
    ]);
    const text = await check(root, []);
    expect(text.stdout).toContain('Skipped 1 file and 2 directories:\n  build/  (ignored by .gitignore)\n');
    const sarif = JSON.parse((await check(root, ['--format', 'sarif'])).stdout);
    expect(
      sarif.runs[0].invocations[0].toolExecutionNotifications.map(
        (n: { message: { text: string } }) => n.message.text,
      ),
    ).toContain('skipped wf/local.yaml: ignored by .gitignore');
  });

  it('in a repository git cannot list (no git, or dubious ownership), what .gitignore matches is unreadable (exit 3), never skipped in silence', async () => {
    const root = repo();
    const r = await check(root, ['--json'], { env: { PATH: '/nonexistent' } });
    const body = JSON.parse(r.stdout);
    expect([r.code, body.files.scanned, body.files.skipped]).toEqual([3, ['ok.yaml'], []]);
    expect(body.files.unreadable).toContainEqual({
      path: 'wf/prod.yaml',
      line: null,
      column: null,
      message:
        'ignored by .gitignore, and git cannot say whether it is tracked (git is not installed): not scanned',
    });
    if (process.getuid?.() !== 0) return; // a checkout another user owns: chown needs root (CI is root)
    execFileSync('chown', ['-R', '65534:65534', root]);
    const dubious = JSON.parse((await check(root, ['--json'])).stdout);
    expect(
      dubious.files.unreadable.map((u: { path: string; message: string }) => [u.path, u.message]),
    ).toContainEqual([
      'wf/prod.yaml',
      expect.stringMatching(
        /^ignored by \.gitignore, and git cannot say whether it is tracked \(detected dubious ownership/,
      ),
    ]);
  });

  it('outside any repository, .gitignore alone decides: ignored paths are skipped', async () => {
    const root = makeTree({
      '.gitignore': 'local.yaml\n',
      'local.yaml': workflow(secret()),
      'ok.yaml': workflow('x'),
    });
    const body = JSON.parse((await check(root, ['--json'], { env: { PATH: '/nonexistent' } })).stdout);
    expect(body.files.skipped).toEqual([{ path: 'local.yaml', reason: 'ignored by .gitignore' }]);
    expect(body.files.unreadable).toEqual([]);
  });
});
