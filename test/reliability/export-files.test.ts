// What `audit export` writes, and where, when the file system is hostile or fails: planted links,
// a planted world-writable `.partial`, a directory or a missing parent as --output, two exports of
// one file, a SIGKILL that leaves the lock, a full disk, stdout on /dev/full. The built CLI against
// the emulator; a fault proxy holds a response when a test needs the export to be mid-way.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../helpers/emulator.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { prerequisite } from '../helpers/prerequisites.js';
import { runCli, spawnCli, waitExit } from '../helpers/spawn-cli.js';
import { runWithStdio } from '../helpers/spawn-stdio.js';
import { tempDir } from '../helpers/temp-dir.js';

const EVENTS = 20_000;
let emu: EmulatorHandle;
let until: string;
/** The line every export here prints first: the range it covers. */
let range: string;
let reference: Buffer;

beforeAll(async () => {
  emu = await startEmulator();
  const seeded = await runCli([
    'emulator',
    'seed-audit',
    '--count',
    String(EVENTS),
    '--data-dir',
    emu.dataDir,
  ]);
  expect(seeded.code, seeded.stderr).toBe(0);
  // A fixed end: the tests' own requests add events, and every export must mean the same ones.
  until = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  range = `Showing events the beginning → ${until}\n`;
  const ref = join(tempDir(), 'reference.ndjson');
  const r = await runCli(exportArgs(ref), { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
  reference = readFileSync(ref);
}, 90_000);
afterAll(stopAllEmulators);

function exportArgs(output: string, ...more: string[]): string[] {
  return ['audit', 'export', '--format', 'ndjson', '--output', output, '--until', until, ...more];
}

/** How many audit pages the emulator has served so far. */
const pagesServed = () => emu.accessLog().filter((l) => l.path === '/api/v1/audit/events').length;

/** Only `names` are left in `dir`: no lock, no partial file, no checkpoint, no temporary file. */
function onlyLeft(dir: string, names: string[]): void {
  expect(readdirSync(dir).sort()).toEqual([...names].sort());
}

describe('audit export: planted files and bad --output (e2e)', () => {
  it('a link planted at FILE.partial or at FILE: exit 3 before any request, its target untouched', async () => {
    const dir = tempDir();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    const out = join(dir, 'audit.ndjson');
    symlinkSync(victim, `${out}.partial`);
    const before = pagesServed();
    const r = await runCli(exportArgs(out), { env: emu.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: ${out}.partial is a symbolic link: refusing to write there\n` +
        `hint: no export leaves anything but a file there: remove ${out}.partial if you know what it is\n`,
    );

    const linked = join(dir, 'linked.ndjson');
    symlinkSync(victim, linked);
    const r2 = await runCli(exportArgs(linked), { env: emu.env });
    expect(r2.code).toBe(3);
    expect(r2.stderr).toBe(
      `error: --output ${linked} is a symbolic link: refusing to replace it\n` +
        'hint: name the file itself, not a link to it, or remove the link\n',
    );
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(pagesServed()).toBe(before);
  });

  it('a world-writable FILE.partial planted by another user is never reused: the export is ours, 0600', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o1777); // a shared directory, like /tmp
    const out = join(dir, 'audit.ndjson');
    writeFileSync(`${out}.partial`, 'planted\n');
    chmodSync(`${out}.partial`, 0o666);
    if (process.getuid?.() === 0) chownSync(`${out}.partial`, 65534, 65534);
    // The planter keeps the file open, to read what the export would write into it.
    const planter = openSync(`${out}.partial`, 'r');
    try {
      const r = await runCli(exportArgs(out), { env: emu.env, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(planter, 'utf8')).toBe('planted\n');
    } finally {
      closeSync(planter);
    }
    const st = statSync(out);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(process.getuid?.());
    expect(readFileSync(out).equals(reference)).toBe(true);
    onlyLeft(dir, ['audit.ndjson']);
  });

  it('--output that is a directory, or in a directory that does not exist: exit 3 with a hint, no request', async () => {
    const dir = tempDir();
    const before = pagesServed();
    const asDir = await runCli(exportArgs(dir), { env: emu.env });
    expect(asDir.code).toBe(3);
    expect(asDir.stderr).toBe(
      `error: --output ${dir} is a directory\nhint: name a file in it, e.g. --output ${dir}/audit.ndjson\n`,
    );
    const missing = join(dir, 'no', 'such');
    const noParent = await runCli(exportArgs(join(missing, 'a.ndjson')), { env: emu.env });
    expect(noParent.code).toBe(3);
    expect(noParent.stderr).toBe(
      `error: the directory ${missing} of --output does not exist\n` +
        `hint: create it first (mkdir -p ${missing}), or choose another --output\n`,
    );
    expect(pagesServed()).toBe(before);
    onlyLeft(dir, []);
  });
});

describe('audit export: one export per file (e2e)', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(emu.port);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** Start an export through the proxy that waits, mid-way, on a held response until released. */
  async function heldExport(out: string, more: string[] = []) {
    const base = proxy.requests;
    const held = proxy.injected.length;
    proxy.setPlan((n) => (n === base + 4 ? { mode: 'hold' } : undefined));
    const env = { ...emu.env, FIBONACCI_BASE_URL: proxy.url };
    const cli = spawnCli([...exportArgs(out, '--page-size', '100', '--timeout', '600'), ...more], env);
    cli.child.stdin.end();
    while (proxy.injected.length === held) await sleep(10);
    return cli;
  }

  it('a second export of the same file exits 3 naming the first, which completes intact', async () => {
    const dir = tempDir();
    const out = join(dir, 'audit.ndjson');
    const first = await heldExport(out);
    const second = await runCli(exportArgs(out), { env: emu.env });
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(
      new RegExp(
        `^error: another export to ${out} is running \\(pid ${first.child.pid}, started \\S+\\)\\n` +
          `hint: wait for it to finish; if no export is running, remove ${out}\\.lock\\n$`,
      ),
    );
    proxy.release();
    expect(await waitExit(first, 'first export', 60_000), first.stderr()).toBe(0);
    expect(first.stderr()).toBe(`${range}Exported ${EVENTS.toLocaleString('en-US')} events to ${out}\n`);
    expect(readFileSync(out).equals(reference)).toBe(true);
    onlyLeft(dir, ['audit.ndjson']);
  });

  it('SIGKILL leaves the lock: the next run says so, takes it over, and --resume gives the same bytes', async () => {
    const dir = tempDir();
    const out = join(dir, 'audit.ndjson');
    const killed = await heldExport(out);
    killed.child.kill('SIGKILL');
    await waitExit(killed, 'killed export');
    proxy.release();
    expect(existsSync(`${out}.lock`)).toBe(true);
    const savedCount: number = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')).count;
    const resumed = await runCli(exportArgs(out, '--page-size', '100', '--resume'), {
      env: emu.env,
      timeoutMs: 60_000,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe(
      `warning: taking over ${out}.lock from export pid ${killed.child.pid}, which is no longer running\n` +
        range +
        `Resumed ${out} at ${savedCount.toLocaleString('en-US')} events; exported ${EVENTS.toLocaleString('en-US')} events to ${out}\n`,
    );
    expect(readFileSync(out).equals(reference)).toBe(true);
    onlyLeft(dir, ['audit.ndjson']);
  });
});

describe('audit export and create-key: failed writes are failures (e2e)', () => {
  it('stdout on /dev/full: export to - exits 8; secret list --json, --help and --version exit 1', async () => {
    const exp = await runWithStdio(
      ['audit', 'export', '--format', 'ndjson', '--output', '-', '--until', until],
      {
        env: emu.env,
        stdout: '/dev/full',
      },
    );
    expect(exp.code).toBe(8);
    expect(exp.stderr).toBe(
      `${range}error: export stopped after 0 events: cannot write to standard output: no space left on device (ENOSPC)\n` +
        'hint: export to a file (--output FILE) to be able to resume\n',
    );
    const list = await runWithStdio(['secret', 'list', '--json'], { env: emu.env, stdout: '/dev/full' });
    expect(list.code).toBe(1);
    expect(list.stderr).toBe(
      'error: cannot write to standard output: no space left on device (ENOSPC)\n' +
        'hint: what was not written is lost: free some space, or send the output somewhere else\n',
    );
    // The bare --version is answered before the rest of the CLI starts, and fails the same way.
    for (const args of [['secret', '--help'], ['--version'], ['-v']]) {
      const r = await runWithStdio(args, { stdout: '/dev/full' });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe(
        'error: cannot write to standard output: no space left on device (ENOSPC)\n' +
          'hint: what was not written is lost: free some space, or send the output somewhere else\n',
      );
    }
  });

  it('create-key --plain > /dev/full: exit 1 naming the created key, which can then be revoked', async () => {
    const r = await runWithStdio(['auth', 'create-key', '--name', 'lost', '--scope', 'read', '--plain'], {
      env: emu.env,
      stdout: '/dev/full',
    });
    expect(r.code).toBe(1);
    const m =
      /^error: key (key_\w+) was created, but it could not be written to standard output: no space left on device \(ENOSPC\)\nhint: the key cannot be shown again: revoke it with `fibonacci auth revoke-key \1 --yes` and create another\n$/.exec(
        r.stderr,
      );
    expect(m, r.stderr).not.toBeNull();
    const id = m?.[1] as string;
    const keys = await runCli(['auth', 'list-keys', '--json'], { env: emu.env });
    expect(JSON.parse(keys.stdout).find((k: { id: string }) => k.id === id)).toMatchObject({ name: 'lost' });
    const revoked = await runCli(['auth', 'revoke-key', id, '--yes'], { env: emu.env });
    expect(revoked.code, revoked.stderr).toBe(0);
  });

  it('a full disk mid-export: exit 8 with the resume line; after making room, --resume gives the same bytes', async (ctx) => {
    const dir = tempDir();
    const disk = join(dir, 'small');
    mkdirSync(disk);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk], { stdio: 'pipe' });
    } catch (e) {
      // Strict (CI, as root): a failure. Otherwise the in-process tests cover the logic.
      prerequisite('a small tmpfs', false, `mount refused it (${String(e).split('\n')[0]}): run as root`);
      ctx.skip('cannot mount a small tmpfs here; the in-process tests cover the logic');
    }
    try {
      const out = join(disk, 'audit.ndjson');
      const args = exportArgs(out, '--page-size', '100');
      const full = await runCli(args, { env: emu.env, timeoutMs: 60_000 });
      expect(full.code, full.stderr).toBe(8);
      const lines = full.stderr.split('\n');
      expect(`${lines.shift()}\n`).toBe(range);
      expect(lines[0]).toMatch(
        new RegExp(
          `^error: export stopped after [\\d,]+ events: cannot write ${out}\\.(partial|checkpoint\\.json): no space left on device \\(ENOSPC\\)$`,
        ),
      );
      expect(lines[1]).toBe(
        `hint: resume with: fibonacci audit export --format ndjson --output ${out} --until ${until} --page-size 100 --resume`,
      );
      expect(existsSync(out)).toBe(false);
      execFileSync('mount', ['-o', 'remount,size=64m', disk]);
      const resumed = await runCli([...args, '--resume'], { env: emu.env, timeoutMs: 60_000 });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(readFileSync(out).equals(reference)).toBe(true);
      onlyLeft(disk, ['audit.ndjson']);
    } finally {
      execFileSync('umount', [disk]);
    }
  });
});
