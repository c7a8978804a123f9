// UX pass 14 (C-HINT): an API URL with a path (`--api-url https://host/api/v1`, copied from the API
// docs) doubles the prefix the CLI adds itself. Every request is then a 404 the server gives for a
// path it does not serve, and the CLI said "no such secret SHORT" (exit 12) of a secret that exists,
// or "not found: Not Found", naming neither the URL nor what to change. Now: a usage error (exit 2)
// that names the origin and the path, and the --api-url to give instead; the secret is untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator();
  const set = await runCli(['secret', 'set', 'SHORT', '--value', 'v'], { env: emu.env });
  expect(set.code, set.stderr).toBe(0);
}, 60_000);
afterAll(stopAllEmulators);

const hint = (origin: string) =>
  `hint: the CLI adds /api/v1 itself: give the origin alone, --api-url ${origin} (or FIBONACCI_BASE_URL)\n`;

describe('an API URL with a path', () => {
  it('secret delete of an existing secret is not "no such secret": the URL is named, exit 2', async () => {
    const r = await runCli(['secret', 'delete', 'SHORT', '--yes', '--api-url', `${emu.url}/api/v1`], {
      env: emu.env,
    });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: ${emu.url.replace(/\./g, '\\.')} serves no /api/v1/api/v1/secrets/SHORT \\(404\\): the API URL has the path /api/v1 \\(request req_\\w+\\)\\n`,
      ),
    );
    expect(r.stderr).not.toMatch(/no such secret/);
    expect(r.stderr.endsWith(hint(emu.url))).toBe(true);
    expect(r.code).toBe(2);
    // Nothing was deleted: the secret is still there.
    const list = await runCli(['secret', 'list'], { env: emu.env });
    expect(list.stdout).toMatch(/^SHORT\t/);
  });

  it('auth status and secret list say the same, with a trailing slash or a shorter path', async () => {
    for (const [argv, path, prefix] of [
      [['auth', 'status', '--api-url', `${emu.url}/api/v1/`], '/api/v1/api/v1/auth/me', '/api/v1'],
      [['secret', 'list', '--api-url', `${emu.url}/api`], '/api/api/v1/secrets', '/api'],
    ] as const) {
      const r = await runCli([...argv], { env: emu.env });
      expect(r.stderr, argv.join(' ')).toContain(
        `error: ${emu.url} serves no ${path} (404): the API URL has the path ${prefix} (request `,
      );
      expect(r.stderr.endsWith(hint(emu.url)), r.stderr).toBe(true);
      expect(r.code, argv.join(' ')).toBe(2);
    }
  });

  it('a secret that does not exist, at the right URL, is still "no such secret" (exit 12)', async () => {
    const r = await runCli(['secret', 'delete', 'NOPE', '--yes'], { env: emu.env });
    expect(r.stderr).toMatch(/^error: no such secret NOPE in shared \(request req_\w+\)\n/);
    expect(r.code).toBe(12);
  });
});
