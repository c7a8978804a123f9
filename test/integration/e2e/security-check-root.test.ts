// `security check` paths relative to the git work tree's top level, through the built CLI: a
// baseline written at the top matches from a subfolder and from the parent, SARIF written from a
// subfolder names the file from the repository's top (GitHub code scanning maps %SRCROOT% there),
// and a version 2 baseline written relative to the working directory still matches from there.
import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const rng = seeded(4711);
const token = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${value}\n`;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    stdio: 'ignore',
  });

function repo(files: Record<string, string>): string {
  const root = makeTree(files);
  git(root, 'init', '-q', '.');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'x');
  return root;
}

describe('security check: paths from the git work tree top level', () => {
  it('a baseline written at the top matches from a subfolder and from the parent directory', async () => {
    const root = repo({ 'workflows/triage.yaml': workflow(token()), 'README.md': 'x\n' });
    const write = await check(root, ['--write-baseline', '.fibonacci-baseline.json']);
    expect(write.code).toBe(0);
    const written = JSON.parse(readFileSync(join(root, '.fibonacci-baseline.json'), 'utf8'));
    expect(written.findings.map((f: { path: string }) => f.path)).toEqual(['workflows/triage.yaml']);

    const fromParent = await check(dirname(root), [
      basename(root),
      '--baseline',
      `${basename(root)}/.fibonacci-baseline.json`,
    ]);
    expect(fromParent.stdout).toContain('silenced: 1 by the baseline');
    expect(fromParent.code).toBe(0);

    const fromSub = await check(join(root, 'workflows'), ['--baseline', '../.fibonacci-baseline.json']);
    expect(fromSub.stdout).toContain('1 by the baseline');
    // The text report says where its paths start, as they are not from the working directory.
    expect(fromSub.stdout).toContain(
      `Scanned 1 file (paths from the git work tree's top level, ${realpathSync(root)}):\n  workflows/triage.yaml\n`,
    );
    expect(fromSub.code).toBe(0);

    // The report names the file as the repository does, wherever the check ran.
    const json = JSON.parse((await check(join(root, 'workflows'), ['--json'])).stdout);
    expect(json.files.scanned).toEqual(['workflows/triage.yaml']);
    expect(json.findings.map((f: { path: string }) => f.path)).toEqual(['workflows/triage.yaml']);
  });

  it('SARIF written from a subfolder has the path from the top and %SRCROOT% at the top', async () => {
    const root = repo({ 'workflows/triage.yaml': workflow(token()) });
    const r = await check(join(root, 'workflows'), ['--format', 'sarif']);
    expect(r.code).toBe(11);
    const log = expectValidSarif(r.stdout);
    const run = log.runs[0] as (typeof log.runs)[number] & {
      originalUriBaseIds: Record<string, { uri: string }>;
    };
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: 'workflows/triage.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(run.artifacts.map((a) => a.location.uri)).toEqual(['workflows/triage.yaml']);
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(root).href}/`);
  });

  it('a version 2 baseline written relative to the working directory still matches from there', async () => {
    const secret = token();
    // The same file outside any repository: its baseline is what an earlier version wrote from
    // workflows/ (paths relative to the working directory, no `paths` field).
    const loose = makeTree({ 'workflows/triage.yaml': workflow(secret) });
    expect((await check(join(loose, 'workflows'), ['--write-baseline', 'old.json'])).code).toBe(0);
    const old = JSON.parse(readFileSync(join(loose, 'workflows', 'old.json'), 'utf8'));
    expect(old.findings.map((f: { path: string }) => f.path)).toEqual(['triage.yaml']);
    delete old.paths;

    const root = repo({ 'workflows/triage.yaml': workflow(secret) });
    writeFileSync(join(root, 'workflows', 'old.json'), JSON.stringify(old));
    const r = await check(join(root, 'workflows'), ['--baseline', 'old.json', 'triage.yaml']);
    expect(r.stdout).toContain('1 by the baseline');
    expect(r.code).toBe(0);

    // A new baseline (paths from the top) does not match a path relative to the working directory.
    const renamed = { ...old, paths: 'relative to the git work tree top level, else the working directory' };
    writeFileSync(join(root, 'workflows', 'new.json'), JSON.stringify(renamed));
    const strict = await check(join(root, 'workflows'), ['--baseline', 'new.json', 'triage.yaml']);
    expect(strict.code).toBe(11);
  });

  it('where git cannot answer (not on PATH), the directory holding .git is the top: the same paths', async () => {
    const root = repo({ 'workflows/triage.yaml': workflow(token()) });
    const r = await check(join(root, 'workflows'), ['--json'], { env: { PATH: '/nonexistent' } });
    expect(JSON.parse(r.stdout).files.scanned).toEqual(['workflows/triage.yaml']);
  });

  it('outside a repository paths stay relative to the working directory', async () => {
    const loose = makeTree({ 'workflows/triage.yaml': workflow(token()) });
    const json = JSON.parse((await check(join(loose, 'workflows'), ['--json'])).stdout);
    expect(json.files.scanned).toEqual(['triage.yaml']);
  });
});
