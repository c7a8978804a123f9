// `auth login` tries the keychain before it asks for the key: without a Secret Service, or with a
// locked one, the user is told so (plainly, with the remedies) before pasting anything, and the key
// never reaches the API. The locked case needs its own private bus (scripts/with-secret-service.sh).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { hasProgram, prerequisite, secretServiceSession } from '../../helpers/prerequisites.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';

const NO_SERVICE =
  'error: no Secret Service is running, so there is no system keychain to keep the key in\n' +
  'hint: start one (gnome-keyring or KeePassXC in your desktop session), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`\n';
const KEY = 'fib_test_never_sent_0123456789abcdef';

let emu: EmulatorHandle;
let env: Record<string, string>;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const { FIBONACCI_API_KEY: _owner, ...rest } = emu.env;
  env = rest;
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const logins = () => emu.accessLog().filter((l) => l.path === '/api/v1/auth/me').length;

describe('auth login without a session bus (DBUS_SESSION_BUS_ADDRESS unset)', () => {
  it('at a terminal: says no Secret Service is running before prompting, exit 3', () => {
    if (!prerequisite('script(1)', hasProgram('script'), 'apt-get install util-linux')) return;
    const home = mkdtempSync(join(tmpdir(), 'fib-nobus-'));
    // script(1) gives the CLI a real terminal, so it would prompt if it got that far.
    const r = spawnSync('script', ['-qec', `node ${CLI_BIN} auth login --no-color`, '/dev/null'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: home, TERM: 'dumb', ...env },
    });
    expect(r.status).toBe(3);
    expect(r.stdout).not.toContain('Paste');
    expect(r.stdout.replace(/\r\n/g, '\n')).toBe(NO_SERVICE);
  });

  it('with --with-token: the same, and the key is never sent; logout is exit 0 with a note', async () => {
    const before = logins();
    const r = await runCli(['auth', 'login', '--with-token'], { env, input: KEY });
    expect(r).toEqual({ code: 3, stdout: '', stderr: NO_SERVICE });
    expect(logins()).toBe(before);
    const out = await runCli(['auth', 'logout'], { env });
    expect(out).toEqual({
      code: 0,
      stdout: '',
      stderr: `note: no key was stored for ${new URL(emu.url).origin} (no Secret Service is running); nothing to remove\n`,
    });
  });
});

describe.skipIf(!secretServiceSession())('auth login with a locked keyring', () => {
  it('says the keychain is locked, before the key is read or sent, exit 3', () => {
    const d = mkdtempSync(join(tmpdir(), 'fib-locked-'));
    const before = logins();
    // A daemon started without --unlock: no default keyring can be written until someone unlocks it.
    const r = spawnSync(
      'dbus-run-session',
      [
        '--',
        'bash',
        '-c',
        `gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
         for _ in $(seq 1 100); do
           dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
             org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
           sleep 0.05
         done
         echo ${KEY} | node ${CLI_BIN} auth login --with-token`,
      ],
      {
        encoding: 'utf8',
        timeout: 20_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: d,
          XDG_RUNTIME_DIR: d,
          XDG_DATA_HOME: join(d, 'data'),
          ...env,
        },
      },
    );
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => /^(error|hint):/.test(l))).toEqual([
      'error: the system keychain is locked (or has no default keyring yet)',
      'hint: unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock`), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`',
    ]);
    expect(logins()).toBe(before);
  });
});
