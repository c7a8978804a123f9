// A proxy the CLI cannot reach, or a proxy variable that is no URL, is reported as the proxy's
// fault and names the variable to fix: undici reports a refused proxy as it reports the API server,
// so the CLI said the API refused and pointed at --api-url, and a malformed HTTPS_PROXY gave a bare
// "Invalid URL" TypeError. The proxy's password never appears, in the error nor under --debug.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { freePort } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';

const PASSWORD = `${'Proxy'}Passw0rd${'XYZ'}`;
let emu: EmulatorHandle;
let dead: number;
beforeAll(async () => {
  emu = await startEmulator();
  dead = await freePort();
});
afterAll(async () => {
  await emu?.stop();
});

const status = (env: Record<string, string>, args: string[] = []) =>
  runCli([...args, 'auth', 'status'], { env: { ...emu.env, FIBONACCI_MAX_RETRIES: '0', ...env } });

describe('a proxy the CLI cannot use', () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])(
    '%s refusing: the proxy is named, not the API, exit 7',
    async (name) => {
      const r = await status({ [name]: `http://puser:${PASSWORD}@127.0.0.1:${dead}` });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 7,
        stdout: '',
        stderr: [
          `error: cannot connect to the proxy http://127.0.0.1:${dead} (${name}): connection refused`,
          `hint: check ${name}, and that the proxy is running; NO_PROXY lists the hosts reached without it`,
          '',
        ].join('\n'),
      });
    },
  );

  it('under --debug the failed attempt names the proxy too, and never its password', async () => {
    const r = await status({ HTTPS_PROXY: `http://puser:${PASSWORD}@127.0.0.1:${dead}` }, ['--debug']);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /^debug: ← failed after .*cannot connect to the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\)/m,
    );
    expect(r.stderr).not.toContain(PASSWORD);
    expect(r.stderr).not.toContain('puser');
  });

  it('the control: NO_PROXY naming the API host reaches it directly, the dead proxy unused', async () => {
    const r = await status({ HTTPS_PROXY: `http://127.0.0.1:${dead}`, NO_PROXY: '127.0.0.1' });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it.each([
    `http://puser:${PASSWORD}@127.0.0.1:notaport`,
    `socks9://puser:${PASSWORD}@127.0.0.1:1080`,
    `puser:${PASSWORD}@proxy`,
  ])('HTTPS_PROXY=%s: one config error naming the variable, not its value, exit 3', async (value) => {
    const r = await status({ HTTPS_PROXY: value });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 3,
      stdout: '',
      stderr: [
        'error: HTTPS_PROXY is not a proxy URL (http://host:port or https://host:port)',
        'hint: fix or unset HTTPS_PROXY; NO_PROXY lists the hosts reached without it',
        '',
      ].join('\n'),
    });
  });
});
