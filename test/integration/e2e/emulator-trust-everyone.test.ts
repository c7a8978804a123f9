// TRUSTED_PROXY_HOSTS=0.0.0.0/0 (or ::/0) crashed `emulator start` (hostile pass 14, H14c-6):
// Fastify's proxy-addr refuses a prefix of 0, and the start ended in "error: invalid range on
// address", exit 1. Trusting every peer lets any client choose the address the network rules judge
// and the audit log records, so it is a hardening finding from lib/server-rules.ts: fatal in
// production (one error line, its hint, exit 3 like every settings refusal), a warning elsewhere,
// where the value is honoured; `security check` says the same of a production .env. Built CLI.
// The list is judged as a whole (hostile pass, H-X1): `0.0.0.0/1,128.0.0.0/1` and `::ffff:0.0.0.0/96`
// (every IPv4-mapped address) trust everyone as `/0` does and started in production, with the
// client's X-Forwarded-For recorded; a range wider than any proxy list needs (IPv4 wider than /8,
// IPv6 wider than /7) is the same hardening finding.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

afterAll(stopAllEmulators);

const SECRET = 'c83e1f5a07d29b4e6fa1c0d8b3725e9a';
const why = (value: string) =>
  `TRUSTED_PROXY_HOSTS=${value} trusts every client's X-Forwarded-For: any client can choose the address ip_allowlist judges and the audit log records; list only your load balancers' IPs or CIDR ranges`;

const tooWide = (value: string) =>
  `TRUSTED_PROXY_HOSTS=${value} is wider than any proxy list needs (an IPv4 range wider than /8, an IPv6 one wider than /7): the clients in it can choose the address ip_allowlist judges and the audit log records; list only your load balancers' IPs or CIDR ranges`;

describe('TRUSTED_PROXY_HOSTS that trusts every address', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::/0', '::/0'],
    ['10.0.0.1, 10.0.0.0/00', '10.0.0.0/00'],
    ['0.0.0.0/1,128.0.0.0/1', '0.0.0.0/1, 128.0.0.0/1'],
    ['::ffff:0.0.0.0/96', '::ffff:0.0.0.0/96'],
    ['10.0.0.1,::/8', '::/8'],
  ])('production: %s is refused in words, exit 3', async (value, shown) => {
    const dataDir = join(tempDir('fib-trust-all-'), 'data');
    const r = await runCli(['emulator', 'start', '--port', '0', '--data-dir', dataDir], {
      env: { APP_ENV: 'production', SESSION_SECRET_KEY: SECRET, TRUSTED_PROXY_HOSTS: value },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: ${why(shown)}\nhint: the emulator refused to start (APP_ENV=production): fix the setting above in the environment or the --env-file\n`,
    );
  });

  it('production: a range wider than a proxy list needs is refused in words, exit 3', async () => {
    const dataDir = join(tempDir('fib-trust-all-'), 'data');
    const r = await runCli(['emulator', 'start', '--port', '0', '--data-dir', dataDir], {
      env: { APP_ENV: 'production', SESSION_SECRET_KEY: SECRET, TRUSTED_PROXY_HOSTS: '10.0.0.0/8,0.0.0.0/1' },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: ${tooWide('0.0.0.0/1')}\nhint: the emulator refused to start (APP_ENV=production): fix the setting above in the environment or the --env-file\n`,
    );
  });

  it('production: private proxy ranges start, and X-Forwarded-For from a peer outside them is not believed', async () => {
    const emu = await startEmulator({
      env: {
        APP_ENV: 'production',
        SESSION_SECRET_KEY: SECRET,
        TRUSTED_PROXY_HOSTS: '10.0.0.0/8,172.16.0.0/12,fc00::/7',
      },
    });
    expect(emu.stderr()).toBe('');
    const res = await apiRequest(emu, 'GET', '/api/v1/auth/me', {
      key: 'fib_test_notarealkeynotarealkey',
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expect(res.status).toBe(401);
    expect(await emu.stop()).toBe(0);
    const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT ip_address FROM audit_events WHERE event_type = 'auth.failed'").all();
      expect(rows).toEqual([{ ip_address: '127.0.0.1' }]);
    } finally {
      db.close();
    }
  });

  it('development: 0.0.0.0/0 starts with a warning, and X-Forwarded-For is believed from any peer', async () => {
    const emu = await startEmulator({ env: { TRUSTED_PROXY_HOSTS: '0.0.0.0/0' } });
    expect(emu.stderr()).toBe(`warning: ${why('0.0.0.0/0')}\n`);
    const res = await apiRequest(emu, 'GET', '/api/v1/auth/me', {
      key: 'fib_test_notarealkeynotarealkey',
      headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' },
    });
    expect(res.status).toBe(401);
    expect(await emu.stop()).toBe(0);
    const db = new Database(join(emu.dataDir, 'emulator.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT ip_address FROM audit_events WHERE event_type = 'auth.failed'").all();
      // Every hop is trusted: the left-most address is the client's.
      expect(rows).toEqual([{ ip_address: '198.51.100.1' }]);
    } finally {
      db.close();
    }
  });

  it('development: ::/0 starts with a warning', async () => {
    const emu = await startEmulator({ env: { TRUSTED_PROXY_HOSTS: '::/0' } });
    expect(emu.stderr()).toBe(`warning: ${why('::/0')}\n`);
    expect(await emu.stop()).toBe(0);
  });

  it.each([
    ['0.0.0.0/0', why('0.0.0.0/0')],
    ['0.0.0.0/1,128.0.0.0/1', why('0.0.0.0/1, 128.0.0.0/1')],
    ['::ffff:0.0.0.0/96', why('::ffff:0.0.0.0/96')],
    ['10.0.0.1,0.0.0.0/7', tooWide('0.0.0.0/7')],
  ])('security check finds %s in a production .env, from the same rule', async (value, message) => {
    const dir = makeTree({
      '.env.production': `APP_ENV=production\nSESSION_SECRET_KEY=\${SESSION_SECRET_KEY}\nTRUSTED_PROXY_HOSTS=${value}\n`,
    });
    const r = await check(dir, ['--json']);
    expect(r.code, r.stderr).toBe(11);
    const found = (
      JSON.parse(r.stdout) as { findings: Array<{ rule: string; level: string; message: string }> }
    ).findings;
    expect(found.map((f) => [f.rule, f.level, f.message])).toEqual([
      ['env-production-trusted-proxy-hosts', 'error', message],
    ]);
  });
});
