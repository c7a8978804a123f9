// A proxy the CLI cannot reach, or a proxy variable that is no URL, is reported as the proxy's
// fault and names the variable to fix: undici reports a refused proxy as it reports the API server,
// so the CLI said the API refused and pointed at --api-url, and a malformed HTTPS_PROXY gave a bare
// "Invalid URL" TypeError. The proxy's password never appears, in the error nor under --debug.
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { freePort } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { storedOnly } from '../../helpers/status-stored.js';

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
        stdout: storedOnly(emu.url, emu.env.FIBONACCI_API_KEY ?? ''),
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

/** A proxy on 127.0.0.1 that answers each CONNECT with `answer`, or never (undefined). */
async function tunnelProxy(answer: string | undefined): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('data', () => {
      if (answer !== undefined) s.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// hostile pass 14, H14b-6: undici's "Proxy response (407) !== 200 when HTTP Tunneling" named neither
// the proxy nor its variable; a proxy that took the CONNECT and never answered held the CLI for
// undici's 300 s (the attempt's deadline fired, then close() waited for the CONNECT).
describe('a proxy that refuses or never opens the tunnel', () => {
  it('407: the proxy and its variable are named, never the password in it, exit 7', async () => {
    const proxy = await tunnelProxy(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
    );
    try {
      const r = await status({ HTTPS_PROXY: `http://puser:${PASSWORD}@127.0.0.1:${proxy.port}` });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 7,
        stdout: storedOnly(emu.url, emu.env.FIBONACCI_API_KEY ?? ''),
        stderr: [
          `error: the proxy http://127.0.0.1:${proxy.port} (HTTPS_PROXY) asked for authentication (407 Proxy Authentication Required)`,
          "hint: give the proxy's user and password in HTTPS_PROXY (http://user:password@host:port), or check them if it holds some",
          '',
        ].join('\n'),
      });
      const debug = await status({ HTTPS_PROXY: `http://puser:${PASSWORD}@127.0.0.1:${proxy.port}` }, [
        '--debug',
      ]);
      expect(debug.stderr).not.toContain(PASSWORD);
    } finally {
      await proxy.close();
    }
  });

  it('another status (403): the proxy named with what it answered, exit 7', async () => {
    const proxy = await tunnelProxy('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    try {
      const r = await status({ https_proxy: `http://127.0.0.1:${proxy.port}` });
      expect({ code: r.code, stderr: r.stderr.split('\n')[0] }).toEqual({
        code: 7,
        stderr: `error: the proxy http://127.0.0.1:${proxy.port} (https_proxy) refused the tunnel to ${new URL(emu.url).host}: it answered 403`,
      });
    } finally {
      await proxy.close();
    }
  });

  it('a CONNECT never answered ends at --timeout, naming the proxy, exit 7', async () => {
    const proxy = await tunnelProxy(undefined);
    try {
      const started = Date.now();
      const r = await status({ HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }, ['--timeout', '2']);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 7,
        stdout: storedOnly(emu.url, emu.env.FIBONACCI_API_KEY ?? ''),
        stderr: [
          `error: the proxy http://127.0.0.1:${proxy.port} (HTTPS_PROXY) accepted the connection but did not open the tunnel to ${new URL(emu.url).host} within 2s`,
          'hint: check HTTPS_PROXY and the proxy; NO_PROXY lists the hosts reached without it; --timeout (FIBONACCI_TIMEOUT) sets the limit',
          '',
        ].join('\n'),
      });
    } finally {
      await proxy.close();
    }
  }, 30_000);
});
