// Leftovers of hostile pass s14 in `security check`, through the built CLI: a token in a workflow
// that does not parse is reported (not only the parse error).
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
