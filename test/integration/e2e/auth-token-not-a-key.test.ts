// `auth token` prints the key in use for `$(…)`: a stored value that is not a Fibonacci API key (a
// planted keychain item with terminal escapes and a header line, a plain-text key file edited, a
// FIBONACCI_API_KEY that is not a key) used to be printed, escaped, with exit 0, while `auth status`
// and every request refused it. Now every reader of the key in use makes the same refusal (one
// function, credentials.ts's refuseUnsendableKey): exit 4, nothing on stdout, the reason without the
// value. The built CLI; the keychain case against a real Secret Service (scripts/with-secret-service.sh).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretServiceSession } from '../../helpers/prerequisites.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Nothing listens here: a command that tried to send the key would fail to connect (exit 5), not 4.
const ORIGIN = 'https://127.0.0.1:9';
const PLANTED = 'fib_\x1b]0;PWN\x07\x1b[2J\r\nX-Evil: 1';
const CONTROL =
  'error: the API key in use is not a Fibonacci API key: it holds a space, a line break or a control character';
// The URL comes from FIBONACCI_BASE_URL, which the shell that runs the hint's command has too: the
// hint repeats only what came from flags (NOTLOGGED).
const storedHint = (flags = '') => `hint: run \`fibonacci auth login${flags}\` with a current key`;

function home(): Record<string, string> {
  const dir = tempDir('fib-notakey-');
  return { HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), FIBONACCI_BASE_URL: ORIGIN };
}

/** What the user sees of `auth token` and `auth status` with that environment: the same refusal. */
async function expectRefused(env: Record<string, string>, error: string, hint: string): Promise<void> {
  for (const args of [
    ['auth', 'token'],
    ['auth', 'status'],
    ['secret', 'list'],
  ]) {
    const r = await runCli(args, { env });
    expect({ args, ...r }).toEqual({ args, code: 4, stdout: '', stderr: `${error}\n${hint}\n` });
  }
}

describe('auth token refuses a stored value that is not a key, as every other reader does', () => {
  it('the plain-text key file: exit 4, nothing on stdout, the hint keeps --insecure-storage', async () => {
    const env = home();
    const dir = join(env.XDG_CONFIG_HOME as string, 'fibonacci', 'insecure-api-keys');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const id = createHash('sha256').update(ORIGIN).digest('hex').slice(0, 32);
    writeFileSync(join(dir, `${id}.json`), `${JSON.stringify({ origin: ORIGIN, key: PLANTED })}\n`, {
      mode: 0o600,
    });
    const r = await runCli(['auth', 'token'], { env });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toBe('');
    // The plain-text file's warning comes first (the key is read from it), then the one refusal.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^warning: using the key stored in plain text in /);
    expect(lines.slice(1)).toEqual([CONTROL, storedHint(' --insecure-storage')]);
    expect(r.stderr).not.toContain('PWN');
    expect(r.stderr).not.toContain('\x1b');
  });

  it('FIBONACCI_API_KEY: a control character, or no fib_, is refused the same way', async () => {
    const envHint =
      'hint: the key in use comes from FIBONACCI_API_KEY: set the variable to a current key, or unset it';
    await expectRefused({ ...home(), FIBONACCI_API_KEY: PLANTED.replace(/[\r\n]/g, '') }, CONTROL, envHint);
    await expectRefused(
      { ...home(), FIBONACCI_API_KEY: 'sk_live_51H8xKq2eZvKYlo2C9aB7cD3eF4g' },
      'error: the API key in use is not a Fibonacci API key: keys start with "fib_"',
      envHint,
    );
  });

  it.skipIf(!secretServiceSession())('a planted keychain item: exit 4, nothing on stdout', async () => {
    const session = {
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
    };
    const attrs = ['service', 'fibonacci-sdk', 'username', `api_key@${ORIGIN}`];
    const planted = spawnSync('secret-tool', ['store', '--label', 'x', ...attrs], { input: PLANTED });
    expect(planted.status, String(planted.stderr)).toBe(0);
    try {
      await expectRefused({ ...home(), ...session }, CONTROL, storedHint());
    } finally {
      spawnSync('secret-tool', ['clear', ...attrs]);
    }
  });
});
