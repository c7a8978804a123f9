// PREVIEW: a secret written as a shell parameter's default (`API_KEY=${API_KEY:-…}`) is the default's
// word, not the expression: every report (text, JSON, SARIF) previews the word's first 4 characters
// and its length, and points at the word's column. `${AP…` was the start of the reference.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const A = 'Xk9mQ2vL8pR4tW7zAb3cD4eF';
const B = 'Yk9mQ2vL8pR4tW7zAb3cD4eG';
const C = 'Wk9mQ2vL8pR4tW7zAb3cD4eH';
const FILES = {
  '.env': `API_KEY=\${API_KEY:-${A}}\nTOKEN="\${TOKEN:=${B}}"\n`,
  'wf.yaml': `name: p\nnodes:\n  - id: a\n    type: tool\n    command: mysqladmin --password \${DB_PW:-${C}} status\n`,
};
const WANT = [
  { path: '.env', line: 1, column: 20, prefix: 'Xk9m' },
  { path: '.env', line: 2, column: 17, prefix: 'Yk9m' },
  { path: 'wf.yaml', line: 5, column: 45, prefix: 'Wk9m' },
];

describe("PREVIEW: a shell default's word is the finding", () => {
  it('text, JSON and SARIF preview the word and point at it', async () => {
    const root = makeTree(FILES);
    const text = await check(root, ['.env', 'wf.yaml']);
    expect(text.code).toBe(11);
    for (const w of WANT) expect(text.stdout).toContain(`${w.line}:${w.column} `);
    expect(text.stdout).toContain('(Xk9m…, 24 characters)');
    expect(text.stdout).toContain('(Yk9m…, 24 characters)');
    expect(text.stdout).toContain('(Wk9m…, 24 characters)');
    expect(text.stdout).not.toContain('(${');

    const json = await check(root, ['--format', 'json', '.env', 'wf.yaml']);
    const findings = (
      JSON.parse(json.stdout) as {
        findings: {
          path: string;
          line: number;
          column: number;
          secret: { prefix: string; length: number };
        }[];
      }
    ).findings;
    expect(
      findings.map((f) => ({ path: f.path, line: f.line, column: f.column, prefix: f.secret.prefix })),
    ).toEqual(WANT);
    expect(findings.map((f) => f.secret.length)).toEqual([24, 24, 24]);

    const sarif = await check(root, ['--format', 'sarif', '.env', 'wf.yaml']);
    const results = expectValidSarif(sarif.stdout).runs[0]?.results ?? [];
    expect(
      results.map((r) => [
        r.locations[0]?.physicalLocation.region.startColumn,
        /\((.{4})…, 24 characters\)/.exec(r.message.text)?.[1],
      ]),
    ).toEqual(WANT.map((w) => [w.column, w.prefix]));
    expectNoSecret([text.stdout, text.stderr, json.stdout, sarif.stdout], [A, B, C]);
  });
});
