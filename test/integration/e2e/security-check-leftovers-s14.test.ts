// Leftovers of hostile pass s14 in `security check`, through the built CLI: a token in a workflow
// that does not parse is reported (not only the parse error); a broken version 2 baseline says what
// is wrong with it; a policy message whose name it does not repeat still reads as a sentence.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const GHP = 'ghp_DKRYfmt07ELSZgnu18FMTahov29GNUbipw3A';

describe('security check: a file that does not parse', () => {
  it('a token in an unclosed flow sequence file: the token reported and masked beside the parse error, exit 3', async () => {
    const root = makeTree({ 'w.yaml': `name: w\ntoken: ${GHP}\nnodes: [\n` });
    const text = await check(root, ['.']);
    const json = await check(root, ['.', '--json']);
    const sarif = await check(root, ['.', '--format', 'sarif']);
    expectNoSecret([text.stdout, text.stderr, json.stdout, json.stderr, sarif.stdout], [GHP]);
    expect([text.code, json.code, sarif.code]).toEqual([3, 3, 3]);
    expect(text.stdout).toContain(
      'w.yaml\n  2:8      error   github-token  A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_) is hardcoded here (ghp_…, 40 characters)\n  2 | token: ghp_************************************\n',
    );
    expect(text.stdout).toContain(
      'Could not read or parse 1 file:\n  w.yaml:3:8  invalid YAML: a flow sequence "[" not closed',
    );
    expect(text.stderr).toMatch(/^error: w\.yaml:3:8: invalid YAML: /);
    const report = JSON.parse(json.stdout);
    expect(report.findings.map((f: { rule: string; line: number }) => `${f.line} ${f.rule}`)).toEqual([
      '2 github-token',
    ]);
    expect(report.files.unreadable.map((u: { path: string }) => u.path)).toEqual(['w.yaml']);
    expect(expectValidSarif(sarif.stdout).runs[0]?.results).toHaveLength(1);
  });
});

describe('security check: a version 2 baseline that is broken says what is wrong with it', () => {
  const HASH = 'a'.repeat(64);
  const entry = (e: Record<string, unknown>) =>
    JSON.stringify({
      version: 2,
      tool: 'fibonacci security check',
      findings: [{ rule: 'r', path: 'p', hash: HASH }, e],
    });
  it.each([
    [
      'a number for a hash',
      entry({ rule: 'r', path: 'p', hash: 12345 }),
      'entry 2 of "findings" has a "hash" that is a number, not 64 hexadecimal digits (lower case)',
    ],
    [
      'a short hash',
      entry({ rule: 'r', path: 'p', hash: `${GHP}` }),
      'entry 2 of "findings" has a "hash" that is a string, not 64 hexadecimal digits (lower case)',
    ],
    ['no path', entry({ rule: 'r', hash: HASH }), 'entry 2 of "findings" has no "path"'],
    ['findings an object', '{"version": 2, "findings": {}}', 'its "findings" is an object, not a list'],
    ['version 3', '{"version": 3, "findings": []}', 'it is version 3 (a version 2 one is expected)'],
    ['a list', '[]', 'it is a list, not an object with "version" and "findings"'],
  ])('%s', async (_what, body, why) => {
    const root = makeTree({ 'b.json': body });
    const r = await check(root, ['--baseline', 'b.json']);
    expectNoSecret([r.stdout, r.stderr], [GHP]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: b.json is not a security check baseline: ${why}\nhint: write one with \`fibonacci security check --write-baseline FILE\`\n`,
    ]);
  });
});

describe('security check: a fibonacci.yaml name the message does not repeat', () => {
  it('role "…" (19 characters, not repeated here) is not defined: the name hidden, the sentence whole', async () => {
    const role = `aB3xK9mQ2v${'L8pR4tW7z'}`;
    const root = makeTree({
      'fibonacci.yaml': `access_control:\n  enabled: true\n  default_role: ${role}\n  roles:\n    - name: r\n      permissions: [read]\n`,
    });
    const r = await check(root, ['.']);
    expectNoSecret([r.stdout, r.stderr], [role]);
    expect(r.code).toBe(11);
    expect(r.stdout).toContain(
      'access_control.default_role: role "…" (19 characters, not repeated here) is not defined: add it to access_control.roles or use owner, admin, member, viewer\n',
    );
  });
});
