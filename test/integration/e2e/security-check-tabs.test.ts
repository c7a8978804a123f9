// The source line under a finding, through the built CLI: tabs (tab-indented JSON is common) are
// expanded to spaces at tab stops every 8 columns and the caret stays under the secret; other
// control characters stay escaped.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(5521);
const token = () => PLANTS['github-token']?.(rng).secret as string;

/** The excerpt of the first finding: its source line (after `N | `) and the caret's index in it. */
function excerpt(stdout: string): { source: string; caret: number } {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => /^ {2}\d+ \| /.test(l));
  const source = (lines[at] as string).replace(/^ {2}\d+ \| /, '');
  const caretLine = (lines[at + 1] as string).replace(/^ {2} +\| /, '');
  return { source, caret: caretLine.indexOf('^') };
}

describe('security check: tabs in the source line', () => {
  it('tab-indented JSON: spaces to the next multiple of 8, the caret under the token', async () => {
    const secret = token();
    const root = makeTree({
      'wf.json': `{\n\t"nodes": [],\n\t"x": {\n\t\t"api_key":\t"${secret}"\n\t}\n}\n`,
    });
    const r = await check(root, []);
    expect(r.code).toBe(11);
    expect(r.stdout).not.toContain('\\u0009');
    const { source, caret } = excerpt(r.stdout);
    // Two tabs are 16 columns; `"api_key":` ends at 26, the tab goes on to 32.
    expect(source.startsWith(`${' '.repeat(16)}"api_key":${' '.repeat(6)}"${secret.slice(0, 4)}*`)).toBe(
      true,
    );
    expect(caret).toBe(source.indexOf(secret.slice(0, 4)));
    expect(r.stdout).toMatch(/^ {2}4:15 /m); // the column stays the file's (SARIF's) column
    expectNoSecret([r.stdout, r.stderr], [secret]);
  });

  it('a tab after a masked token goes to the next tab stop; other control characters stay escaped', async () => {
    const secret = token();
    const root = makeTree({ '.env': `GITHUB_TOKEN=${secret}\t# bell \u0007 here\n` });
    const r = await check(root, []);
    expect(r.stdout).toContain('\\u0007');
    expect(r.stdout).not.toContain('\\u0009');
    const sources = r.stdout.split('\n').filter((l) => /^ {2}\d+ \| /.test(l));
    expect(sources[0]).toMatch(/\*{8} {3}# bell \\u0007 here$/);
    expectNoSecret([r.stdout, r.stderr], [secret]);
  });
});
