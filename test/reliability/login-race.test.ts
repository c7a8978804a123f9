// Two `auth login` at once for one origin (hostile pass s14, HX-6): each read the key stored before,
// each said it replaced that same key, and one of the two new keys was lost without a word. Now
// they take turns (src/lib/login-lock.ts): the second says it replaced the first one's key, and the
// key left stored is the one the last login named. The built CLI, the real emulator, the plain-text
// store (no keychain needed).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { runCli, spawnCli, waitExit } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

/** A user of their own (HOME, config and cache in one temp dir, no keychain) and the owner's key. */
function ownHome(prefix: string) {
  const { FIBONACCI_API_KEY: owner, ...rest } = emu.env;
  const home = tempDir(prefix);
  const env = {
    ...rest,
    HOME: home,
    XDG_CONFIG_HOME: home,
    XDG_CACHE_HOME: home,
    DBUS_SESSION_BUS_ADDRESS: '',
  };
  return { owner: owner as string, home, env };
}

const mask = (key: string) => `${key.slice(0, 7)}…${key.slice(-3)}`;

describe('two logins at once', () => {
  it("take turns: the later one replaces the earlier one's key, nothing is lost unsaid", async () => {
    const keys: string[] = [];
    for (const name of ['race-a', 'race-b']) {
      const made = await runCli(['auth', 'create-key', '--name', name, '--scope', 'read', '--plain'], {
        env: emu.env,
      });
      expect(made.code, made.stderr).toBe(0);
      keys.push(made.stdout.trim());
    }
    const [a, b] = keys as [string, string];
    const { owner, env } = ownHome('fib-login-race-');
    const login = (key: string) =>
      runCli(['auth', 'login', '--with-token', '--insecure-storage'], { env, input: key });
    expect((await login(owner as string)).code).toBe(0);
    for (let round = 0; round < 3; round++) {
      const before = (await runCli(['auth', 'token'], { env })).stdout.trim();
      const [ra, rb] = await Promise.all([login(a), login(b)]);
      expect([ra.code, rb.code], ra.stderr + rb.stderr).toEqual([0, 0]);
      const stored = (await runCli(['auth', 'token'], { env })).stdout.trim();
      expect([a, b]).toContain(stored);
      const first = stored === a ? rb : ra;
      const last = stored === a ? ra : rb;
      const firstKey = stored === a ? b : a;
      // The first replaced what was there; the last replaced the first's key, not the same old one.
      if (before !== firstKey) expect(first.stderr).toContain(`(${mask(before)})`);
      expect(last.stderr).toContain(`note: replaced the key stored for ${emu.url} (${mask(firstKey)})`);
    }
  }, 120_000);

  it('a login waits while another holds the lock, and stores its key once it is let go', async () => {
    const { owner, home, env } = ownHome('fib-login-wait-');
    mkdirSync(join(home, 'fibonacci'), { recursive: true, mode: 0o700 });
    const lock = join(home, 'fibonacci', 'login.lock');
    // Held by a live process of this host (the test's own): the login must wait for it.
    writeFileSync(
      lock,
      `${JSON.stringify({ pid: process.pid, host: hostname(), started_at: new Date().toISOString() })}\n`,
      { mode: 0o600 },
    );
    const proc = spawnCli(['auth', 'login', '--with-token', '--insecure-storage'], env);
    proc.child.stdin.end(owner);
    let done = false;
    const exited = waitExit(proc, 'auth login', 60_000).then((code) => {
      done = true;
      return code;
    });
    await new Promise((r) => setTimeout(r, 1500));
    expect(done, proc.stderr()).toBe(false);
    rmSync(lock);
    expect(await exited, proc.stderr()).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect((await runCli(['auth', 'token'], { env })).stdout.trim()).toBe(owner);
  }, 90_000);

  it('a lock left by a login that is gone is taken over, with one warning line (hostile re-pass s14)', async () => {
    const { owner, home, env } = ownHome('fib-login-stale-');
    mkdirSync(join(home, 'fibonacci'), { recursive: true, mode: 0o700 });
    const lock = join(home, 'fibonacci', 'login.lock');
    writeFileSync(lock, `${JSON.stringify({ pid: 999_999_999, host: hostname(), started_at: 'x' })}\n`, {
      mode: 0o600,
    });
    const r = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], { env, input: owner });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `warning: taking over ${lock} from auth login pid 999999999, which is no longer running\n`,
    );
    expect(r.stderr).not.toContain('warning: warning:');
    expect(existsSync(lock)).toBe(false);
  }, 60_000);
});
