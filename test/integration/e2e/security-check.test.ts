// `fibonacci security check` through the built CLI on fixture trees: exit codes, the three formats
// (SARIF validated against the OASIS schema), and no secret in anything it prints or writes.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { REPO_ROOT } from '../../helpers/repo.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A workflow (YAML or JSON) or .env file per rule, each holding one planted secret. */
function plantedTree(seed: number) {
  const rng = seeded(seed);
  const files: Record<string, string> = {};
  const secrets: string[] = [];
  const expected: Array<[string, string]> = [];
  for (const [rule, make] of Object.entries(PLANTS)) {
    const [y, j, e] = [make(rng), make(rng), make(rng)];
    secrets.push(y.secret, j.secret, e.secret);
    files[`workflows/${rule}.yaml`] =
      `name: ${rule}\nnodes:\n  - id: a\n    type: tool\n    config:\n      ${y.yaml.replace(/\n/g, '\n      ')}\n`;
    files[`workflows/${rule}.json`] =
      `{\n  "name": "${rule}",\n  "nodes": [{"id": "a", "type": "tool",\n    ${j.json}}]\n}\n`;
    files[`env/${rule}.env`] = `# planted\n${e.env}\n`;
    expected.push(
      [`env/${rule}.env`, rule],
      [`workflows/${rule}.json`, rule],
      [`workflows/${rule}.yaml`, rule],
    );
  }
  return { root: makeTree(files), secrets, expected: expected.sort((a, b) => a[0].localeCompare(b[0])) };
}

describe('security check: the demo pair in docs/examples', () => {
  it('the hardcoded Bearer fails (exit 11, SARIF written); the fixed twin passes', async () => {
    const root = makeTree({});
    copyFileSync(
      join(REPO_ROOT, 'docs/examples/support-triage.hardcoded.yaml'),
      join(root, 'hardcoded.yaml'),
    );
    copyFileSync(join(REPO_ROOT, 'docs/examples/support-triage.yaml'), join(root, 'fixed.yaml'));
    const bad = await check(root, ['hardcoded.yaml', '--format', 'sarif', '--output', 'out.sarif']);
    expect([bad.code, bad.stdout]).toEqual([11, '']);
    expect(bad.stderr).toBe('Wrote the sarif report to out.sarif: 1 file scanned, 0 skipped, 1 finding\n');
    const sarif = readFileSync(join(root, 'out.sarif'), 'utf8');
    const log = expectValidSarif(sarif);
    expect(log.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.region])).toEqual([
      ['bearer-authorization', { startLine: 21, startColumn: 29 }],
    ]);
    expectNoSecret([sarif, bad.stderr], ['sk-3f9c2a71d4e84b0f9a6c5e1b7d2f8a40c6e9b3d1']);
    const good = await check(root, ['fixed.yaml']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^Scanned 1 file:\n {2}fixed\.yaml\n0 findings \(0 errors, 0 warnings, 0 notes\)\nDone in \d+\.\d\d s\n$/,
    );
  });
});

describe('security check: every rule in every format, and no secret leaks', () => {
  const tree = plantedTree(42);

  it('text: grouped by file, the line with the secret masked and a caret; exit 11', async () => {
    const r = await check(tree.root, []);
    expect(r.code).toBe(11);
    expect(r.stderr).toBe('');
    const found = [...r.stdout.matchAll(/^ {2}\d+:\d+ +error +(\S+) /gm)].map((m) => m[1]);
    expect(found.sort()).toEqual(tree.expected.map(([, rule]) => rule).sort());
    // One block: the file, the finding, the masked line, the caret under the secret's column.
    const block =
      /^workflows\/github-token\.yaml\n {2}6:(\d+) +error +github-token +A GitHub token .* is hardcoded here \(ghp_…, 40 characters\)\n {2}6 \| (.*)\n {4}\| ( *)\^\n/m.exec(
        r.stdout,
      );
    expect(block, r.stdout).not.toBeNull();
    const [, column, line, pad] = block as unknown as [string, string, string, string];
    expect(line.slice(Number(column) - 1)).toMatch(/^ghp_\*{36}"$/);
    expect(pad.length).toBe(Number(column) - 1);
    const n = tree.expected.length;
    expect(r.stdout).toContain(`\nScanned ${n} files:\n`);
    expect(r.stdout).toMatch(
      new RegExp(`\\n${n} findings \\(${n} errors, 0 warnings, 0 notes\\)\\nDone in \\d+\\.\\d\\d s\\n$`),
    );
    expectNoSecret([r.stdout, r.stderr], tree.secrets);
  });

  it('--json: stable fields, files and totals; a secret is its first 4 characters, length and hash', async () => {
    const r = await check(tree.root, ['--json']);
    expect(r.code).toBe(11);
    const body = JSON.parse(r.stdout);
    expect(Object.keys(body)).toEqual([
      'version',
      'tool',
      'findings',
      'files',
      'roots',
      'baseline',
      'totals',
      'duration_ms',
      'incomplete',
    ]);
    expect(body.findings.map((f: { path: string; rule: string }) => [f.path, f.rule])).toEqual(tree.expected);
    const f = body.findings.find((x: { path: string }) => x.path === 'workflows/stripe-secret-key.json');
    expect(Object.keys(f)).toEqual([
      'rule',
      'level',
      'path',
      'line',
      'column',
      'scope',
      'message',
      'fix',
      'secret',
      'hash',
      'root',
    ]);
    expect(f).toMatchObject({ level: 'error', line: 4, column: 16, secret: { prefix: 'sk_l', length: 40 } });
    expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.files.scanned).toHaveLength(tree.expected.length);
    expect(body.files).toMatchObject({ skipped: [], unreadable: [] });
    const n = tree.expected.length;
    expect(body.totals).toMatchObject({ files_scanned: n, findings: n, errors: n, warnings: 0 });
    expectNoSecret([r.stdout, r.stderr], tree.secrets);
  });

  it('--format sarif: valid SARIF 2.1.0, relative URIs, 1-based regions, unique rule ids, fingerprints', async () => {
    const r = await check(tree.root, ['--format', 'sarif']);
    expect(r.code).toBe(11);
    const log = expectValidSarif(r.stdout);
    const run = log.runs[0];
    if (!run) throw new Error('no run');
    const ids = run.tool.driver.rules.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.results).toHaveLength(tree.expected.length);
    for (const res of run.results) {
      const loc = res.locations[0]?.physicalLocation;
      expect(loc?.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc?.artifactLocation.uri).toMatch(/^(?:workflows|env)\/[a-z0-9-]+\.(?:yaml|json|env)$/);
      expect(loc?.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc?.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(ids).toContain(res.ruleId);
      expect(res.partialFingerprints['secretHash/v2']).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(run.artifacts).toHaveLength(tree.expected.length);
    expectNoSecret([r.stdout, r.stderr], tree.secrets);
  });

  it('--output writes (in pieces) the very bytes the report prints on stdout, JSON and SARIF', async () => {
    const timeless = (text: string) => text.replace(/"(duration_ms|durationMs)": \d+/g, '"$1": 0');
    const out = tempDir('fib-scan-out-');
    for (const format of ['json', 'sarif']) {
      const printed = await check(tree.root, ['--format', format]);
      const written = await check(tree.root, ['--format', format, '--output', join(out, format)]);
      expect([printed.code, written.code, written.stdout]).toEqual([11, 11, '']);
      const file = readFileSync(join(out, format), 'utf8');
      expect(timeless(file)).toBe(timeless(printed.stdout));
    }
  });
});

describe('security check: exit codes and usage', () => {
  const root = makeTree({
    // A reference is filled in at deploy time: judged as set, so only the proxy warning remains.
    '.env.production': ['SESSION_SECRET_KEY=$', '{SESSION_SECRET}\n'].join(''),
  });

  it('--fail-on: a warning passes by default and fails with --fail-on warning', async () => {
    const byDefault = await check(root, []);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toContain('env-production-trusted-proxy-hosts');
    expect((await check(root, ['--fail-on', 'warning'])).code).toBe(11);
    expect((await check(root, ['--fail-on', 'note'])).code).toBe(11);
  });

  it('bad usage is exit 2 with one error line and a hint', async () => {
    const bad = await check(root, ['--fail-on', 'critical']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^error: invalid --fail-on "critical": expected one of error, warning, note\nhint: see `fibonacci security check --help`\n$/,
    );
    const env = await check(root, ['--env', 'no spaces']);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/^error: invalid --env "no spaces": .+\nhint: did you mean no-spaces\?\n$/);
    const both = await check(root, ['--json', '--format', 'sarif']);
    expect(both.code).toBe(2);
  });
});
