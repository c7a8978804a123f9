// Ctrl-C during `npm run demo` (scripts/demo.mjs, with the built CLI): the terminal sends SIGINT to
// the whole foreground job. The demo's work dir holds the emulator's owner key, master key and CA
// key: it must be gone soon after, whatever the demo was doing, and the demo must end, not hang (a
// step waiting on the keyring daemon that died of the same Ctrl-C). A real SIGINT to the job's
// process group, at several moments, with a private TMPDIR so only this run's dirs are counted.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until `check` holds, polling; false after `ms`. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (check()) return true;
  return check();
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(child.signalCode ?? child.exitCode);
    else child.once('exit', (code, signal) => r(signal ?? code));
  });
}

/** The demo's own dirs left in `tmp`: its work dir, with-secret-service.sh's keyring. */
const demoDirs = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith('fibonacci-demo-'));

/**
 * Run the demo as its own job (`keychain`: through a private Secret Service, else with
 * FIBONACCI_API_KEY), press Ctrl-C once `moment` is in its output, and say what was left.
 */
async function interrupt(moment: RegExp, keychain: boolean) {
  const tmp = mkdtempSync(join(tmpdir(), 'fib-demo-int-'));
  dirs.push(tmp);
  const env: Record<string, string> = { ...(process.env as Record<string, string>), TMPDIR: tmp };
  delete env.FIBONACCI_DEMO_IN_SESSION;
  if (!keychain) env.FIBONACCI_DEMO_KEYCHAIN = '0';
  // detached: a process group of its own, as a shell makes for a foreground job.
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.mjs')], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  const reached = await until(() => moment.test(out) || child.exitCode !== null, 120_000);
  expect(reached && child.exitCode === null, `the demo never reached ${moment}:\n${out}`).toBe(true);
  const workMade = demoDirs(tmp).length;
  process.kill(-(child.pid as number), 'SIGINT');
  const ended = await Promise.race([exited(child), sleep(60_000).then(() => 'hung' as const)]);
  if (ended === 'hung') process.kill(-(child.pid as number), 'SIGKILL');
  // The watchdog stops the emulator (up to 10 s) and removes the dir: seconds, not a deadline.
  const clean = await until(() => demoDirs(tmp).length === 0, 60_000);
  return { ended, workMade, left: clean ? [] : demoDirs(tmp), out };
}

describe('Ctrl-C during the demo leaves no key material', () => {
  it.each([
    ['the emulator starting', /== Start the local Fibonacci API/, true],
    ['the login, in the keyring', /== Log in: the key goes into the Secret Service/, true],
    ['a secret being set', /== Secrets: values go in/, true],
    ['the workflows, mid-story', /== Workflows and a scoped key/, true],
    ['the audit chapter, without a keyring', /== Audit: every action above/, false],
  ])(
    'at %s: the demo ends and its work dir is gone',
    async (_at, moment, keychain) => {
      const r = await interrupt(moment, keychain);
      expect(r.ended, r.out).not.toBe('hung');
      expect(r.workMade, 'the work dir existed when Ctrl-C came').toBe(1);
      expect(r.left, r.out).toEqual([]);
    },
    300_000,
  );
});
