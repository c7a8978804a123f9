// The CLI and the emulator under injected network faults (test/helpers/fault-proxy.ts between them):
// a reset or cut-short response and a latency spike are retried for GET and PUT; a stall ends at the
// timeout; a POST is retried only when none of it was sent (a refused connection, a handshake reset),
// never once it may have reached the server; every failure exits 7 with one error line and no success.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { type FaultPlan, type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { freePort } from '../helpers/servers.js';
import { runCli, spawnCli, waitExit } from '../helpers/spawn-cli.js';
import { storedOnly } from '../helpers/status-stored.js';
import { tempDir } from '../helpers/temp-dir.js';

let emu: EmulatorHandle;
let proxy: FaultProxy;
let def: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  proxy = await startFaultProxy(emu.port);
  def = join(tempDir(), 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'a', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
}, 90_000);
afterAll(async () => {
  await proxy?.close();
  await emu?.stop();
});

/** How many `method path` attempts the emulator has answered (query included in `path`). */
function served(method: string, path: string): number {
  return emu.accessLog().filter((l) => l.method === method && l.url === path).length;
}

/**
 * served() once the emulator's log has caught up: its lines reach this process through a pipe, and
 * on a loaded host the CLI can exit before the line of the request it made has arrived. Waits (at
 * most 10 s) until at least `atLeast` more than `before` are in, then answers the count.
 */
async function servedSince(method: string, path: string, before: number, atLeast: number): Promise<number> {
  for (let i = 0; i < 200 && served(method, path) - before < atLeast; i++)
    await new Promise((r) => setTimeout(r, 50));
  return served(method, path) - before;
}

/** Run the CLI through the proxy with `plan` (request numbers counted from this run's first). */
async function through(args: string[], plan: FaultPlan, extra: Record<string, string> = {}, input?: string) {
  const base = proxy.requests;
  proxy.setPlan((n, c) => plan(n - base, c));
  const started = Date.now();
  const env = { ...emu.env, FIBONACCI_BASE_URL: proxy.url, ...extra };
  const r = await runCli(args, { env, ...(input === undefined ? {} : { input }) });
  const seen = proxy.requests - base;
  proxy.setPlan(() => undefined);
  return { ...r, seen, ms: Date.now() - started };
}

const ONE_ERROR = /^error: [^\n]+\n(hint: [^\n]+\n)?$/;

describe('idempotent requests survive transient faults', () => {
  for (const mode of ['reset', 'cut'] as const) {
    it(`GET retried after a ${mode} mid-response, each wait announced`, async () => {
      const before = served('GET', '/api/v1/secrets');
      const r = await through(['secret', 'list', '--json'], (n) => (n <= 2 ? { mode } : undefined));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(
        r.stderr.match(/^retrying in [\d.]+s: connection (reset|closed) \(attempt \d of 4\)$/gm),
      ).toHaveLength(2);
      expect(r.seen).toBe(3);
      expect(await servedSince('GET', '/api/v1/secrets', before, 3)).toBe(3);
    });
  }

  it('PUT retried after a reset; the value is stored and readable', async () => {
    const r = await through(
      ['secret', 'set', 'FAULT_PUT'],
      (n) => (n === 1 ? { mode: 'reset' } : undefined),
      {},
      'v1\n',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^retrying in [\d.]+s: connection (reset|closed) \(attempt 2 of 4\)$/m);
    // The reset hit after the server stored version 1, so the retry stored version 2: a PUT repeats
    // the same value, which is why it may be retried.
    const meta = await apiRequest(emu, 'GET', '/api/v1/secrets/FAULT_PUT');
    expect(meta).toMatchObject({ status: 200, body: { name: 'FAULT_PUT', version: 2 } });
  });

  it('a latency spike under the timeout is no failure and no retry', async () => {
    const r = await through(
      ['auth', 'status'],
      (n) => (n === 1 ? { mode: 'latency', ms: 1500 } : undefined),
      {
        FIBONACCI_TIMEOUT: '10',
      },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/retrying/);
    expect(r.ms).toBeGreaterThanOrEqual(1500);
  });

  it('a latency spike over the timeout is retried once, then succeeds', async () => {
    const r = await through(
      ['auth', 'status'],
      (n) => (n === 1 ? { mode: 'latency', ms: 4000 } : undefined),
      {
        FIBONACCI_TIMEOUT: '1',
      },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^retrying in [\d.]+s: timed out \(attempt 2 of 4\)$/m);
  });
});

describe('faults that do not go away end with exit 7, never a hang or a success', () => {
  it('a stalled socket ends at the timeout with exit 7', async () => {
    const r = await through(['auth', 'status'], () => ({ mode: 'stall' }), {
      FIBONACCI_TIMEOUT: '1',
      FIBONACCI_MAX_RETRIES: '1',
    });
    expect(r.code).toBe(7);
    // auth status says what is stored when the server could not be asked (the key masked).
    expect(r.stdout).toBe(storedOnly(proxy.url, emu.env.FIBONACCI_API_KEY ?? ''));
    expect(r.stderr).toMatch(
      /^retrying in [\d.]+s: timed out \(attempt 2 of 2\)\nerror: no response from 127\.0\.0\.1:\d+ within 1s\n/,
    );
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a PUT reset on every attempt exits 7 after the retry budget', async () => {
    const r = await through(
      ['secret', 'set', 'FAULT_ALWAYS'],
      () => ({ mode: 'reset' }),
      { FIBONACCI_MAX_RETRIES: '2' },
      'v',
    );
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.seen).toBe(3);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('retrying'))).toHaveLength(2);
    expect(r.stderr.replace(/^retrying.*\n/gm, '')).toMatch(ONE_ERROR);
  });

  for (const mode of ['reset', 'cut'] as const) {
    it(`a POST hit by a ${mode} is never retried and never reported as done`, async () => {
      const before = served('POST', '/api/v1/workflows');
      const r = await through(['workflow', 'create', `fault/${mode}`, '--file', def], () => ({ mode }));
      expect(r.code).toBe(7);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/retrying/);
      expect(r.stderr).toMatch(ONE_ERROR);
      expect(r.seen).toBe(1);
      expect(await servedSince('POST', '/api/v1/workflows', before, 1)).toBe(1);
    });
  }

  it('a POST over a stalled socket times out once (exit 7), not retried', async () => {
    const before = served('POST', '/api/v1/api-keys');
    const r = await through(
      ['auth', 'create-key', '--name', 'stalled', '--scope', 'read'],
      () => ({ mode: 'stall' }),
      {
        FIBONACCI_TIMEOUT: '1',
      },
    );
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(ONE_ERROR);
    expect(r.seen).toBe(1);
    expect(await servedSince('POST', '/api/v1/api-keys', before, 1)).toBe(1);
  });
});

describe('a POST is sent again only when none of it can have reached the server', () => {
  it('refused, then retried once the port listens: created once, each wait announced', async () => {
    const port = await freePort();
    const before = served('POST', '/api/v1/workflows');
    const env = { ...emu.env, FIBONACCI_BASE_URL: `https://127.0.0.1:${port}`, FIBONACCI_MAX_RETRIES: '6' };
    const cli = spawnCli(['workflow', 'create', 'fault/refused', '--file', def], env);
    cli.child.stdin.end();
    // Nothing listens until the CLI has been refused and said it will try again.
    while (!/^retrying in /m.test(cli.stderr())) {
      expect(cli.child.exitCode, cli.stderr()).toBeNull();
      await new Promise((r) => setTimeout(r, 20));
    }
    const late = await startFaultProxy(emu.port, undefined, { port });
    try {
      const code = await waitExit(cli, 'workflow create', 60_000);
      expect(code, cli.stderr()).toBe(0);
      expect(cli.stdout()).toMatch(/^wf_\w+\n$/);
      const waits = cli.stderr().match(/^retrying in .*$/gm) ?? [];
      expect(waits[0]).toMatch(/^retrying in [\d.]+s: connection refused \(attempt 2 of 7\)$/);
      // Under load a second refusal may come before the proxy listens; never another reason.
      for (const w of waits) expect(w).toMatch(/: connection refused \(attempt \d of 7\)$/);
      expect(cli.stderr().replace(/^retrying in .*\n/gm, '')).not.toMatch(/error/);
      expect(late.requests).toBe(1);
      expect(await servedSince('POST', '/api/v1/workflows', before, 1)).toBe(1);
      const listed = await apiRequest(emu, 'GET', '/api/v1/workflows');
      const names = (listed.body as Array<{ name: string }>).map((w) => w.name);
      expect(names.filter((n) => n === 'fault/refused')).toHaveLength(1);
    } finally {
      await late.close();
    }
  });

  it('reset during the TLS handshake (nothing sent) is retried and lands once', async () => {
    const resetting = await startFaultProxy(emu.port, undefined, { resetConnections: (n) => n === 1 });
    try {
      const before = served('POST', '/api/v1/api-keys');
      const r = await runCli(['auth', 'create-key', '--name', 'after-reset', '--scope', 'read', '--plain'], {
        env: { ...emu.env, FIBONACCI_BASE_URL: resetting.url },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^fib_test_\w+\n$/);
      expect(r.stderr).toMatch(/^retrying in [\d.]+s: connection (reset|closed) \(attempt 2 of 4\)$/m);
      // The reset one and the POST's (create-key's duplicate-name check after it may take a third).
      expect(resetting.connections).toBeGreaterThanOrEqual(2);
      expect(resetting.connections).toBeLessThanOrEqual(3);
      expect(await servedSince('POST', '/api/v1/api-keys', before, 1)).toBe(1);
    } finally {
      await resetting.close();
    }
  });
});
