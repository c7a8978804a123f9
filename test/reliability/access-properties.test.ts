// Property tests of the access policy (fast-check): random policies × random requests. The
// emulator's answer equals the oracle's, and `access check` (asked by the owner for that member,
// and by the member for themselves) answers exactly what the request then got. Many runs in
// process (Fastify's inject, the whole pipeline), a sample over real TLS against a spawned one.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../src/emulator/accounts.js';
import { apiRequest, type KeyedClient, keyedClient } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { type InProcessEmulator, startInProcess } from '../helpers/in-process-emulator.js';
import { arbAsk, arbPolicy, HOLDERS, judge, type Send, tally, WORKFLOWS } from './access-scenarios.js';

const RUNS = Number(process.env.FIB_PROPERTY_RUNS ?? 150);
let n = 0;
const fresh = () => ++n;
const parse = (text: string) => (text ? (JSON.parse(text) as unknown) : undefined);

async function fixtures(send: Send, ownerKey: string) {
  const me = (await send('GET', '/api/v1/auth/me', ownerKey)).body as { organization_id: string };
  const ids = new Map<string, { id: string; run: string }>();
  for (const name of WORKFLOWS) {
    const wf = (await send('POST', '/api/v1/workflows', ownerKey, { name })).body as { id: string };
    const run = (await send('POST', `/api/v1/workflows/${wf.id}/execute`, ownerKey, {})).body as {
      id: string;
    };
    ids.set(name, { id: wf.id, run: run.id });
  }
  return { ids, policyPath: `/api/v1/organizations/${me.organization_id}/access-policy` };
}

describe('access policy properties, in process', () => {
  let emu: InProcessEmulator;
  const keys = new Map<string, string>();
  const users = new Map<string, string>();
  const send: Send = async (method, url, key, body) => {
    const res = await emu.app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: parse(res.body) };
  };
  beforeAll(async () => {
    emu = await startInProcess();
    const org = defaultOrganization(emu.store);
    for (const holder of HOLDERS) {
      // Straight into the store: `gone` names a role no policy defines.
      const user = createUser(emu.store, { orgId: org!.id, role: holder, name: holder });
      users.set(holder, user.id);
      keys.set(
        holder,
        createApiKey(emu.store, {
          orgId: org!.id,
          userId: user.id,
          name: holder,
          scopes: ['admin'],
          workflows: ['**'],
        }).key,
      );
    }
  });
  afterAll(async () => emu?.close());

  it('the emulator decides as the oracle, and access check agrees with the request', async () => {
    const { ids, policyPath } = await fixtures(send, emu.ownerKey);
    const ctx = { ownerKey: emu.ownerKey, policyPath, keys, users };
    await fc.assert(
      fc.asyncProperty(arbPolicy, arbAsk(ids, fresh), async (policy, ask) => {
        expect(await judge(send, ctx, policy, ask)).toBeNull();
      }),
      { numRuns: RUNS * 4 },
    );
    // Not a vacuous property: many answers each way, many decided by a resource rule.
    for (const count of Object.values(tally)) expect(count).toBeGreaterThan(RUNS / 4);
  }, 300_000);
});

describe('access policy properties, over TLS against the spawned emulator', () => {
  let emu: EmulatorHandle;
  let client: KeyedClient;
  const keys = new Map<string, string>();
  const users = new Map<string, string>();
  const send: Send = (method, path, key, body) => client.send(method, path, key, body);
  beforeAll(async () => {
    emu = await startEmulator({ timeoutMs: 60_000 });
    client = keyedClient(emu);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
  });

  it('a sample of the same property, every user added by emulator add-user', async () => {
    const { ids, policyPath } = await fixtures(send, emu.ownerKey);
    // Every custom role (and `gone`) defined while the users are added; later policies drop `gone`.
    const all = ['alpha', 'beta', 'gamma', 'gone'].map((name) => ({ name, permissions: ['read'] }));
    expect(
      (await send('PUT', policyPath, emu.ownerKey, { access_control: { enabled: false, roles: all } }))
        .status,
    ).toBe(200);
    for (const holder of HOLDERS) {
      keys.set(holder, await emu.addUser(holder, ['--scope', 'admin', '--workflows', '**']));
      const me = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: keys.get(holder) as string });
      users.set(holder, (me.body as { user_id: string }).user_id);
    }
    const ctx = { ownerKey: emu.ownerKey, policyPath, keys, users };
    await fc.assert(
      fc.asyncProperty(arbPolicy, arbAsk(ids, fresh), async (policy, ask) => {
        expect(await judge(send, ctx, policy, ask)).toBeNull();
      }),
      { numRuns: Math.max(10, Math.round(RUNS / 5)) },
    );
  }, 300_000);
});
