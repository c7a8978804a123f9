// The network step over real TLS: clients bound to 127.0.0.1 and 127.0.0.2, through a trusted
// proxy (TRUSTED_PROXY_HOSTS=127.0.0.1) with X-Forwarded-For, an untrusted peer's header ignored,
// IPv6 on ::1, IPv4-mapped sockets on ::ffff:127.0.0.1, the lock-out 409, and network.blocked at
// most once a minute per address. Expectations come from the oracle, not from the server's code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleBlocked } from '../../helpers/access-oracle.js';
import { apiRequest, type KeyedClient, keyedClient } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';

interface Sent {
  status: number;
  body: unknown;
}
const clients: KeyedClient[] = [];
function client(emu: EmulatorHandle, from: string, url = emu.url) {
  const c = keyedClient(emu, { localAddress: from, url });
  clients.push(c);
  return async (method: string, path: string, opts: { xff?: string; body?: unknown } = {}): Promise<Sent> => {
    const res = await c.send(
      method,
      path,
      emu.ownerKey,
      opts.body,
      opts.xff === undefined ? {} : { 'x-forwarded-for': opts.xff },
    );
    return { status: res.status, body: res.body };
  };
}
async function policyPath(emu: EmulatorHandle): Promise<string> {
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  return `/api/v1/organizations/${(me.body as { organization_id: string }).organization_id}/access-policy`;
}
async function blockedEvents(emu: EmulatorHandle) {
  const res = await apiRequest(
    emu,
    'GET',
    '/api/v1/audit/events?event_type=network.blocked&order=asc&limit=1000',
  );
  return (
    res.body as { events: Array<{ ip_address: string; status: string; metadata: Record<string, unknown> }> }
  ).events;
}

let v4: EmulatorHandle;
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

describe('IPv4 over loopback, and through a trusted proxy', () => {
  let path = '';
  let one: ReturnType<typeof client>;
  let two: ReturnType<typeof client>;
  beforeAll(async () => {
    v4 = await startEmulator({ env: { TRUSTED_PROXY_HOSTS: '127.0.0.1' } });
    path = await policyPath(v4);
    one = client(v4, '127.0.0.1');
    two = client(v4, '127.0.0.2');
  }, 60_000);
  afterAll(async () => v4?.stop());

  it('a blocklist refuses 127.0.0.2 and not 127.0.0.1; a refused address is recorded once a minute', async () => {
    expect((await one('PUT', path, { body: { network: { ip_blocklist: ['127.0.0.2'] } } })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect(await two('GET', '/api/v1/auth/me')).toEqual({
        status: 403,
        body: { detail: "127.0.0.2 is blocked by the organization's network policy (127.0.0.2)" },
      });
    }
    expect((await one('GET', '/api/v1/auth/me')).status).toBe(200);
    const events = await blockedEvents(v4);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      ip_address: '127.0.0.2',
      status: 'denied',
      metadata: { step: 'network', decided_by: 'network.ip_blocklist."127.0.0.2"' },
    });
  });

  it('0.0.0.0/0 blocks every IPv4 address not allowlisted; X-Forwarded-For counts only from the trusted proxy', async () => {
    const policy = {
      network: {
        ip_allowlist: ['127.0.0.1', '198.51.100.0/24', '2001:db8::/32'],
        ip_blocklist: ['0.0.0.0/0', '::/0'],
      },
    };
    expect((await one('PUT', path, { body: policy })).status).toBe(200);
    const cases: Array<[ReturnType<typeof client>, string, string | undefined, string]> = [
      [one, '127.0.0.1', undefined, '127.0.0.1'],
      [two, '127.0.0.2', undefined, '127.0.0.2'],
      // From the trusted proxy: the right-most entry that is not itself a trusted proxy.
      [one, '127.0.0.1', '198.51.100.7', '198.51.100.7'],
      [one, '127.0.0.1', '203.0.113.9', '203.0.113.9'],
      [one, '127.0.0.1', '203.0.113.9, 198.51.100.7', '198.51.100.7'],
      [one, '127.0.0.1', '198.51.100.7, 203.0.113.9', '203.0.113.9'],
      [one, '127.0.0.1', '198.51.100.7, 127.0.0.1', '198.51.100.7'],
      [one, '127.0.0.1', '::ffff:198.51.100.7', '198.51.100.7'],
      [one, '127.0.0.1', '::ffff:cb00:7109', '203.0.113.9'],
      [one, '127.0.0.1', '2001:db8::5', '2001:db8::5'],
      [one, '127.0.0.1', '2001:db9::5', '2001:db9::5'],
      [one, '127.0.0.1', 'unknown', 'unknown'],
      // From an untrusted peer the header is ignored: 127.0.0.2 is judged, not what it claims.
      [two, '127.0.0.2', '198.51.100.7', '127.0.0.2'],
    ];
    const failures: string[] = [];
    let refused = 0;
    for (const [send, from, xff, judged] of cases) {
      const res = await send('GET', '/api/v1/auth/me', { xff });
      const blocked = oracleBlocked(policy, judged);
      if (blocked) refused++;
      if (res.status !== (blocked ? 403 : 200))
        failures.push(`${from} xff=${xff}: want ${blocked ? 403 : 200}, got ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(5);
  });

  it('refuses a policy that would block the caller’s own address (409 naming it), via the proxy too', async () => {
    const before = (await one('GET', path)).body as { version: number };
    expect(await one('PUT', path, { body: { network: { ip_blocklist: ['127.0.0.0/8'] } } })).toEqual({
      status: 409,
      body: {
        detail:
          'this policy\'s network rules would block your own address 127.0.0.1 (network.ip_blocklist."127.0.0.0/8"): add it to ip_allowlist',
      },
    });
    const proxied = await one('PUT', path, {
      xff: '198.51.100.7',
      body: { network: { ip_allowlist: ['127.0.0.1'], ip_blocklist: ['198.51.100.0/24'] } },
    });
    expect(proxied.status).toBe(409);
    expect(JSON.stringify(proxied.body)).toContain('your own address 198.51.100.7');
    expect(((await one('GET', path)).body as { version: number }).version).toBe(before.version);
  });
});

describe('IPv6 on ::1, and IPv4-mapped sockets', () => {
  it('decides ::1 by IPv6 rules only; ::/0 locks it out (409), 0.0.0.0/0 does not', async () => {
    const v6 = await startEmulator({ args: ['--host', '::1'], env: { TRUSTED_PROXY_HOSTS: '::1' } });
    try {
      expect(v6.url).toMatch(/^https:\/\/\[::1\]:\d+$/);
      const path = await policyPath(v6);
      const send = client(v6, '::1');
      expect((await send('PUT', path, { body: { network: { ip_blocklist: ['0.0.0.0/0'] } } })).status).toBe(
        200,
      );
      expect((await send('GET', '/api/v1/auth/me')).status).toBe(200);
      const lockout = await send('PUT', path, { body: { network: { ip_blocklist: ['::/0'] } } });
      expect(lockout.status).toBe(409);
      expect(JSON.stringify(lockout.body)).toContain(
        'your own address ::1 (network.ip_blocklist.\\"::/0\\")',
      );
      const policy = { network: { ip_allowlist: ['::1', '2001:db8::/32'], ip_blocklist: ['::/0'] } };
      expect((await send('PUT', path, { body: policy })).status).toBe(200);
      expect((await send('GET', '/api/v1/auth/me', { xff: '2001:db8:1::1' })).status).toBe(200);
      expect((await send('GET', '/api/v1/auth/me', { xff: '2001:db9::1' })).status).toBe(403);
      expect((await send('GET', '/api/v1/auth/me', { xff: '192.0.2.1' })).status).toBe(200); // IPv4: no IPv4 rule
      expect((await blockedEvents(v6)).map((e) => e.ip_address)).toEqual(['2001:db9::1']);
    } finally {
      await v6.stop();
    }
  });

  it('an IPv4-mapped peer (::ffff:127.0.0.2) is matched as 127.0.0.2', async () => {
    const mapped = await startEmulator({ args: ['--host', '::ffff:127.0.0.1'] });
    try {
      // The certificate names 127.0.0.1; an IPv4 client reaches the mapped socket there.
      const url = `https://127.0.0.1:${mapped.port}`;
      const path = await policyPath({ ...mapped, url });
      const one = client(mapped, '127.0.0.1', url);
      const two = client(mapped, '127.0.0.2', url);
      const put = await one('PUT', path, {
        body: { network: { ip_allowlist: ['127.0.0.1'], ip_blocklist: ['127.0.0.2/32'] } },
      });
      expect(put.status).toBe(200);
      expect((await one('GET', '/api/v1/auth/me')).status).toBe(200);
      expect(await two('GET', '/api/v1/auth/me')).toMatchObject({
        status: 403,
        body: { detail: "127.0.0.2 is blocked by the organization's network policy (127.0.0.2/32)" },
      });
    } finally {
      await mapped.stop();
    }
  });
});
