// `security check --output F` and `--write-baseline F` through the built CLI, when F is not a
// regular file: a FIFO or a character device (or a link to one, as /dev/stdout is) is written
// through and stays what it was; a full device or a directory is exit 3. Devices are mknod copies
// in a temp dir, never the machine's own /dev/null or /dev/full.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../bench/security-check-secrets.mjs';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';

const rng = seeded(23);
const secret = () => PLANTS['github-token']?.(rng).secret as string;
const workflow = (value: string) => `name: w\nnodes:\n  - id: a\n    type: tool\n    token: ${value}\n`;

/** mknod needs CAP_MKNOD (root in CI containers); elsewhere the device cases are skipped. */
function mknod(path: string, minor: number): boolean {
  try {
    execFileSync('mknod', ['-m', '666', path, 'c', '1', String(minor)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function tree() {
  const leaked = secret();
  const root = makeTree({ 'wf.yaml': workflow(leaked) });
  mkdirSync(join(root, 'devs'));
  return { root, leaked };
}

describe('security check: --output and --write-baseline onto what is not a regular file', () => {
  it('a path whose directory is missing, or runs through a file, is exit 3 with the hint for that cause', async () => {
    const { root } = tree();
    const missing = await check(root, ['--output', 'nowhere/report.txt']);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([
      3,
      '',
      'error: cannot write --output nowhere/report.txt: no such file or directory (ENOENT)\n' +
        'hint: its directory does not exist: create it first, or name a file in a directory that exists\n',
    ]);
    const through = await check(root, ['--output', 'wf.yaml/report.txt']);
    expect([through.code, through.stderr.split('\n')[1]]).toEqual([
      3,
      'hint: a part of the path is not a directory: name a file in a directory that exists',
    ]);
    const base = await check(root, ['--write-baseline', 'nowhere/b.json']);
    expect([base.code, base.stderr.split('\n').at(-2)]).toEqual([
      3,
      'hint: its directory does not exist: create it first, or name a file in a directory that exists',
    ]);
  });

  it('--output - is standard output, as for audit export: the report on stdout, no file named -', async () => {
    const { root, leaked } = tree();
    const r = await check(root, ['--format', 'json', '--output', '-']);
    expect([r.code, r.stderr, existsSync(join(root, '-'))]).toEqual([11, '', false]);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
    expectNoSecret([r.stdout], [leaked]);
    const base = await check(root, ['--write-baseline', '-']);
    expect([base.code, base.stdout, base.stderr.split('\n')[0], existsSync(join(root, '-'))]).toEqual([
      2,
      '',
      'error: --write-baseline needs a file: standard output carries the report',
      false,
    ]);
  });

  it('a FIFO is written through: its reader gets the whole report, and it stays a FIFO', async () => {
    const { root, leaked } = tree();
    const pipe = join(root, 'devs', 'pipe');
    execFileSync('mkfifo', [pipe]);
    const reader = spawn('cat', [pipe], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((ok) => reader.on('close', ok));
    const r = await check(root, ['--json', '--output', 'devs/pipe']);
    // Renamed over, the FIFO would keep its reader waiting for ever: look before waiting for it.
    const stillFifo = lstatSync(pipe).isFIFO();
    if (!stillFifo) reader.kill();
    expect([r.code, stillFifo]).toEqual([11, true]);
    await done;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    expect(body.findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
    expectNoSecret([r.stderr, Buffer.concat(chunks).toString('utf8')], [leaked]);
  });

  it('a character device, directly or through a link (/dev/stdout is one), is written through and kept', async () => {
    const { root } = tree();
    const nul = join(root, 'devs', 'null');
    if (!mknod(nul, 3)) return;
    symlinkSync(nul, join(root, 'devs', 'stdout'));
    for (const args of [
      ['--output', 'devs/null'],
      ['--format', 'sarif', '--output', 'devs/stdout'],
    ]) {
      const r = await check(root, args);
      expect([r.code, r.stderr]).toEqual([11, expect.stringMatching(/^Wrote the \w+ report to devs\//)]);
    }
    const base = await check(root, ['--write-baseline', 'devs/stdout']);
    expect(base.code).toBe(0);
    expect(statSync(nul).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(root, 'devs', 'stdout')).isSymbolicLink()).toBe(true);
  });

  it('a full device is exit 3 with the reason, for the report and the baseline; the device stays', async () => {
    const { root } = tree();
    const full = join(root, 'devs', 'full');
    if (!mknod(full, 7)) return;
    const r = await check(root, ['--output', 'devs/full']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      3,
      'error: cannot write --output devs/full: no space left on device (ENOSPC)',
    ]);
    expect(r.stderr).toMatch(/\nhint: free some space, or name a file on another disk\n$/);
    const b = await check(root, ['--write-baseline', 'devs/full']);
    expect([b.code, b.stderr.split('\n')[0]]).toEqual([
      3,
      'error: cannot write the baseline devs/full: no space left on device (ENOSPC)',
    ]);
    expect(statSync(full).isCharacterDevice()).toBe(true);
  });

  it('a directory is exit 3, and a regular file is still replaced whole', async () => {
    const { root } = tree();
    const r = await check(root, ['--output', 'devs']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      'error: cannot write --output devs: it is a directory\nhint: name a regular file, a pipe or a device such as /dev/stdout\n',
    ]);
    const ok = await check(root, ['--json', '--output', 'report.json']);
    expect(ok.code).toBe(11);
    expect(JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect(statSync(join(root, 'report.json')).mode & 0o777).toBe(0o644);
  });
});
