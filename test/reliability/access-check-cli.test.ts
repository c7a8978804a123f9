// The CLI's `access check` over random policies and requests (fast-check; access-scenarios.ts's
// generators): the built CLI's answer — asked by the member for themselves, and by the owner with
// --user — is exactly what the request then gets, its exit code says the same (0 yes, 11 no), and
// both equal the independent oracle's. A small sample: each run spawns the CLI twice.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleAllows } from '../helpers/access-oracle.js';
import { apiRequest, type KeyedClient, keyedClient } from '../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../helpers/emulator.js';
import { runCli } from '../helpers/spawn-cli.js';
import { arbAsk, arbPolicy, HOLDERS, WORKFLOWS } from './access-scenarios.js';

const RUNS = Math.max(8, Math.round(Number(process.env.FIB_PROPERTY_RUNS ?? 150) / 6));
let n = 0;

describe('access check from the built CLI agrees with the request', () => {
  let emu: EmulatorHandle;
  let client: KeyedClient;
  const keys = new Map<string, string>();
  const users = new Map<string, string>();
  const ids = new Map<string, { id: string; run: string }>();
  let policyPath = '';

  beforeAll(async () => {
    emu = await startEmulator({ timeoutMs: 60_000 });
    client = keyedClient(emu);
    const me = (await apiRequest(emu, 'GET', '/api/v1/auth/me')).body as { organization_id: string };
    policyPath = `/api/v1/organizations/${me.organization_id}/access-policy`;
    for (const name of WORKFLOWS) {
      const wf = (await client.send('POST', '/api/v1/workflows', emu.ownerKey, { name })).body as {
        id: string;
      };
      const run = (await client.send('POST', `/api/v1/workflows/${wf.id}/execute`, emu.ownerKey, {}))
        .body as {
        id: string;
      };
      ids.set(name, { id: wf.id, run: run.id });
    }
    const all = ['alpha', 'beta', 'gamma', 'gone'].map((name) => ({ name, permissions: ['read'] }));
    await client.send('PUT', policyPath, emu.ownerKey, { access_control: { enabled: false, roles: all } });
    for (const holder of HOLDERS) {
      keys.set(holder, await emu.addUser(holder, ['--scope', 'admin', '--workflows', '**']));
      const who = await apiRequest(emu, 'GET', '/api/v1/auth/me', { key: keys.get(holder) as string });
      users.set(holder, (who.body as { user_id: string }).user_id);
    }
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
  });

  it('for random policies, yes/no and the exit code are what the request gets and the oracle says', async () => {
    const seen = { yes: 0, no: 0 };
    await fc.assert(
      fc.asyncProperty(
        arbPolicy,
        arbAsk(ids, () => ++n),
        async (policy, ask) => {
          expect((await client.send('PUT', policyPath, emu.ownerKey, policy)).status).toBe(200);
          const key = keys.get(ask.holder) as string;
          const args = ['access', 'check', ask.action, ask.resource, '--json'];
          // Two reads of the same policy: asked side by side, as two users could.
          const [self, other] = await Promise.all([
            runCli(args, { env: { ...emu.env, FIBONACCI_API_KEY: key } }),
            runCli([...args, '--user', users.get(ask.holder) as string], { env: emu.env }),
          ]);
          const got = await client.send(ask.row.method, ask.path, key, ask.body);
          const allowed = got.status !== 403;
          expect(allowed, `${ask.holder} ${ask.row.method} ${ask.path}: ${got.status}`).toBe(
            oracleAllows(policy, ask.holder, ask.row, ask.resource),
          );
          for (const r of [self, other]) {
            expect(r.code, r.stderr).toBe(allowed ? 0 : 11);
            expect(JSON.parse(r.stdout)).toMatchObject({
              allowed,
              action: ask.action,
              resource: ask.resource,
            });
          }
          seen[allowed ? 'yes' : 'no']++;
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: both answers came up.
    expect(seen.yes).toBeGreaterThan(0);
    expect(seen.no).toBeGreaterThan(0);
  }, 300_000);
});
