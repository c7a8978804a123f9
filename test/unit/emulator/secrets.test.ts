// The Secrets endpoints of docs/api.md over real HTTPS against an in-process emulator: statuses,
// validation, RBAC, versions, rotation, audit events, and what lands in the database.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import { DEFAULT_SCOPES } from '../../../src/emulator/bootstrap.js';
import { open } from '../../../src/emulator/secrets/crypto.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
const keys: Record<string, string> = {};
beforeAll(async () => {
  emu = await startInProcess();
  const org = defaultOrganization(emu.store)!;
  for (const role of ['admin', 'member', 'viewer'] as const) {
    const user = createUser(emu.store, { orgId: org.id, role });
    keys[role] = createApiKey(emu.store, {
      orgId: org.id,
      userId: user.id,
      name: role,
      scopes: DEFAULT_SCOPES[role],
      workflows: ['**'],
    }).key;
  }
});
afterAll(() => emu.close());

const put = (path: string, body: unknown, key?: string) =>
  apiRequest(emu, 'PUT', path, { body, ...(key ? { key } : {}) });
type Row = {
  ciphertext: Buffer;
  nonce: Buffer;
  org_id: string;
  environment: string;
  name: string;
  version: number;
};
const row = (name: string, environment = '') =>
  emu.store.db
    .prepare('SELECT * FROM secrets WHERE name = ? AND environment = ?')
    .get(name, environment) as Row;
const masterKey = () => Buffer.from(readFileSync(join(emu.dataDir, 'master-key'), 'utf8').trim(), 'hex');

describe('PUT/GET/DELETE /api/v1/secrets', () => {
  it('creates (201), bumps the version (200), and returns SecretMeta, never the value', async () => {
    const first = await put('/api/v1/secrets/API_KEY?environment=production', { value: 'first-value' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      name: 'API_KEY',
      environment: 'production',
      version: 1,
      created_at: '2026-11-29T10:30:00.000Z',
      updated_at: '2026-11-29T10:30:00.000Z',
      updated_by: expect.stringMatching(/^user-/),
      rotation: null,
    });
    const second = await put('/api/v1/secrets/API_KEY?environment=production', { value: 'second-value' });
    expect([second.status, (second.body as { version: number }).version]).toEqual([200, 2]);
    expect(first.text + second.text).not.toContain('value"');
    const shared = await put('/api/v1/secrets/API_KEY', { value: 'shared-value' });
    expect((shared.body as { environment: unknown }).environment).toBeNull();
  });

  it('lists one scope sorted by name; reads one; 404 for unknown', async () => {
    await put('/api/v1/secrets/AAA?environment=production', { value: 'x' });
    const list = await apiRequest(emu, 'GET', '/api/v1/secrets?environment=production');
    expect((list.body as { secrets: Array<{ name: string }> }).secrets.map((s) => s.name)).toEqual([
      'AAA',
      'API_KEY',
    ]);
    const one = await apiRequest(emu, 'GET', '/api/v1/secrets/API_KEY?environment=production');
    expect((one.body as { version: number }).version).toBe(2);
    const missing = await apiRequest(emu, 'GET', '/api/v1/secrets/NOPE?environment=production');
    expect([missing.status, missing.body]).toEqual([404, { detail: 'secret NOPE not found in production' }]);
  });

  it('deletes (204), then 404', async () => {
    await put('/api/v1/secrets/GONE', { value: 'x' });
    expect((await apiRequest(emu, 'DELETE', '/api/v1/secrets/GONE')).status).toBe(204);
    expect((await apiRequest(emu, 'DELETE', '/api/v1/secrets/GONE')).status).toBe(404);
  });

  it('validates: empty, over 64 KiB by bytes (exactly 64 KiB is fine), names, environments, unknown fields', async () => {
    const max = `${'é'.repeat(32767)}ab`;
    expect((await put('/api/v1/secrets/BIG', { value: max })).status).toBe(201);
    const over = await put('/api/v1/secrets/BIG', { value: `${max}c` });
    expect([over.status, over.body]).toEqual([
      422,
      {
        detail: [
          {
            loc: ['body', 'value'],
            msg: 'Value should be at most 65536 bytes of UTF-8',
            type: 'string_too_long',
          },
        ],
      },
    ]);
    expect((await put('/api/v1/secrets/E', { value: '' })).status).toBe(422);
    expect((await put('/api/v1/secrets/1BAD', { value: 'x' })).status).toBe(422);
    expect((await put('/api/v1/secrets/OK?environment=Prod', { value: 'x' })).status).toBe(422);
    expect((await put('/api/v1/secrets/OK', { value: 'x', extra: 1 })).status).toBe(422);
    expect((await put('/api/v1/secrets/OK', '{"value":"\\ud800"}')).status).toBe(422);
    expect(
      emu.store.db.prepare("SELECT count(*) AS n FROM secrets WHERE name IN ('E','1BAD','OK')").get(),
    ).toEqual({ n: 0 });
  });
});

describe('rotation', () => {
  it('sets a policy, counts days from the last write, marks due, and turns off', async () => {
    await put('/api/v1/secrets/ROT?environment=staging', { value: 'x' });
    const on = await put('/api/v1/secrets/ROT/rotation?environment=staging', {
      enabled: true,
      interval_days: 30,
      notify_before_days: 7,
    });
    expect(on.status).toBe(200);
    expect((on.body as { rotation: unknown }).rotation).toEqual({
      enabled: true,
      interval_days: 30,
      notify_before_days: 7,
      next_rotation_at: '2026-12-29T10:30:00.000Z',
      days_remaining: 30,
      due: false,
    });
    emu.clock.advance(31 * 86_400_000);
    const later = await apiRequest(emu, 'GET', '/api/v1/secrets/ROT?environment=staging');
    expect((later.body as { rotation: { days_remaining: number; due: boolean } }).rotation).toMatchObject({
      days_remaining: -1,
      due: true,
    });
    const off = await put('/api/v1/secrets/ROT/rotation?environment=staging', { enabled: false });
    expect(off.body as { rotation: unknown; version: number }).toMatchObject({ rotation: null, version: 1 });
    expect((await put('/api/v1/secrets/NOPE/rotation', { enabled: true, interval_days: 30 })).status).toBe(
      404,
    );
    expect(
      (
        await put('/api/v1/secrets/ROT/rotation?environment=staging', {
          enabled: true,
          interval_days: 7,
          notify_before_days: 7,
        })
      ).status,
    ).toBe(422);
  });
});

describe('RBAC', () => {
  it('member and viewer get 403 naming the role on every write; viewer may list; admin may write', async () => {
    for (const role of ['member', 'viewer']) {
      for (const [method, path, body] of [
        ['PUT', '/api/v1/secrets/RBAC', { value: 'x' }],
        ['PUT', '/api/v1/secrets/API_KEY/rotation', { enabled: false }],
        ['DELETE', '/api/v1/secrets/API_KEY', undefined],
      ] as const) {
        const res = await apiRequest(emu, method, path, { key: keys[role]!, ...(body ? { body } : {}) });
        expect([role, method, path, res.status, res.body]).toEqual([
          role,
          method,
          path,
          403,
          { detail: 'requires role admin or owner' },
        ]);
      }
    }
    expect((await apiRequest(emu, 'GET', '/api/v1/secrets', { key: keys.viewer! })).status).toBe(200);
    expect((await apiRequest(emu, 'GET', '/api/v1/health/secrets', { key: keys.viewer! })).status).toBe(200);
    expect((await put('/api/v1/secrets/RBAC', { value: 'x' }, keys.admin)).status).toBe(201);
  });
});

describe('at rest and in the audit log', () => {
  it('stores AES-256-GCM ciphertext bound to its row, with a fresh nonce per write', async () => {
    await put('/api/v1/secrets/AT_REST', { value: 'plain-text-at-rest' });
    const v1 = row('AT_REST');
    await put('/api/v1/secrets/AT_REST', { value: 'plain-text-at-rest' });
    const v2 = row('AT_REST');
    expect(v2.nonce.equals(v1.nonce)).toBe(false);
    expect(v2.ciphertext.equals(v1.ciphertext)).toBe(false);
    expect(v2.ciphertext.toString('latin1')).not.toContain('plain-text-at-rest');
    const binding = { orgId: v2.org_id, environment: '', name: 'AT_REST', version: 2 };
    expect(open(masterKey(), v2, binding)).toBe('plain-text-at-rest');
    expect(() => open(masterKey(), v2, { ...binding, version: 1 })).toThrow(/failed authentication/);
  });

  it('a ciphertext moved to another row fails its next read (500), and the server keeps serving', async () => {
    await put('/api/v1/secrets/VICTIM', { value: 'victim' });
    const donor = row('AT_REST');
    emu.store.db
      .prepare("UPDATE secrets SET ciphertext = ?, nonce = ? WHERE name = 'VICTIM'")
      .run(donor.ciphertext, donor.nonce);
    const read = await apiRequest(emu, 'GET', '/api/v1/secrets/VICTIM');
    expect(read.status).toBe(500);
    expect((read.body as { detail: string }).detail).toMatch(
      /^the stored value of VICTIM \(shared, version 1\) failed authentication/,
    );
    expect(emu.logLines.some((l) => l.includes('failed authentication'))).toBe(true);
    expect((await apiRequest(emu, 'GET', '/api/v1/secrets')).status).toBe(200);
    expect((await put('/api/v1/secrets/VICTIM', { value: 'repaired' })).status).toBe(200);
    expect((await apiRequest(emu, 'GET', '/api/v1/secrets/VICTIM')).status).toBe(200);
  });

  it('records secret.set / secret.deleted / secret.rotation_changed with user, key id, environment, name, version', async () => {
    const rows = auditRows(emu.store).filter((r) => String(r.event_type).startsWith('secret.'));
    const set = rows.find((r) => r.event_type === 'secret.set')!;
    expect(set).toMatchObject({ status: 'success', action: 'set', user_id: expect.stringMatching(/^user-/) });
    expect(JSON.parse(set.metadata as string)).toEqual({
      api_key_id: expect.stringMatching(/^key_/),
      environment: 'production',
      name: 'API_KEY',
      version: 1,
      created: true,
    });
    expect(rows.map((r) => r.event_type)).toEqual(
      expect.arrayContaining(['secret.deleted', 'secret.rotation_changed']),
    );
    const all = JSON.stringify(auditRows(emu.store));
    for (const v of ['first-value', 'second-value', 'plain-text-at-rest', 'victim', 'repaired'])
      expect(all).not.toContain(v);
  });
});

describe('GET /api/v1/health/secrets', () => {
  it('is healthy, then 503 with "error: …" when the probe ciphertext is altered; nothing crashes', async () => {
    const ok = await apiRequest(emu, 'GET', '/api/v1/health/secrets');
    expect([ok.status, ok.body]).toEqual([
      200,
      { status: 'healthy', backend: 'db', checks: { list_secrets: 'ok', get_secret: 'ok' } },
    ]);
    const probe = row('_probe', '_health');
    const flipped = Buffer.from(probe.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 0x01;
    emu.store.db.prepare("UPDATE secrets SET ciphertext = ? WHERE environment = '_health'").run(flipped);
    const bad = await apiRequest(emu, 'GET', '/api/v1/health/secrets');
    expect(bad.status).toBe(503);
    expect(bad.body).toEqual({
      status: 'unhealthy',
      backend: 'db',
      checks: {
        list_secrets: 'ok',
        get_secret:
          'error: the probe secret failed authentication: stored data was altered, or the master key changed',
      },
    });
    expect((await apiRequest(emu, 'GET', '/api/v1/secrets')).status).toBe(200);
  });
});
