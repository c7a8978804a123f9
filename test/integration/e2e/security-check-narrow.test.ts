// Newcomer pass 12, NC12-10b: at a 40-column terminal the masked source line under a finding was
// wider than the terminal, which wrapped it, and the `^` no longer sat under its column. On a
// terminal the excerpt is now cut to its width around the caret (`…` where cut); piped, whole.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { HAVE_PTY, pty } from '../../helpers/pty.js';
import { screenLines } from '../../helpers/screen.js';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(1240);
const secret = PLANTS['github-token']?.(rng).secret as string;
const padding = 'x'.repeat(50);
const root = makeTree({
  'workflow.yaml': `name: demo\nnodes:\n  - id: a\n    config: {note: "${padding}", api_key: "${secret}", more: "${padding}"}\n`,
});

/** The excerpt of the first finding: its source line (after `N | `) and the caret's index in it. */
function excerpt(lines: string[]): { line: string; source: string; caret: number } {
  const at = lines.findIndex((l) => /^ {2}\d+ \| /.test(l));
  const line = lines[at] as string;
  const source = line.replace(/^ {2}\d+ \| /, '');
  const caretLine = (lines[at + 1] as string).replace(/^ {2} +\| /, '');
  return { line, source, caret: caretLine.indexOf('^') };
}

describe.skipIf(!HAVE_PTY)('security check at a narrow terminal', () => {
  for (const cols of [40, 100]) {
    it(`${cols} columns: the source line fits, cut with …, the caret under the token`, async () => {
      const r = await pty(['security', 'check', root], { NO_COLOR: '1' }, { cols });
      expect(r.code, r.screen).toBe(11);
      const { line, source, caret } = excerpt(screenLines(r.screen));
      expect([...line].length, r.screen).toBeLessThanOrEqual(cols);
      expect(source.startsWith('…') && source.endsWith('…'), source).toBe(true);
      expect(source.slice(caret, caret + 4), r.screen).toBe(secret.slice(0, 4));
      expectNoSecret([r.screen], [secret]);
    }, 60_000);
  }

  // SC-WRAP: a CJK character takes two columns and was counted as one, so the cut line was wider than
  // the terminal (wrapped) and the caret stood left of the token.
  it('60 columns, CJK text before the token: the line fits and the caret is under the token', async () => {
    const cjk = '漢字'.repeat(30);
    const wide = makeTree({
      'workflow.yaml': `name: demo\nnodes:\n  - id: a\n    config: {note: "${cjk}", api_key: "${secret}", more: "${padding}"}\n`,
    });
    const cols = 60;
    const r = await pty(['security', 'check', wide], { NO_COLOR: '1' }, { cols });
    expect(r.code, r.screen).toBe(11);
    const { line, source, caret } = excerpt(screenLines(r.screen));
    // Columns on the screen: each of 漢 and 字 takes two, the rest of the line is ASCII and `…`.
    const width = (s: string) => [...s].length + (s.match(/[漢字]/g) ?? []).length;
    expect(width(line), r.screen).toBeLessThanOrEqual(cols);
    const at = source.indexOf(secret.slice(0, 4));
    expect(at, r.screen).toBeGreaterThan(0);
    expect(caret, r.screen).toBe(width(source.slice(0, at)));
    expectNoSecret([r.screen], [secret]);
  }, 60_000);

  it('piped, the excerpt is not cut to a terminal', async () => {
    const r = await check(root, []);
    expect(r.code).toBe(11);
    const { source, caret } = excerpt(r.stdout.split('\n'));
    expect([...source].length).toBeGreaterThan(100); // the whole context window, as before
    expect(source).toContain(`", more: "${padding}"}`);
    expect(source.slice(caret, caret + 4)).toBe(secret.slice(0, 4));
  }, 60_000);
});
