// The files `security check` reads besides the scanned ones — the baseline and every .gitignore —
// come from the repository under review: through the built CLI, a FIFO, a device, a link (for
// .gitignore) or an oversized file is exit 3 with a reason, never a hang or a crash, and a linked
// .gitignore decides nothing. Devices are mknod copies in a temp dir.
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, makeTree } from '../../helpers/security-check.js';
import { tempDir } from '../../helpers/temp-dir.js';

const rng = seeded(61);
const secret = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${value}\n`;

describe('security check: the baseline and .gitignore files are read with guards', () => {
  it('a baseline that is a FIFO or a link to a device: exit 3 naming why', async () => {
    const root = makeTree({
      'w.yaml': workflow(secret()),
    });
    execFileSync('mkfifo', [join(root, 'fifo')]);
    const cases: Array<[string, RegExp]> = [['fifo', /it is a named pipe, not a regular file/]];
    try {
      execFileSync('mknod', ['-m', '666', join(root, 'zero'), 'c', '1', '5'], { stdio: 'ignore' });
      symlinkSync(join(root, 'zero'), join(root, 'link'));
      cases.push(['link', /it is a device, not a regular file/]);
    } catch {
      // mknod needs CAP_MKNOD (root in CI containers).
    }
    for (const [name, why] of cases) {
      const r = await check(root, ['--baseline', name]);
      expect([r.code, r.stderr]).toEqual([
        3,
        expect.stringMatching(new RegExp(`^error: cannot read the baseline ${name}: ${why.source}\\nhint: `)),
      ]);
    }
  });

  it('a .gitignore that is a FIFO, or a link out of the tree, is unreadable (exit 3) and decides nothing', async () => {
    const leaked = secret();
    const outside = tempDir('fib-outside-');
    writeFileSync(join(outside, 'ignore'), 'secret.yaml\n');
    const root = makeTree({ 'a.yaml': workflow('"{{secrets.T}}"'), 'secret.yaml': workflow(leaked) });
    symlinkSync(join(outside, 'ignore'), join(root, '.gitignore'));
    const r = await check(root, ['--json']);
    const body = JSON.parse(r.stdout);
    expect(r.code).toBe(3);
    expect(body.files.scanned).toEqual(['a.yaml', 'secret.yaml']);
    expect(body.files.unreadable).toEqual([
      { path: '.gitignore', line: null, column: null, message: 'cannot read: it is a symbolic link' },
    ]);

    const fifoRoot = makeTree({ 'a.yaml': workflow(secret()) });
    execFileSync('mkfifo', [join(fifoRoot, '.gitignore')]);
    const f = await check(fifoRoot, ['--json']);
    expect([f.code, JSON.parse(f.stdout).files.unreadable]).toEqual([
      3,
      [
        expect.objectContaining({
          path: '.gitignore',
          message: 'cannot read: it is a named pipe, not a regular file',
        }),
      ],
    ]);
  });
});
