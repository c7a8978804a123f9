import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import type { Role } from '../../../src/emulator/types.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
beforeAll(async () => {
  emu = await startInProcess();
});
afterAll(async () => {
  await emu.close();
});

/** A user of `role` with one key of these scopes and patterns, written straight to the store. */
function keyFor(role: Role, scopes: string[], workflows = ['**'], expiresAt: string | null = null) {
  const org = defaultOrganization(emu.store)!;
  const user = createUser(emu.store, { orgId: org.id, role });
  return createApiKey(emu.store, {
    orgId: org.id,
    userId: user.id,
    name: role,
    scopes,
    workflows,
    expiresAt,
  });
}

const create = (key: string, body: Record<string, unknown>) =>
  apiRequest(emu, 'POST', '/api/v1/api-keys', { key, body });

describe('POST /api/v1/api-keys', () => {
  it('creates a fib_test_ key with 256 random bits, stored only as a SHA-256 hash and a prefix', async () => {
    const res = await create(emu.ownerKey, {
      name: 'ci-cd',
      scopes: ['execute'],
      workflows: ['production/*'],
    });
    expect(res.status).toBe(201);
    const body = res.body as Record<string, unknown>;
    const key = body.key as string;
    expect(key).toMatch(/^fib_test_[A-Za-z0-9]{43}$/);
    expect(body).toMatchObject({
      name: 'ci-cd',
      prefix: key.slice(0, 13),
      scopes: { read: false, write: false, execute: true, delete: false, admin: false },
      workflows: ['production/*'],
      revoked_at: null,
      last_used_at: null,
    });
    // Default expiry: 90 days from the emulator's clock.
    expect(body.expires_at).toBe(new Date(emu.clock.now().getTime() + 90 * 86_400_000).toISOString());
    const row = emu.store.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(body.id) as Record<
      string,
      string
    >;
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(13));
    expect(readFileSync(emu.store.path).includes(key.slice(13))).toBe(false);
    const me = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ key_name: 'ci-cd', workflows: ['production/*'] });
    const event = auditRows(emu.store).findLast((e) => e.event_type === 'api_key.created')!;
    expect(JSON.parse(event.metadata as string)).toMatchObject({
      created_key_id: body.id,
      scopes: ['execute'],
    });
    expect(JSON.stringify(event)).not.toContain(key.slice(13));
  });

  it('takes expires_in_days, or null for a key that never expires, and the creator’s patterns by default', async () => {
    const a = await create(emu.ownerKey, { name: 'a', scopes: ['read'], expires_in_days: null });
    expect(a.body).toMatchObject({ expires_at: null, workflows: ['**'] });
    const b = await create(emu.ownerKey, { name: 'b', scopes: ['read'], expires_in_days: 7 });
    expect((b.body as { expires_at: string }).expires_at).toBe(
      new Date(emu.clock.now().getTime() + 7 * 86_400_000).toISOString(),
    );
  });

  it('refuses unknown scopes and patterns outside the grammar with 422', async () => {
    const bad = await create(emu.ownerKey, { name: 'x', scopes: ['read', 'superpower'] });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('"loc":["body","scopes",1]');
    const pattern = await create(emu.ownerKey, { name: 'x', scopes: ['read'], workflows: ['ok/*', '{a,b}'] });
    expect(pattern.status).toBe(422);
    expect(pattern.body).toEqual({
      detail: [
        {
          loc: ['body', 'workflows', 1],
          msg: 'Pattern should be /-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment',
          type: 'value_error',
        },
      ],
    });
  });
});

describe('escalation attempts', () => {
  it('a read key cannot create an admin key (403 from the policy table)', async () => {
    const { key } = keyFor('admin', ['read']);
    const res = await create(key, { name: 'boss', scopes: ['admin'] });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: 'requires scope api_keys:write' });
  });

  it('a write key of an admin cannot create a key with a scope it lacks', async () => {
    const { key, row } = keyFor('admin', ['write', 'read']);
    const res = await create(key, { name: 'boss', scopes: ['read', 'admin', 'execute'] });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      detail: "cannot create a key with scopes wider than the creating key's: admin, execute",
    });
    const event = auditRows(emu.store).at(-1)!;
    expect(event).toMatchObject({ event_type: 'access.denied', status: 'denied' });
    expect(JSON.parse(event.metadata as string)).toMatchObject({ api_key_id: row.id });
    // The stored event, byte for byte: no policy `required`, the request's scopes and patterns.
    expect(event).toMatchObject({ action: 'POST /api/v1/api-keys', user_id: row.user_id, workflow_id: null });
    expect(event.metadata).toBe(
      JSON.stringify({
        api_key_id: row.id,
        role: 'admin',
        reason: "cannot create a key with scopes wider than the creating key's: admin, execute",
        requested_scopes: ['read', 'admin', 'execute'],
        requested_workflows: ['**'],
      }),
    );
    expect((await create(key, { name: 'narrower', scopes: ['secrets:read'] })).status).toBe(201);
  });

  it('a production/* key cannot create a * key, nor production/** nor staging/*', async () => {
    const { key } = keyFor('admin', ['write', 'execute'], ['production/*']);
    for (const workflows of [['*'], ['production/**'], ['staging/*'], ['production/etl', '**']]) {
      const res = await create(key, { name: 'wide', scopes: ['execute'], workflows });
      expect(res.status, workflows.join()).toBe(403);
      expect((res.body as { detail: string }).detail).toMatch(
        /^cannot create a key with workflow patterns wider/,
      );
    }
    for (const workflows of [['production/etl'], ['production/*'], undefined]) {
      const res = await create(key, {
        name: 'narrow',
        scopes: ['execute'],
        ...(workflows ? { workflows } : {}),
      });
      expect(res.status).toBe(201);
    }
  });

  it('members and viewers cannot create or revoke keys, whatever their scopes', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const { key } = keyFor(role, ['admin']);
      expect((await create(key, { name: 'x', scopes: ['read'] })).body).toEqual({
        detail: 'requires role admin or owner',
      });
      expect((await apiRequest(emu, 'DELETE', '/api/v1/api-keys/key_x', { key })).status).toBe(403);
    }
  });

  it("an admin cannot revoke an owner's key (403, audited, key still works); owners and peers can", async () => {
    const admin = keyFor('admin', ['admin']);
    const owner = keyFor('owner', ['admin']);
    const refused = await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${owner.row.id}`, { key: admin.key });
    expect(refused).toMatchObject({
      status: 403,
      body: { detail: 'cannot revoke a key of a user whose role (owner) is above yours (admin)' },
    });
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: owner.key })).status).toBe(200);
    const denial = auditRows(emu.store).find(
      (e) => e.event_type === 'access.denied' && String(e.metadata).includes(owner.row.id),
    );
    expect(denial).toMatchObject({ status: 'denied', user_id: admin.row.user_id });
    expect(denial).toMatchObject({ action: 'DELETE /api/v1/api-keys/:id', workflow_id: null });
    expect(denial?.metadata).toBe(
      JSON.stringify({
        api_key_id: admin.row.id,
        role: 'admin',
        reason: 'cannot revoke a key of a user whose role (owner) is above yours (admin)',
        revoked_key_id: owner.row.id,
      }),
    );
    // Another admin's key, and the admin's own, are fair game; an owner may revoke an admin's.
    const peer = keyFor('admin', ['read']);
    expect(
      (await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${peer.row.id}`, { key: admin.key })).status,
    ).toBe(204);
    expect(
      (await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${admin.row.id}`, { key: owner.key })).status,
    ).toBe(204);
  });

  it('a production/* key neither lists nor revokes a key of wider reach, its creator included', async () => {
    const made = await create(emu.ownerKey, {
      name: 'prod-admin',
      scopes: ['read', 'write', 'execute', 'admin', 'api_keys:write'],
      workflows: ['production/*'],
    });
    const confined = made.body as { id: string; key: string };
    const wide = (await create(emu.ownerKey, { name: 'wide-victim', scopes: ['read'] })).body as {
      id: string;
    };
    const creator = (await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { key_id: string };
    const as = { key: confined.key };
    for (const id of [wide.id, creator.key_id]) {
      const refused = await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${id}`, as);
      expect(refused).toMatchObject({
        status: 403,
        body: { detail: "cannot revoke a key whose workflow patterns reach beyond your key's" },
      });
    }
    const denials = auditRows(emu.store).filter(
      (e) => e.event_type === 'access.denied' && String(e.metadata).includes(`"revoked_key_id":"${wide.id}"`),
    );
    expect(denials).toHaveLength(1);
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me')).status).toBe(200);
    // What its patterns cover it lists and may revoke: itself and what it made.
    const child = (
      await create(confined.key, { name: 'etl', scopes: ['execute'], workflows: ['production/etl'] })
    ).body as { id: string };
    const listed = (await apiRequest(emu, 'GET', '/api/v1/api-keys', as)).body as {
      api_keys: Array<{ id: string; workflows: string[] }>;
    };
    const ids = listed.api_keys.map((k) => k.id);
    expect(ids).toEqual(expect.arrayContaining([confined.id, child.id]));
    expect(ids).not.toContain(wide.id);
    expect(ids).not.toContain(creator.key_id);
    expect(listed.api_keys.every((k) => k.workflows.every((w) => w.startsWith('production/')))).toBe(true);
    expect((await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${child.id}`, as)).status).toBe(204);
    const all = (await apiRequest(emu, 'GET', '/api/v1/api-keys')).body as {
      api_keys: Array<{ id: string; revoked_at: string | null }>;
    };
    expect(all.api_keys.find((k) => k.id === wide.id)?.revoked_at).toBeNull();
  });

  it('a revoked key is refused at once; revoking again is 204; an unknown id is 404', async () => {
    const made = await create(emu.ownerKey, { name: 'short-lived', scopes: ['read'] });
    const { id, key } = made.body as { id: string; key: string };
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key })).status).toBe(200);
    const del = await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const after = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ detail: 'API key has been revoked' });
    expect((await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${id}`)).status).toBe(204);
    expect(
      auditRows(emu.store).filter(
        (e) => e.event_type === 'api_key.revoked' && String(e.metadata).includes(id),
      ),
    ).toHaveLength(1);
    const missing = await apiRequest(emu, 'DELETE', '/api/v1/api-keys/key_nope');
    expect(missing).toMatchObject({ status: 404, body: { detail: 'API key not found' } });
  });

  it('an expired key is refused once the clock passes its expiry', async () => {
    const made = await create(emu.ownerKey, { name: 'one-day', scopes: ['read'], expires_in_days: 1 });
    const { key } = made.body as { key: string };
    expect((await apiRequest(emu, 'GET', '/api/v1/auth/me', { key })).status).toBe(200);
    emu.clock.advance(86_400_000);
    const res = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key });
    expect(res).toMatchObject({ status: 401, body: { detail: 'API key has expired' } });
  });

  it('a key differing in one character is refused', async () => {
    const key = emu.ownerKey;
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    for (const forged of [
      key.slice(0, -1) + last,
      `${key.slice(0, 9)}${key[9] === 'Z' ? 'Y' : 'Z'}${key.slice(10)}`,
    ]) {
      const res = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: forged });
      expect(res).toMatchObject({ status: 401, body: { detail: 'invalid API key' } });
    }
  });
});

describe('GET /api/v1/api-keys', () => {
  it('lists the organization’s keys for an owner, never a key or its hash', async () => {
    const res = await apiRequest(emu, 'GET', '/api/v1/api-keys');
    expect(res.status).toBe(200);
    const keys = (res.body as { api_keys: Array<Record<string, unknown>> }).api_keys;
    expect(keys.length).toBeGreaterThan(3);
    expect(res.text).not.toMatch(/fib_test_[A-Za-z0-9]{14,}/);
    expect(res.text).not.toContain('key_hash');
    expect(keys[0]).toMatchObject({ name: 'owner', workflows: ['**'] });
  });

  it('lists only their own keys for members and viewers', async () => {
    const { key, row } = keyFor('viewer', ['read']);
    const res = await apiRequest(emu, 'GET', '/api/v1/api-keys', { key });
    expect((res.body as { api_keys: Array<{ id: string }> }).api_keys.map((k) => k.id)).toEqual([row.id]);
  });
});
