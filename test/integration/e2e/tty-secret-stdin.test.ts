// `auth login --with-token` and `secret set NAME --from-file -` with stdin the terminal: the built CLI
// on a real pseudo-terminal (util-linux `script`). What is typed never reaches the screen (the
// terminal would echo it if stdin were read as a stream), a line says what to paste, and Ctrl-C is
// `error: interrupted`, exit 130.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { HAVE_PTY } from '../../helpers/pty.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;

/** Run the CLI on a pty; once the screen shows `when`, type `keys`. Resolves with code and screen. */
function typeAt(
  args: string[],
  env: Record<string, string>,
  when: RegExp,
  keys: string,
): Promise<{ code: number; screen: string }> {
  const command = [process.execPath, '--', CLI_BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', `stty cols 200 2>/dev/null; ${command}`, '/dev/null'], {
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let typed = false;
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    if (!typed && when.test(Buffer.concat(chunks).toString('utf8'))) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  // A CLI that reads without a word never shows `when`: type anyway after a while, so the test
  // fails on what the screen then holds, not on a hang.
  const fallback = setTimeout(() => {
    if (!typed) {
      typed = true;
      child.stdin.write(keys);
      setTimeout(() => child.stdin.write('\u0004'), 500);
    }
  }, 8000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(fallback);
      // Cursor and erase sequences of the prompt are dropped: what is left is the text shown.
      const text = Buffer.concat(chunks).toString('utf8').replaceAll('\r\n', '\n');
      resolve({ code: code ?? -1, screen: text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') });
    });
  });
}

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

function loggedOut(): Record<string, string> {
  const home = tempDir('fib-tty-home-');
  return {
    FIBONACCI_BASE_URL: emu.url,
    FIBONACCI_CA_CERT: emu.caCertPath,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
  };
}

describe.skipIf(!HAVE_PTY)('a key or secret value read from the terminal is never echoed', () => {
  it('auth login --with-token: says what to paste, the key never appears, the login works', async () => {
    const env = loggedOut();
    const r = await typeAt(
      ['auth', 'login', '--with-token', '--insecure-storage'],
      env,
      /paste the key/i,
      `${emu.ownerKey}\r`,
    );
    expect(r.screen).toMatch(/Paste the key, then press Enter/);
    expect(r.screen).not.toContain(emu.ownerKey);
    expect(r.screen).not.toContain(emu.ownerKey.slice(-12));
    expect(r.code, r.screen).toBe(0);
    const me = await runCli(['secret', 'list'], { env });
    expect(me.code, me.stderr).toBe(0);
  }, 60_000);

  it('auth login --with-token: Ctrl-C while typing is `error: interrupted`, exit 130', async () => {
    const partial = 'partial-key-typed-here';
    const r = await typeAt(
      ['auth', 'login', '--with-token', '--insecure-storage'],
      loggedOut(),
      /paste the key/i,
      `${partial}\u0003`,
    );
    expect(r.code).toBe(130);
    expect(r.screen).toMatch(/^error: interrupted$/m);
    expect(r.screen).not.toContain(partial);
  }, 60_000);

  it('secret set NAME --from-file -: says what to paste, the value never appears, it is stored', async () => {
    const value = `typed-secret-${Math.random().toString(36).slice(2, 10)}`;
    const r = await typeAt(
      ['secret', 'set', 'TTY_TYPED', '--from-file', '-'],
      emu.env,
      /paste the value/i,
      `${value}\r\u0004`,
    );
    expect(r.screen).toMatch(/Value for TTY_TYPED \(shared\): paste the value, then press Ctrl-D/);
    expect(r.screen).not.toContain(value);
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(/Set secret TTY_TYPED/);
  }, 60_000);

  it('secret set NAME --from-file -: Ctrl-C is `error: interrupted`, exit 130, nothing stored', async () => {
    const r = await typeAt(
      ['secret', 'set', 'TTY_INTERRUPTED', '--from-file', '-'],
      emu.env,
      /paste the value/i,
      'half-a-value\u0003',
    );
    expect(r.code).toBe(130);
    expect(r.screen).toMatch(/^error: interrupted$/m);
    expect(r.screen).not.toContain('half-a-value');
    const list = await runCli(['secret', 'list'], { env: emu.env });
    expect(list.stdout).not.toContain('TTY_INTERRUPTED');
  }, 60_000);
});
