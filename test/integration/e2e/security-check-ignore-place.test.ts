// A `fibonacci:ignore` silences the findings on its own line (or the next), never the same value
// somewhere else, through the built CLI: the passes that read decoded values (a value below its
// key, an escaped token, a .env value over several lines, each alias to a scalar) report a secret
// at each place it is, whether the text scan found it elsewhere, silenced or not, and whatever
// they found before.
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';

const P = 'Xk9mQ2vL8pR4tW7z';
const G = `${'ghp'}_${'a1B2c3D4e5F6g7H8i9J0'}${'k1L2m3N4o5P6q7R8'}`;
const IGNORE = '# fibonacci:ignore generic-credential-entropy documented example, not a real password';
const IGNORE_TOKEN = '# fibonacci:ignore github-token documented example, revoked';

interface JsonReport {
  findings: Array<{ rule: string; path: string; line: number }>;
  totals: { suppressed_inline: number };
}

describe('security check: an ignore covers its own line only', () => {
  it('the same value below another key, escaped, or in a .env value over lines is still reported', async () => {
    const escaped = `\\u0067${G.slice(1)}`;
    const tree = {
      // The text scan's finding on line 3 is silenced; the value below db_password is the decoded pass's.
      'd1.yaml': `nodes: []\n${IGNORE}\nexample_password: ${P}\nconfig:\n  db_password:\n    ${P}\n`,
      // The same token, escaped on line 5: the decode finds it there.
      'd5.yaml': `nodes: []\n${IGNORE_TOKEN}\nexample: ${G}\nconfig:\n  other: "${escaped}"\n`,
      // Two values below their keys: the first one silenced, the second still reported.
      'd7.yaml': `nodes: []\nexample_password:\n  ${IGNORE}\n  ${P}\ndb_password:\n  ${P}\n`,
      '.env': `${IGNORE}\nEXAMPLE_PASSWORD=${P}\nDB_PASSWORD="\n${P}\n"\n`,
      // Two aliases to one scalar: the first one silenced, the second still reported.
      'd8.yaml': `nodes: []\nx: &a ${P}\n${IGNORE}\nexample_password: *a\ndb_password: *a\n`,
      // Without the ignore, one-line: the ignore's line alone was silenced already.
      'd4.yaml': `nodes: []\n${IGNORE}\nexample_password: ${P}\nconfig:\n  db_password: ${P}\n`,
    };
    const root = makeTree(tree);
    const text = await check(root, []);
    const json = await check(root, ['--json']);
    const sarif = await check(root, ['--format', 'sarif']);
    expect([text.code, json.code, sarif.code]).toEqual([11, 11, 11]);
    const report = JSON.parse(json.stdout) as JsonReport;
    const out: Record<string, string[]> = Object.fromEntries(Object.keys(tree).map((f) => [f, []]));
    for (const f of report.findings) out[f.path]?.push(`${f.line} ${f.rule}`);
    expect(out).toEqual({
      'd1.yaml': ['6 generic-credential-entropy'],
      'd5.yaml': ['5 github-token'],
      'd7.yaml': ['6 generic-credential-entropy'],
      '.env': ['3 generic-credential-entropy'],
      'd8.yaml': ['5 generic-credential-entropy'],
      'd4.yaml': ['5 generic-credential-entropy'],
    });
    // Each ignore silenced its own line's finding, and only that one.
    expect(report.totals.suppressed_inline).toBe(6);
    expect(expectValidSarif(sarif.stdout).runs[0]?.results.length).toBe(6);
    expectNoSecret(
      [text, json, sarif].flatMap((r) => [r.stdout, r.stderr]),
      [P, G],
    );
  });
});
