// The authorisation matrix: every row of the POLICIES table × {owner, admin, member, viewer} × a key
// holding one of {read, write, execute, delete, admin} × a workflow pattern that matches the
// workflow touched (production/*) or not (staging/*). The expected status comes from a small
// oracle (./authz-oracle.ts) written from the table's fields (not from the server's authorise or
// scopeSatisfies), and is asserted against a spawned emulator over HTTPS. The path-trick variants
// of every route with a path parameter are in authz-path-tricks.test.ts.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES, type RoutePolicy } from '../../../src/emulator/policy.js';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { oracleAllows, PATTERNS, type Pattern, ROLES, type Role, SCOPES } from './authz-oracle.js';

interface Fixture {
  orgId: string;
  etlId: string;
  runId: string;
}
interface Call {
  path: string;
  body?: unknown;
  /** Exact status when allowed; absent: anything but 401 and 403. */
  ok?: number;
}
let seq = 0;
/** Requests that reach the handler with a valid shape, per route; others get a generic one. */
const CALLS: Record<string, (f: Fixture, held: string, pattern: string) => Call> = {
  'GET /api/v1/api-keys': () => ({ path: '/api/v1/api-keys', ok: 200 }),
  // Asks for exactly what the key holds, so the escalation rule never interferes.
  'POST /api/v1/api-keys': (_f, held, pattern) => ({
    path: '/api/v1/api-keys',
    body: { name: 'matrix', scopes: [held], workflows: [pattern] },
    ok: 201,
  }),
  'DELETE /api/v1/api-keys/:id': () => ({ path: '/api/v1/api-keys/key_matrix_missing', ok: 404 }),
  'GET /api/v1/audit/events': () => ({ path: '/api/v1/audit/events?limit=1', ok: 200 }),
  'GET /api/v1/auth/me': () => ({ path: '/api/v1/auth/me', ok: 200 }),
  'GET /api/v1/runs/:id': (f) => ({ path: `/api/v1/runs/${f.runId}`, ok: 200 }),
  'GET /api/v1/workflows': () => ({ path: '/api/v1/workflows', ok: 200 }),
  'POST /api/v1/workflows': () => ({
    path: '/api/v1/workflows',
    body: { name: `production/m-${++seq}` },
    ok: 201,
  }),
  'POST /api/v1/workflows/:id/execute': (f) => ({
    path: `/api/v1/workflows/${f.etlId}/execute`,
    body: { input_data: { n: 1 } },
    ok: 200,
  }),
  'GET /api/v1/secrets': () => ({ path: '/api/v1/secrets', ok: 200 }),
  'GET /api/v1/secrets/:name': () => ({ path: '/api/v1/secrets/MATRIX_MISSING', ok: 404 }),
  'DELETE /api/v1/secrets/:name': () => ({ path: '/api/v1/secrets/MATRIX_MISSING', ok: 404 }),
};
function genericCall(row: RoutePolicy, f: Fixture): Call {
  const path = row.url.replace(/:(\w+)/g, (_m, p: string) =>
    p === 'id' && row.url.includes('/organizations/') ? f.orgId : `matrix_${p}`,
  );
  return { path, ...(['POST', 'PUT', 'PATCH'].includes(row.method) ? { body: {} } : {}) };
}

let emu: EmulatorHandle;
let fixture: Fixture;
let agent: Agent;
const keys = new Map<string, string>();
const keyName = (role: Role, held: string, pattern: Pattern) => `${role}/${held}/${pattern}`;

beforeAll(async () => {
  // Docs and developer routes on, so every row of the table is a registered route.
  emu = await startEmulator({
    env: { ENABLE_DOCS: 'true', ENABLE_DEVELOPER_ROUTES: 'true' },
    timeoutMs: 60_000,
  });
  agent = new Agent({
    connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' },
    connections: 16,
  });
  const combos = ROLES.flatMap((role) =>
    SCOPES.flatMap((held) => (Object.keys(PATTERNS) as Pattern[]).map((p) => [role, held, p] as const)),
  );
  for (let i = 0; i < combos.length; i += 4) {
    await Promise.all(
      combos.slice(i, i + 4).map(async ([role, held, p]) => {
        const key = await emu.addUser(role, ['--scope', held, '--workflows', PATTERNS[p]]);
        keys.set(keyName(role, held, p), key);
      }),
    );
  }
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  const wf = await apiRequest(emu, 'POST', '/api/v1/workflows', {
    body: {
      name: 'production/etl',
      definition: { name: 'etl', version: 1, nodes: [{ id: 'extract', type: 'tool' }], edges: [] },
    },
  });
  const etlId = (wf.body as { id: string }).id;
  const run = await apiRequest(emu, 'POST', `/api/v1/workflows/${etlId}/execute`, { body: {} });
  fixture = {
    orgId: (me.body as { organization_id: string }).organization_id,
    etlId,
    runId: (run.body as { id: string }).id,
  };
}, 120_000);

afterAll(async () => {
  await agent?.close();
  await emu?.stop();
});

async function send(method: string, call: Call, key: string): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(new URL(call.path, emu.url), {
    method: method as 'GET',
    headers,
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
    dispatcher: agent,
  });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('authorisation matrix (generated from POLICIES)', () => {
  it('covers every route, and the oracle both allows and denies', () => {
    expect(POLICIES.length).toBeGreaterThanOrEqual(10);
    const verdicts = POLICIES.flatMap((row) => ROLES.map((r) => oracleAllows(row, r, 'read', 'matching')));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });

  it.each(POLICIES.map((row) => [`${row.method} ${row.url}`, row] as const))('%s', async (route, row) => {
    const failures: string[] = [];
    for (const role of ROLES) {
      await Promise.all(
        SCOPES.flatMap((held) =>
          (Object.keys(PATTERNS) as Pattern[]).map(async (p) => {
            const call = (CALLS[route] ?? ((f) => genericCall(row, f)))(fixture, held, PATTERNS[p]);
            const res = await send(row.method, call, keys.get(keyName(role, held, p)) as string);
            const allow = oracleAllows(row, role, held, p);
            const good = allow
              ? call.ok
                ? res.status === call.ok
                : ![401, 403].includes(res.status)
              : res.status === 403;
            if (!good) {
              const want = allow ? (call.ok ?? 'not 401/403') : 403;
              failures.push(
                `${keyName(role, held, p)}: want ${want}, got ${res.status} ${res.text.slice(0, 120)}`,
              );
            }
          }),
        ),
      );
    }
    expect(failures).toEqual([]);
  });
});
