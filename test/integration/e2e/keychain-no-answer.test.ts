// A session bus that accepts the connection and never answers (a stopped gnome-keyring, a wedged
// bus): every command that touches the keychain ends on its own within the read bound with the
// "did not answer" line, exit 4, and Ctrl-C or SIGTERM ends the wait at once. Before, the keyring
// addon connected to the bus synchronously on the main thread: `secret list` and `auth status`
// hung forever, and neither SIGINT, SIGTERM nor `timeout 5` could stop them (hostile pass 14, H14b-13).
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli, spawnCli, waitExit } from '../../helpers/spawn-cli.js';

const HINT =
  'hint: unlock it if it is waiting for its password, set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`\n';
const KEY = 'fib_test_never_sent_0123456789abcdef';

let emu: EmulatorHandle;
let silent: Server;
const sockets = new Set<Socket>();
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'fib-silent-bus-'));
  const path = join(dir, 'bus');
  // Reads what it is sent (the D-Bus handshake), never writes a byte, never closes.
  silent = createServer((s) => {
    sockets.add(s);
    s.on('data', () => {});
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(path, resolve));
  const { FIBONACCI_API_KEY: _owner, ...rest } = emu.env;
  env = {
    ...rest,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${path}`,
  };
}, 90_000);
afterAll(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await emu?.stop();
});

describe('a session bus that never answers', () => {
  it.each([
    [['secret', 'list'], 'reading the key'],
    [['auth', 'status'], 'reading the key'],
    [['auth', 'token'], 'reading the key'],
    [['auth', 'logout'], 'removing the key'],
  ])('%j ends within the read bound: one error line, the hint, exit 4', async (args, what) => {
    const before = emu.accessLog().length;
    const start = Date.now();
    const r = await runCli(args, { env, timeoutMs: 15_000 });
    expect(Date.now() - start).toBeLessThan(8_000);
    expect(r).toEqual({
      code: 4,
      stdout: '',
      stderr: `error: the system keychain did not answer: ${what} took longer than 3s\n${HINT}`,
    });
    expect(emu.accessLog().length).toBe(before);
  });

  it('auth login --with-token says so before the key is sent, exit 3 (nowhere to keep the key is local setup)', async () => {
    const before = emu.accessLog().length;
    const r = await runCli(['auth', 'login', '--with-token'], { env, input: KEY, timeoutMs: 15_000 });
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: the system keychain did not answer: reaching the Secret Service took longer than 3s\n${HINT}`,
    });
    expect(emu.accessLog().length).toBe(before);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s ends the wait at once (exit %i)', async (signal, code) => {
    const proc = spawnCli(['secret', 'list'], env);
    proc.child.stdin.end();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const sent = Date.now();
    proc.child.kill(signal);
    expect(await waitExit(proc, `secret list (${signal})`, 10_000)).toBe(code);
    expect(Date.now() - sent).toBeLessThan(1_500);
    expect(proc.stdout()).toBe('');
  });
});
