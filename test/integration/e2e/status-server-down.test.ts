// UX pass 14 (C-STATUS): `auth status` with the emulator stopped printed only "error: cannot connect
// to 127.0.0.1:PORT: connection refused" (exit 7): nothing of what IS stored (the origin, where the
// key comes from, the key masked), which is what a user asks status to find out while the server
// is down. Now the stored part is printed as the full status prints it (stdout; JSON with the
// server's fields null), then the same error and exit 7; the key itself never appears.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let fileEnv: Record<string, string>;
let fileKey = '';

beforeAll(async () => {
  emu = await startEmulator();
  const home = tempDir('fib-status-down-');
  fileEnv = {
    FIBONACCI_BASE_URL: emu.url,
    FIBONACCI_CA_CERT: emu.caCertPath,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    NO_COLOR: '1',
  };
  const made = await runCli(['auth', 'create-key', '--name', 'laptop', '--scope', 'read', '--json'], {
    env: emu.env,
  });
  fileKey = (JSON.parse(made.stdout) as { key: string }).key;
  const login = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
    env: fileEnv,
    input: `${fileKey}\n`,
  });
  expect(login.code, login.stderr).toBe(0);
  await emu.stop();
}, 90_000);
afterAll(stopAllEmulators);

const masked = (key: string) => `${key.slice(0, 7)}…${key.slice(-3)}`;
const refused = (port: number) => `error: cannot connect to 127.0.0.1:${port}: connection refused\n`;

describe('auth status while the server is down', () => {
  it('a stored key: the origin, its source and the key masked, then the error, exit 7', async () => {
    const r = await runCli(['auth', 'status', '--retries', '0'], { env: fileEnv });
    const [first, mark, source, key, ...rest] = r.stdout.split('\n');
    expect(first).toBe(emu.url);
    expect(mark).toBe('  ✗ Not checked with the server (the error below says why)');
    expect(source).toMatch(new RegExp(`^  Source: +the plain-text file .* \\(key for ${emu.url}\\)$`));
    expect(key).toBe(`  Key:        ${masked(fileKey)}`);
    expect(rest).toEqual(['']);
    expect(r.stderr).toContain(refused(emu.port));
    expect(r.stdout + r.stderr).not.toContain(fileKey);
    expect(r.code).toBe(7);
  });

  it('--json: one document, the stored fields set and the server fields null, exit 7', async () => {
    const r = await runCli(['auth', 'status', '--json', '--retries', '0'], {
      env: { ...fileEnv, FIBONACCI_API_KEY: fileKey },
    });
    expect(JSON.parse(r.stdout)).toEqual({
      api_url: emu.url,
      origin: emu.url,
      key_origin: null,
      source: 'environment',
      key: masked(fileKey),
      key_id: null,
      key_name: null,
      user_id: null,
      organization_id: null,
      role: null,
      scopes: null,
      workflows: null,
      created_at: null,
      expires_at: null,
    });
    expect(r.stderr).toContain(refused(emu.port));
    expect(r.stdout + r.stderr).not.toContain(fileKey);
    expect(r.code).toBe(7);
  });
});
