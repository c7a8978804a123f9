// A key the CLI read from the plain-text file (--insecure-storage) that the server refuses or the CLI
// will not send: the hint is the login that replaces THAT key, `auth login --insecure-storage …`;
// the hinted command, run as printed with a current key, logs in (without --insecure-storage it
// would try the system keychain instead). The built CLI against the real emulator.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const hintOf = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('hint: '));
// The URL and the CA come from the environment (fileLogin): the login does not repeat them.
const expected = () => 'hint: run `fibonacci auth login --insecure-storage` with a current key';

async function newKey(): Promise<{ id: string; key: string }> {
  const name = `file-${Math.random().toString(36).slice(2, 8)}`;
  const made = await runCli(['auth', 'create-key', '--name', name, '--scope', 'read', '--json'], {
    env: emu.env,
  });
  return JSON.parse(made.stdout) as { id: string; key: string };
}

/** A home whose plain-text file holds a new key for the emulator. */
async function fileLogin(): Promise<{ env: Record<string, string>; id: string; key: string }> {
  const home = tempDir('fib-filekey-');
  const env = {
    FIBONACCI_BASE_URL: emu.url,
    FIBONACCI_CA_CERT: emu.caCertPath,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
  };
  const { id, key } = await newKey();
  const login = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
    env,
    input: `${key}\n`,
  });
  expect(login.code, login.stderr).toBe(0);
  return { env, id, key };
}

describe('a refused key from the plain-text file: the hint keeps --insecure-storage', () => {
  it('revoked: exit 4, the hint names --insecure-storage, and the hinted login works', async () => {
    const { env, id, key } = await fileLogin();
    expect((await runCli(['auth', 'revoke-key', id, '--yes'], { env: emu.env })).code).toBe(0);
    const r = await runCli(['secret', 'list'], { env });
    expect(r.code).toBe(4);
    expect(hintOf(r.stderr)).toEqual([expected()]);
    expect(r.stdout + r.stderr).not.toContain(key);

    const status = await runCli(['auth', 'status'], { env });
    expect(status.code).toBe(4);
    expect(status.stderr).toContain('`fibonacci auth login --insecure-storage`');

    // The hinted command as printed (its words after `fibonacci`), with a current key.
    const words = expected().split('`')[1]?.split(' ').slice(1) ?? [];
    const fresh = await newKey();
    const again = await runCli([...words, '--with-token'], { env, input: `${fresh.key}\n` });
    expect(again.code, again.stderr).toBe(0);
    expect((await runCli(['secret', 'list'], { env })).code).toBe(0);
  });

  it('unsendable (a space in the stored key): the same hint, the key never repeated', async () => {
    const { env } = await fileLogin();
    const dir = join(env.XDG_CONFIG_HOME as string, 'fibonacci', 'insecure-api-keys');
    const file = join(dir, readdirSync(dir)[0] as string);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { origin: string; key: string };
    const broken = `${stored.key.slice(0, 12)} ${stored.key.slice(12)}`;
    writeFileSync(file, `${JSON.stringify({ ...stored, key: broken })}\n`, { mode: 0o600 });
    const r = await runCli(['secret', 'list'], { env });
    expect(r.code).toBe(4);
    expect(hintOf(r.stderr)).toEqual([expected()]);
    expect(r.stdout + r.stderr).not.toContain(stored.key.slice(12));
  });
});
