// A key never outlives the key that created it: its expiry is capped at the creator's (and the 201
// says so), and revoking the creator revokes every key made from it, at any depth, each with its own
// api_key.revoked event. In-process emulator over HTTPS with a clock the test moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
beforeAll(async () => {
  emu = await startInProcess();
});
afterAll(async () => {
  await emu.close();
});

const DAY = 86_400_000;
interface Created {
  id: string;
  key: string;
  expires_at: string | null;
  expires_at_capped: boolean;
}

async function create(by: string, body: Record<string, unknown>): Promise<Created> {
  const res = await apiRequest(emu, 'POST', '/api/v1/api-keys', { key: by, body });
  expect(res.status, res.text).toBe(201);
  return res.body as Created;
}
const minter = { scopes: ['read', 'api_keys:write', 'api_keys:delete'] };
const me = (key: string) => apiRequest(emu, 'GET', '/api/v1/auth/me', { key });
const in_ = (days: number) => new Date(emu.clock.now().getTime() + days * DAY).toISOString();

describe('a child key never outlives its creator', () => {
  it('caps a longer, default or absent expiry at the creator’s, and says so', async () => {
    const parent = await create(emu.ownerKey, { name: 'one-day', ...minter, expires_in_days: 1 });
    expect(parent).toMatchObject({ expires_at: in_(1), expires_at_capped: false });
    for (const expires_in_days of [null, 90, undefined]) {
      const child = await create(parent.key, { name: 'child', scopes: ['read'], expires_in_days });
      expect(child).toMatchObject({ expires_at: parent.expires_at, expires_at_capped: true });
    }
    const event = auditRows(emu.store)
      .filter((e) => e.event_type === 'api_key.created')
      .at(-1);
    expect(JSON.parse(String(event?.metadata))).toMatchObject({
      expires_at: parent.expires_at,
      expires_at_capped: true,
    });
  });

  it('keeps a shorter expiry as asked, and a never-expiring creator caps nothing', async () => {
    const parent = await create(emu.ownerKey, { name: 'ten-days', ...minter, expires_in_days: 10 });
    const child = await create(parent.key, { name: 'three', scopes: ['read'], expires_in_days: 3 });
    expect(child).toMatchObject({ expires_at: in_(3), expires_at_capped: false });
    const forever = await create(emu.ownerKey, { name: 'never', scopes: ['read'], expires_in_days: null });
    expect(forever).toMatchObject({ expires_at: null, expires_at_capped: false });
  });

  it('the child stops working when its creator expires', async () => {
    const parent = await create(emu.ownerKey, { name: 'short', ...minter, expires_in_days: 2 });
    const child = await create(parent.key, {
      name: 'asked-forever',
      scopes: ['read'],
      expires_in_days: null,
    });
    expect((await me(child.key)).status).toBe(200);
    emu.clock.advance(2 * DAY);
    expect(await me(parent.key)).toMatchObject({ status: 401, body: { detail: 'API key has expired' } });
    expect(await me(child.key)).toMatchObject({ status: 401, body: { detail: 'API key has expired' } });
  });
});

describe('revoking a key revokes the keys it created', () => {
  it('cascades to children and grandchildren, one event each, and leaves other keys alone', async () => {
    const root = await create(emu.ownerKey, { name: 'root', ...minter });
    const child = await create(root.key, { name: 'child', ...minter });
    const grandchild = await create(child.key, { name: 'grandchild', scopes: ['read'] });
    const sibling = await create(emu.ownerKey, { name: 'sibling', scopes: ['read'] });
    const before = auditRows(emu.store).length;

    // Revoking the middle key takes its subtree only.
    expect((await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${child.id}`)).status).toBe(204);
    expect((await me(root.key)).status).toBe(200);
    expect(await me(grandchild.key)).toMatchObject({
      status: 401,
      body: { detail: 'API key has been revoked' },
    });

    expect((await apiRequest(emu, 'DELETE', `/api/v1/api-keys/${root.id}`)).status).toBe(204);
    for (const k of [root, child, grandchild]) expect((await me(k.key)).status).toBe(401);
    expect((await me(sibling.key)).status).toBe(200);

    const revoked = auditRows(emu.store)
      .slice(before)
      .filter((e) => e.event_type === 'api_key.revoked')
      .map((e) => JSON.parse(String(e.metadata)) as Record<string, unknown>);
    expect(revoked.map(({ revoked_key_id, cascade_from }) => ({ revoked_key_id, cascade_from }))).toEqual([
      { revoked_key_id: child.id, cascade_from: undefined },
      { revoked_key_id: grandchild.id, cascade_from: child.id },
      { revoked_key_id: root.id, cascade_from: undefined },
    ]);
  });
});
