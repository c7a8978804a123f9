// Each file's path from its own tree's top, whatever else the command line names, through the
// built CLI: a git repository and a plain directory checked together keep the repository's paths
// (so a baseline written so matches the repository checked alone), the report says where each
// root's paths start, a baseline that matches less than it holds says so in every format, the
// check's own baseline and reports are not listed as skipped inputs, `--write-baseline` ends with
// what it recorded, and a file's file-level findings come first in every file.
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const rng = seeded(8123);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${value}\n`;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    stdio: 'ignore',
  });

/** A parent directory holding `repo/` (a git repository) and `plain/` (none). */
function twoTrees(): string {
  const parent = realpathSync(
    makeTree({ 'repo/sub/tabs.yaml': workflow(token()), 'plain/x.yaml': workflow(token()) }),
  );
  git(join(parent, 'repo'), 'init', '-q', '.');
  git(join(parent, 'repo'), 'add', '.');
  git(join(parent, 'repo'), 'commit', '-qm', 'x');
  return parent;
}

describe('security check: each PATH has its own root', () => {
  it('a repository checked with a plain directory keeps its git-top paths, and its baseline matches it alone', async () => {
    const parent = twoTrees();
    const write = await check(parent, ['repo', 'plain', '--write-baseline', 'multi.json']);
    expect(write.code).toBe(0);
    const recorded = JSON.parse(readFileSync(join(parent, 'multi.json'), 'utf8'));
    expect(recorded.findings.map((f: { path: string }) => f.path).sort()).toEqual([
      'plain/x.yaml',
      'sub/tabs.yaml',
    ]);
    // Where each root's paths start, said once per root.
    expect(write.stdout).toContain(
      `Scanned 2 files (paths from each one's root):\n  in ${parent}/repo (the git work tree's top level):\n    sub/tabs.yaml\n  in ${parent} (the working directory):\n    plain/x.yaml\n`,
    );
    expect(write.stdout).toContain(`sub/tabs.yaml  (in ${parent}/repo)\n`);

    const alone = await check(parent, ['repo', '--baseline', 'multi.json']);
    expect(alone.stdout).toContain('1 by the baseline');
    expect(alone.code).toBe(0);
    const fromTop = await check(join(parent, 'repo'), ['--baseline', '../multi.json']);
    expect(fromTop.code).toBe(0);
  });

  it('--json and SARIF name each root: a finding has its root, SARIF a base URI per root', async () => {
    const parent = twoTrees();
    const json = JSON.parse((await check(parent, ['plain', 'repo', '--json'])).stdout);
    expect(json.roots).toEqual([
      { path: `${parent}/repo`, git_top: true, scanned: ['sub/tabs.yaml'], skipped: [], unreadable: [] },
      { path: parent, git_top: false, scanned: ['plain/x.yaml'], skipped: [], unreadable: [] },
    ]);
    expect(json.findings.map((f: { path: string; root: string }) => [f.root, f.path])).toEqual([
      [`${parent}/repo`, 'sub/tabs.yaml'],
      [parent, 'plain/x.yaml'],
    ]);
    const r = await check(parent, ['plain', 'repo', '--format', 'sarif']);
    const log = expectValidSarif(r.stdout);
    const run = log.runs[0] as (typeof log.runs)[number] & {
      originalUriBaseIds: Record<string, { uri: string }>;
    };
    expect(run.originalUriBaseIds).toEqual({
      '%SRCROOT%': { uri: `${pathToFileURL(join(parent, 'repo')).href}/` },
      ROOT1: { uri: `${pathToFileURL(parent).href}/` },
    });
    expect(run.results.map((x) => x.locations[0]?.physicalLocation.artifactLocation)).toEqual([
      { uri: 'sub/tabs.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'plain/x.yaml', uriBaseId: 'ROOT1' },
    ]);
  });
});

describe('security check: a baseline that matches less than it holds says so', () => {
  it('from a subfolder of a plain tree: 0 of 1 entry matched, with the directory paths start at', async () => {
    const root = realpathSync(makeTree({ 'sub/w.yaml': workflow(token()) }));
    expect((await check(root, ['--write-baseline', '.bl.json'])).code).toBe(0);
    const sub = join(root, 'sub');
    const r = await check(sub, ['--baseline', '../.bl.json']);
    expect(r.code).toBe(11);
    expect(r.stdout).toContain(`baseline ../.bl.json: 0 of 1 entry matched (paths are relative to ${sub})\n`);
    const json = JSON.parse((await check(sub, ['--baseline', '../.bl.json', '--json'])).stdout);
    expect(json.baseline).toEqual({ file: '../.bl.json', entries: 1, matched: 0 });
    const log = expectValidSarif(
      (await check(sub, ['--baseline', '../.bl.json', '--format', 'sarif'])).stdout,
    );
    expect(log.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      `baseline ../.bl.json: 0 of 1 entry matched (paths are relative to ${sub})`,
    ]);
    // Every entry matched: nothing more is said.
    const top = await check(root, ['--baseline', '.bl.json']);
    expect(top.stdout).not.toContain('entries matched');
    expect(top.stdout).not.toContain('entry matched');
    expect(JSON.parse((await check(root, ['--baseline', '.bl.json', '--json'])).stdout).baseline).toEqual({
      file: '.bl.json',
      entries: 1,
      matched: 1,
    });
  });
});

describe("security check: the check's own files and words", () => {
  it('its baseline and reports are not listed as skipped, and --write-baseline rewrites its file in place', async () => {
    const root = makeTree({ 'w.yaml': workflow(token()) });
    expect((await check(root, ['--write-baseline', '.fibonacci-baseline.json'])).code).toBe(0);
    expect((await check(root, ['--json', '--output', 'report.json'])).code).toBe(11);
    expect((await check(root, ['--format', 'sarif', '--output', 'out.sarif.json'])).code).toBe(11);
    const again = await check(root, ['--write-baseline', '.fibonacci-baseline.json']);
    expect(again.stderr).not.toContain('error:');
    expect(again.code).toBe(0);
    const text = await check(root, ['--baseline', '.fibonacci-baseline.json']);
    expect(text.stdout).not.toContain('Skipped');
    const log = expectValidSarif(
      (await check(root, ['--baseline', '.fibonacci-baseline.json', '--format', 'sarif'])).stdout,
    );
    expect(log.runs[0]?.invocations[0]?.toolExecutionNotifications).toEqual([]);
    // Another JSON file that is no workflow is still listed.
    const other = makeTree({ 'w.yaml': workflow(token()), 'package.json': '{"name": "x"}\n' });
    expect((await check(other, [])).stdout).toContain(
      'Skipped 1 file:\n  package.json  (not a workflow definition)\n',
    );
  });

  it('--write-baseline: the summary says the findings were recorded, and the last line what it did', async () => {
    const root = makeTree({ 'w.yaml': workflow(token()) });
    const r = await check(root, ['--write-baseline', 'bl.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '1 finding (1 error, 0 warnings, 0 notes), recorded in the baseline bl.json\n',
    );
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('Recorded 1 finding in the baseline bl.json');
  });

  it("a file's file-level findings come first, before its line findings, in every file", async () => {
    const root = makeTree({
      '.env.prod': `ENABLE_DEVELOPER_ROUTES=1\nGITHUB_TOKEN=${token()}\n`,
      '.env.production': `GITHUB_TOKEN=${token()}\n`,
    });
    const text = (await check(root, [])).stdout;
    for (const file of ['.env.prod', '.env.production']) {
      const group = text.split('\n\n').find((g) => g.startsWith(`${file}\n`));
      const places = (group ?? '')
        .split('\n')
        .filter((l) => /^ {2}(file|\d+:\d+) /.test(l))
        .map((l) => l.trim().split(' ')[0]);
      // Every `file` before every line:column.
      expect(places.join(' '), file).toMatch(/^(file )+(\d+:\d+ ?)+$/);
    }
    expect(text).toMatch(/\.env\.prod\n {2}file .*\n.*\n {2}file .*\n.*\n {2}1:1 /);
  });
});
