// lib/api/identity.ts and lib/api/api-keys.ts through the real client over undici's MockAgent: the
// scope forms normalised once, what may be absent, what is never passed on, and the 404 wording.
import { afterEach, describe, expect, it } from 'vitest';
import * as apiKeys from '../../../../src/lib/api/api-keys.js';
import * as identity from '../../../../src/lib/api/identity.js';
import { CliError } from '../../../../src/lib/errors.js';
import { type Harness, harness } from './mock.js';

let h: Harness;
afterEach(async () => {
  await h.agent.close();
});

const ME = {
  key_id: 'key_1',
  user_id: 'user-1',
  organization_id: 'org-1',
  role: 'production-deployer',
  scopes: { read: true, write: false, 'runs:read': true },
  workflows: ['production/*'],
};
const KEY = {
  id: 'key_2',
  name: 'ci',
  prefix: 'fib_test_ab12',
  scopes: ['execute'],
  workflows: ['**'],
  created_at: '2026-11-01T00:00:00Z',
  expires_at: null,
  revoked_at: null,
};

async function rejection(p: Promise<unknown>): Promise<CliError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof CliError)) throw new Error(`expected a CliError, got ${String(e)}`);
  return e;
}

describe('identity.me', () => {
  it('GET /auth/me; granted scopes as a sorted list; a custom role; absent name and dates read as null', async () => {
    h = harness();
    h.reply('GET', '/api/v1/auth/me', 200, ME);
    h.reply('GET', '/api/v1/auth/me', 200, { ...ME, scopes: ['runs:read', 'read', 'read'] });
    const fromMap = await identity.me(h.client);
    expect(fromMap).toEqual({
      ...ME,
      scopes: ['read', 'runs:read'],
      key_name: null,
      created_at: null,
      expires_at: null,
    });
    expect((await identity.me(h.client)).scopes).toEqual(fromMap.scopes);
  });

  it('refuses an identity without the organization the org commands act on', async () => {
    h = harness();
    const { organization_id: _, ...rest } = ME;
    h.reply('GET', '/api/v1/auth/me', 200, rest);
    expect((await rejection(identity.me(h.client))).message).toBe(
      "the server's answer to GET /api/v1/auth/me is not what the API promises: /organization_id: missing",
    );
  });
});

describe('api-keys', () => {
  it('list: only the fields of a key, never one a server wrongly echoed; scopes in one form', async () => {
    h = harness();
    h.reply('GET', '/api/v1/api-keys', 200, { api_keys: [{ ...KEY, key: 'fib_test_leaked_0123456789' }] });
    expect(await apiKeys.list(h.client)).toEqual([
      { ...KEY, scopes: ['execute'], last_used_at: null, created_by: null },
    ]);
  });

  it('list: a bare array (not the API’s object) is refused', async () => {
    h = harness();
    h.reply('GET', '/api/v1/api-keys', 200, [KEY]);
    expect((await rejection(apiKeys.list(h.client))).message).toContain('promises: expected object');
  });

  it('create: POST the body, the key back once; an answer without a key says one may exist', async () => {
    h = harness();
    const body = { name: 'ci', scopes: ['execute'], expires_in_days: 90 };
    h.reply('POST', '/api/v1/api-keys', 201, {
      ...KEY,
      key: 'fib_test_new_0123456789',
      expires_at_capped: true,
    });
    expect(await apiKeys.create(h.client, body)).toEqual({
      info: { ...KEY, last_used_at: null, created_by: null },
      key: 'fib_test_new_0123456789',
      expires_at_capped: true,
    });
    expect(JSON.parse(h.seen[0]?.body ?? '')).toEqual(body);
    h.reply('POST', '/api/v1/api-keys', 201, KEY);
    const e = await rejection(apiKeys.create(h.client, body));
    expect(e.message).toBe(
      "the server's answer to POST /api/v1/api-keys is not what the API promises: /key: missing",
    );
    expect(e.hint).toBe(
      'a key may have been created all the same: `fibonacci auth list-keys` shows it, `fibonacci auth revoke-key` revokes it',
    );
  });

  it('revoke: DELETE the id, encoded; a 404 is "no API key with id", with the request id', async () => {
    h = harness();
    h.reply('DELETE', '/api/v1/api-keys/key%2F..', 404, { detail: 'Not Found' }, { 'x-request-id': 'req_7' });
    const e = await rejection(apiKeys.revoke(h.client, 'key/..'));
    expect(e).toMatchObject({
      message: 'no API key with id key/..',
      hint: '`fibonacci auth list-keys` shows the ids',
      requestId: 'req_7',
      exitCode: 12,
    });
    expect(h.seen[0]?.path).toBe('/api/v1/api-keys/key%2F..');
  });
});
