// Hostile pass s14, HX-7, through the built CLI: the SARIF report and the baseline decide what the
// gate reports, so they are neither written into nor read from a place another user may write (the
// rule audit export applies to its --output, src/lib/file-trust.ts), and a baseline another user owns
// or may write is not believed: whoever can rewrite it silences any finding. Also: the text totals
// and the stderr line agree on what --write-baseline recorded when two findings share one entry.
// The cases with another user's file need root (chown to nobody); skipped otherwise.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const GHP = 'ghp_DKRYfmt07ELSZgnu18FMTahov29GNUbipw3A';

/** A .env with one token, a workflow with the same token twice (one baseline entry), and ww/ mode 777. */
function tree(): string {
  const root = makeTree({
    '.env': `API_TOKEN=${GHP}\n`,
    'workflows/w.yaml': `name: w\nnodes:\n  - id: a\n    type: http\n    config:\n      token: ${GHP}\n      token2: ${GHP}\n`,
  });
  mkdirSync(join(root, 'ww'));
  chmodSync(join(root, 'ww'), 0o777);
  return root;
}

const dirRefusal = (root: string, flag: string) =>
  `error: refusing to use ww (the directory of ${flag}): the directory ${root}/ww is not safe: its mode 777 lets other users at it\n` +
  `hint: another user could swap what is written there; make it yours and writable only by you, or choose another ${flag}, in a directory only you can write to\n`;

describe('security check: HX-7, the report and the baseline in a place others may write', () => {
  it('--output and --write-baseline into a mode-777 directory: exit 3 naming it, nothing written', async () => {
    const root = tree();
    const sarif = await check(root, ['.', '--format', 'sarif', '--output', 'ww/o.sarif']);
    expect([sarif.code, sarif.stdout, sarif.stderr]).toEqual([3, '', dirRefusal(root, '--output')]);
    expect(existsSync(join(root, 'ww/o.sarif'))).toBe(false);
    const bl = await check(root, ['.', '--write-baseline', 'ww/b.json']);
    expect([bl.code, bl.stdout, bl.stderr]).toEqual([3, '', dirRefusal(root, '--write-baseline')]);
    expect(existsSync(join(root, 'ww/b.json'))).toBe(false);
  });

  it('a baseline others may write, or in a directory others may write: refused (exit 3), the findings not silenced', async () => {
    const root = tree();
    const made = await check(root, ['.', '--write-baseline', 'b.json']);
    expect(made.code).toBe(0);
    chmodSync(join(root, 'b.json'), 0o666);
    const open = await check(root, ['.', '--baseline', 'b.json']);
    expect([open.code, open.stdout]).toEqual([3, '']);
    expect(open.stderr).toBe(
      'error: refusing the baseline b.json: its mode 666 lets other users at it\n' +
        'hint: whoever can rewrite a baseline can silence any finding: make it yours and writable only by you (`chmod go-w`), or write a new one with `fibonacci security check --write-baseline FILE`\n',
    );
    chmodSync(join(root, 'b.json'), 0o644);
    // Ours and 644, but in ww/ (mode 777): another user may swap it for one of theirs.
    const copy = await check(root, ['.', '--write-baseline', 'b2.json']);
    expect(copy.code).toBe(0);
    writeFileSync(join(root, 'ww/b.json'), readFileSync(join(root, 'b2.json')));
    chmodSync(join(root, 'ww/b.json'), 0o644);
    const inDir = await check(root, ['.', '--baseline', 'ww/b.json']);
    expect([inDir.code, inDir.stdout]).toEqual([3, '']);
    expect(inDir.stderr).toBe(
      `error: refusing the baseline ww/b.json: the directory ${root}/ww is not safe: its mode 777 lets other users at it\n` +
        'hint: whoever can swap a baseline can silence any finding: keep it in a directory only you can write to\n',
    );
    // The same baseline, trusted: it silences all three.
    const ok = await check(root, ['.', '--baseline', 'b.json']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('0 findings (0 errors, 0 warnings, 0 notes); silenced: 3 by the baseline');
  });

  it.skipIf(!asRoot)(
    'root, a baseline another user owns and only they may write: believed (a CI container on a checkout of uid 1001); one anyone may write: refused',
    async () => {
      const root = tree();
      expect((await check(root, ['.', '--write-baseline', 'b.json'])).code).toBe(0);
      chownSync(join(root, 'b.json'), NOBODY, NOBODY);
      chmodSync(join(root, 'b.json'), 0o644);
      const theirs = await check(root, ['.', '--baseline', 'b.json']);
      expect(theirs.code, theirs.stderr).toBe(0);
      expect(theirs.stdout).toContain('silenced: 3 by the baseline');
      chmodSync(join(root, 'b.json'), 0o666);
      const r = await check(root, ['.', '--baseline', 'b.json']);
      expect([r.code, r.stdout]).toEqual([3, '']);
      expect(r.stderr).toMatch(
        /^error: refusing the baseline b\.json: its mode 666 lets other users at it\nhint: /,
      );
    },
  );

  it('--write-baseline: the totals and the stderr line say the same count, and how many entries hold it', async () => {
    const root = tree();
    const r = await check(root, ['.', '--write-baseline', 'b.json']);
    expectNoSecret([r.stdout, r.stderr, readFileSync(join(root, 'b.json'), 'utf8')], [GHP]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '\n3 findings (3 errors, 0 warnings, 0 notes), recorded in the baseline b.json as 2 entries\n',
    );
    expect(r.stderr).toBe('Recorded 3 findings as 2 entries in the baseline b.json\n');
    expect(JSON.parse(readFileSync(join(root, 'b.json'), 'utf8')).findings).toHaveLength(2);
  });
});
