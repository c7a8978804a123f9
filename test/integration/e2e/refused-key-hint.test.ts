// A key the server refuses (401), through the built CLI and the real emulator: the hint names the
// remedy for where the key came from. While FIBONACCI_API_KEY is set a login changes nothing (the
// variable wins), so the hint names only the variable; a stored key is replaced by `auth login` for
// the same server. Asserted over several commands, since the hint is made in one place for all.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  dir = tempDir('fib-refused-');
  writeFileSync(
    join(dir, 'wf.yaml'),
    'name: w\nnodes:\n  - id: a\n    type: tool\n    db: "{{secrets.DB_URL}}"\n',
  );
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const conn = () => ({ FIBONACCI_BASE_URL: emu.url, FIBONACCI_CA_CERT: emu.caCertPath });

/** The owner key with its last character changed: well-formed, refused by the server (401). */
function wrongKey(): string {
  const key = emu.ownerKey;
  return `${key.slice(0, -1)}${key.at(-1) === 'a' ? 'b' : 'a'}`;
}

const COMMANDS: Array<[string, (d: string) => string[]]> = [
  ['secret list', () => ['secret', 'list']],
  ['workflow run', () => ['workflow', 'run', 'some/flow']],
  ['security check --env', (d) => ['security', 'check', join(d, 'wf.yaml'), '--env', 'production']],
];

const hintOf = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('hint: '));

describe('a refused key from FIBONACCI_API_KEY: the hint names the variable, never a login', () => {
  it.each(COMMANDS)('%s: exit 4, the variable named as the key in use', async (_name, args) => {
    const home = tempDir('fib-home-');
    const r = await runCli(args(dir), {
      env: { ...conn(), HOME: home, XDG_CONFIG_HOME: join(home, '.config'), FIBONACCI_API_KEY: wrongKey() },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*authentication failed/m);
    expect(hintOf(r.stderr)).toEqual([
      'hint: the key in use comes from FIBONACCI_API_KEY: set the variable to a current key, or unset it',
    ]);
    expect(r.stderr).not.toContain('auth login');
    expect(r.stdout + r.stderr).not.toContain(wrongKey());
  });
});

describe('a refused stored key: the hint is the login for this server', () => {
  it.each(COMMANDS)('%s: exit 4, `auth login` for this server', async (_name, args) => {
    const home = tempDir('fib-home-');
    const env = { ...conn(), HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
    const name = `stale-${Math.random().toString(36).slice(2, 8)}`;
    const made = await runCli(['auth', 'create-key', '--name', name, '--scope', 'read', '--json'], {
      env: emu.env,
    });
    const { id, key } = JSON.parse(made.stdout) as { id: string; key: string };
    const login = await runCli(['auth', 'login', '--with-token', '--insecure-storage'], {
      env,
      input: `${key}\n`,
    });
    expect(login.code).toBe(0);
    expect((await runCli(['auth', 'revoke-key', id, '--yes'], { env: emu.env })).code).toBe(0);

    const r = await runCli(args(dir), { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*authentication failed/m);
    expect(hintOf(r.stderr)).toEqual([
      // The key came from the plain-text file: the login that replaces it is the file's.
      // FIBONACCI_BASE_URL and FIBONACCI_CA_CERT (conn) are set: the login does not repeat them.
      'hint: run `fibonacci auth login --insecure-storage` with a current key',
    ]);
    expect(r.stderr).not.toContain('FIBONACCI_API_KEY');
    expect(r.stdout + r.stderr).not.toContain(key);
  });
});
