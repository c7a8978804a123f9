// Authentication under hostile keys: missing, malformed, truncated, wrong-prefix, revoked and expired
// keys, and a key in the wrong header, all 401 with the documented detail, an auth.failed event, and
// never the key itself in a body or an event. Key comparison: by inspection (SHA-256 hashes compared
// with crypto.timingSafeEqual, observed through a pass-through mock) and a coarse timing check.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../../src/emulator/auth.js';
import { apiRequest } from '../helpers/api-request.js';
import { FakeApi } from '../helpers/fake-api.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../helpers/in-process-emulator.js';
import { runInProcess } from '../helpers/run-in-process.js';

const compared = vi.hoisted(() => ({ lengths: [] as number[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    compared.lengths.push(a.byteLength, b.byteLength);
    return real.timingSafeEqual(a, b);
  };
  return { ...real, default: { ...real, timingSafeEqual }, timingSafeEqual };
});

let emu: InProcessEmulator;
beforeAll(async () => {
  emu = await startInProcess();
});
afterAll(() => emu?.close());

const flip = (c: string) => (c === 'A' ? 'B' : 'A');

describe('hostile keys are refused with 401, and the key is never echoed', () => {
  it('missing, malformed, truncated, wrong prefix, wrong header', async () => {
    const k = emu.ownerKey;
    const cases: Array<[string, Record<string, string>, string]> = [
      ['missing', {}, 'Not authenticated'],
      ['empty bearer', { authorization: 'Bearer ' }, 'invalid API key'],
      ['bearer only', { authorization: 'Bearer' }, 'invalid API key'],
      [
        'two tokens',
        { authorization: `Bearer ${k} ${k}` },
        'invalid authorization scheme: use Authorization: Bearer <API key>',
      ],
      [
        'basic',
        { authorization: `Basic ${Buffer.from(`x:${k}`).toString('base64')}` },
        'invalid authorization scheme: use Authorization: Bearer <API key>',
      ],
      [
        'token scheme',
        { authorization: `Token ${k}` },
        'invalid authorization scheme: use Authorization: Bearer <API key>',
      ],
      ['truncated', { authorization: `Bearer ${k.slice(0, -1)}` }, 'invalid API key'],
      ['half', { authorization: `Bearer ${k.slice(0, k.length >> 1)}` }, 'invalid API key'],
      [
        'last char changed',
        { authorization: `Bearer ${k.slice(0, -1)}${flip(k.slice(-1))}` },
        'invalid API key',
      ],
      ['wrong prefix', { authorization: `Bearer sk_live_${k.slice(9)}` }, 'invalid API key'],
      ['upper prefix', { authorization: `Bearer FIB_${k.slice(4)}` }, 'invalid API key'],
      [
        'live for test',
        { authorization: `Bearer ${k.replace('fib_test_', 'fib_live_')}` },
        'invalid API key',
      ],
      ['overlong', { authorization: `Bearer ${k}${'a'.repeat(5000)}` }, 'invalid API key'],
      [
        'SQL',
        { authorization: "Bearer fib_' OR 1=1 --" },
        'invalid authorization scheme: use Authorization: Bearer <API key>',
      ],
      ['x-api-key header', { 'x-api-key': k }, 'Not authenticated'],
      ['cookie', { cookie: `api_key=${k}` }, 'Not authenticated'],
    ];
    for (const [label, headers, detail] of cases) {
      const res = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: null, headers });
      expect({ label, status: res.status, body: res.body }).toEqual({ label, status: 401, body: { detail } });
      expect(res.text).not.toContain(k.slice(9));
    }
    const inQuery = await apiRequest(emu, 'GET', `/api/v1/auth/me?api_key=${k}`, { key: null });
    expect(inQuery.status).toBe(401);
    const events = auditRows(emu.store).filter((e) => e.event_type === 'auth.failed');
    expect(events.length).toBeGreaterThanOrEqual(cases.length);
    expect(JSON.stringify(auditRows(emu.store))).not.toContain(k.slice(9));
  });

  it('revoked and expired keys: 401 with the reason, recorded against the key id', async () => {
    const make = async (name: string) =>
      (
        await apiRequest(emu, 'POST', '/api/v1/api-keys', {
          body: { name, scopes: ['read'], expires_in_days: 1 },
        })
      ).body as { id: string; key: string };
    const revoked = await make('to-revoke');
    const expired = await make('to-expire');
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: revoked.key })).status).toBe(200);
    expect((await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${revoked.id}`)).status).toBe(204);
    const r = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: revoked.key });
    expect(r).toMatchObject({ status: 401, body: { detail: 'API key has been revoked' } });
    emu.clock.advance(2 * 86_400_000);
    const x = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: expired.key });
    expect(x).toMatchObject({ status: 401, body: { detail: 'API key has expired' } });
    const reasons = auditRows(emu.store)
      .filter((e) => e.event_type === 'auth.failed')
      .map((e) => JSON.parse(e.metadata as string) as { reason: string; api_key_id?: string });
    expect(reasons).toContainEqual(expect.objectContaining({ reason: 'revoked', api_key_id: revoked.id }));
    expect(reasons).toContainEqual(expect.objectContaining({ reason: 'expired', api_key_id: expired.id }));
    const all = JSON.stringify(auditRows(emu.store));
    for (const key of [revoked.key, expired.key]) expect(all).not.toContain(key.slice(9));
  });

  it('the CLI refuses a key without the fib_ prefix before sending anything', async () => {
    const before = emu.logLines.length;
    const r = await runInProcess(['auth', 'status'], {
      env: {
        FIBONACCI_BASE_URL: emu.url,
        FIBONACCI_CA_CERT: emu.caCertPath,
        FIBONACCI_API_KEY: 'sk_live_abcdefghijkl',
      },
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: [^\n]+\n(hint: [^\n]+\n)?$/);
    expect(r.stderr).not.toContain('abcdefghijkl');
    expect(emu.logLines.length).toBe(before);
  });
});

describe('hostile text from the server never reaches the terminal raw', () => {
  it('the emulator refuses a key name with control or bidi characters (422)', async () => {
    const name = '\u001b]0;pwned\u0007\u001b[2Jevil\u202etxt.exe';
    const made = await apiRequest(emu, 'POST', '/api/v1/api-keys', { body: { name, scopes: ['read'] } });
    expect(made.status).toBe(422);
    // Every character the CLI would print escaped is refused, one at a time; a plain name passes.
    for (const c of ['\u009b', '\u2028', '\u2029', '\u200f', '\u2066']) {
      const one = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
        body: { name: `a${c}b`, scopes: ['read'] },
      });
      expect(one.status, JSON.stringify(c)).toBe(422);
    }
    const plain = await apiRequest(emu, 'POST', '/api/v1/api-keys', {
      body: { name: 'ci é 日本', scopes: ['read'] },
    });
    expect(plain.status).toBe(201);
  });

  it('such a name from another server still lists escaped, on a TTY and piped', async () => {
    const name = '\u001b]0;pwned\u0007\u001b[2Jevil\u202etxt.exe';
    const key = {
      id: 'key_1',
      name,
      prefix: 'fib_test_ab12',
      scopes: { read: true },
      workflows: ['*'],
      created_at: '2026-11-01T00:00:00Z',
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
      created_by: 'user-1',
    };
    for (const stdoutIsTTY of [true, false]) {
      const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [key] });
      const r = await runInProcess(['auth', 'list-keys', '--no-color'], {
        env: { FIBONACCI_API_KEY: emu.ownerKey },
        stdoutIsTTY,
        // Wide enough that the table fitted to it does not cut the name it must show whole, escaped.
        columns: 1000,
        api,
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2Jevil\\u202etxt.exe');
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    }
  });
});

describe('key comparison is constant-time', () => {
  it('compares 32-byte SHA-256 digests with crypto.timingSafeEqual, whatever key is presented', () => {
    const k = emu.ownerKey;
    for (const presented of [
      k,
      `${k.slice(0, -1)}${flip(k.slice(-1))}`,
      `${k.slice(0, 13)}${'A'.repeat(40)}`,
    ]) {
      compared.lengths.length = 0;
      authenticate(emu.store, `Bearer ${presented}`);
      expect(compared.lengths.length).toBeGreaterThan(0);
      expect(new Set(compared.lengths)).toEqual(new Set([32]));
    }
  });
});
