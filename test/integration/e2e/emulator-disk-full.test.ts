// The emulator on a full disk (hostile pass 14, H14c-8): every request used to answer 500, reads
// too, because authenticating a key writes its last_used_at. Now reads answer (last_used_at is best
// effort), a write that cannot be stored is a 507 in words, and nothing is half stored: no run
// without its workflow.execute event, no secret without its secret.set. The built CLI against the
// real emulator, its data dir on a tiny tmpfs (needs root to mount one; skipped otherwise).
// A refusal keeps its own status there (hostile pass, H-X1): a bad key's 401 was a 507 because its
// auth.failed event could not be written, and so were a 403 (access.denied) and a quota's 429
// (quota.exceeded). The event is lost, the emulator's log says so, and the refusal stands.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const root = tempDir('fib-disk-full-');
const mnt = join(root, 'tiny');
let mounted = false;
try {
  if (process.getuid?.() === 0) {
    mkdirSync(mnt, { mode: 0o700 });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mnt], { stdio: 'ignore' });
    mounted = true;
  }
} catch {
  mounted = false;
}

const FULL =
  "error: server error 507: the server's disk is full: nothing was stored; free space where the emulator keeps its data dir and try again";
const fill = join(mnt, 'fill');
let emu: EmulatorHandle;

/** Write zeros until the file system says ENOSPC. */
function fillDisk(): void {
  const fd = openSync(fill, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

async function eventTypes(): Promise<string[]> {
  const r = await runCli(['audit', 'logs', '--json'], { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<{ event_type: string; metadata: { name?: string } }>).map(
    (e) => `${e.event_type}${e.metadata.name ? ` ${e.metadata.name}` : ''}`,
  );
}

beforeAll(async () => {
  if (!mounted) return;
  emu = await startEmulator({ dataDir: join(mnt, 'data'), timeoutMs: 60_000 });
  const set = await runCli(['secret', 'set', 'A'], { env: emu.env, input: 'one' });
  expect(set.code, set.stderr).toBe(0);
  const def = join(root, 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'wf', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  const made = await runCli(['workflow', 'create', 'production/etl', '--file', def], { env: emu.env });
  expect(made.code, made.stderr).toBe(0);
  fillDisk();
}, 90_000);

afterAll(async () => {
  await stopAllEmulators();
  if (mounted) execFileSync('umount', [mnt], { stdio: 'ignore' });
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!mounted)('the emulator with its data dir on a full disk', () => {
  it('reads still answer', async () => {
    const list = await runCli(['secret', 'list'], { env: emu.env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^A\tshared\t1\t/);
    const status = await runCli(['auth', 'status'], { env: emu.env });
    expect(status.code, status.stderr).toBe(0);
    expect(await eventTypes()).toEqual(['workflow.created', 'secret.set A']);
  });

  it('a write that cannot be stored is a 507 in words, stored neither half', async () => {
    const set = await runCli(['secret', 'set', 'B'], { env: emu.env, input: 'two' });
    expect(set.code).toBe(1);
    expect(set.stdout).toBe('');
    expect(set.stderr).toMatch(new RegExp(`^${FULL.replace(/[.()]/g, '\\$&')} \\(request req_\\w+\\)\\n$`));
    expect(set.stderr).not.toContain('two');
    const run = await runCli(['workflow', 'run', 'production/etl'], { env: emu.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(FULL);
    expect(emu.stderr()).not.toMatch(/SqliteError|\n\s+at /);
    // Neither the secret nor the run exists without its event, nor an event without them.
    expect(await eventTypes()).toEqual(['workflow.created', 'secret.set A']);
    const list = await runCli(['secret', 'list'], { env: emu.env });
    expect(list.stdout).not.toMatch(/^B\t/m);
  });

  it('once there is room again, the same write is stored with its event', async () => {
    rmSync(fill);
    const set = await runCli(['secret', 'set', 'B'], { env: emu.env, input: 'two' });
    expect(set.code, set.stderr).toBe(0);
    expect(await eventTypes()).toEqual(['secret.set B', 'workflow.created', 'secret.set A']);
  });

  it('a refusal keeps its own status (401, 403, 429), its lost event logged', async () => {
    const quota = await runCli(['org', 'quota', 'set', 'workflow_runs_per_hour=0'], { env: emu.env });
    expect(quota.code, quota.stderr).toBe(0);
    const viewer = await emu.addUser('viewer');
    fillDisk();
    const before = await eventTypes();

    const bogus = await runCli(['secret', 'list'], {
      env: { ...emu.env, FIBONACCI_API_KEY: 'fib_test_bogusbogusbogusbogusbogusbogus' },
    });
    expect(bogus.stdout).toBe('');
    expect(bogus.stderr).not.toContain('server error 507');
    expect(bogus.stderr).toMatch(
      /^error: authentication failed: invalid API key \(request req_\w+\)\nhint: the key in use comes from FIBONACCI_API_KEY: set the variable to a current key, or unset it\n$/,
    );
    expect(bogus.code).toBe(4);

    const denied = await runCli(['secret', 'set', 'C'], {
      env: { ...emu.env, FIBONACCI_API_KEY: viewer },
      input: 'three',
    });
    expect(denied.stderr).toMatch(
      /^error: not allowed: requires role admin or owner \(request req_\w+\)\nhint: /,
    );
    expect(denied.code).toBe(5);

    const run = await runCli(['workflow', 'run', 'production/etl'], { env: emu.env });
    expect(run.stderr).toMatch(
      /^error: rate limited by 127\.0\.0\.1:\d+: workflow_runs_per_hour quota of 0 reached; retry in 3600 s \(request req_\w+\)\nhint: /,
    );
    expect(run.code).toBe(6);
    expect(run.stderr).not.toContain('server error 507');

    // The emulator logs a lost event after its answer is sent: on a loaded machine the line may
    // reach this process after the CLI has exited, so it is waited for (up to 10 s).
    const lost = (type: string) => `error audit event ${type} not stored: the data dir's disk is full\n`;
    const types = ['auth.failed', 'access.denied', 'quota.exceeded'];
    for (
      let waited = 0;
      waited < 10_000 && !types.every((t) => emu.stderr().includes(lost(t)));
      waited += 100
    )
      await new Promise((r) => setTimeout(r, 100));
    for (const type of types) expect(emu.stderr()).toContain(lost(type));
    expect(emu.stderr()).not.toMatch(/SqliteError|\n\s+at /);
    expect(await eventTypes()).toEqual(before);
  });
});
