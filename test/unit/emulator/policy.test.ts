import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import { authorise } from '../../../src/emulator/authorise.js';
import { POLICIES, PolicyIndex, type RoutePolicy, workflowAllowed } from '../../../src/emulator/policy.js';
import { resolvedParam, routeParams, secretNameRef } from '../../../src/emulator/resolution.js';
import { ROUTE_MODULES } from '../../../src/emulator/routes/index.js';
import type { SecretsBackend } from '../../../src/emulator/secrets/backend.js';
import type { Store } from '../../../src/emulator/store.js';
import type { Principal, Role } from '../../../src/emulator/types.js';
import { workflowRef } from '../../../src/emulator/workflows/resolvers.js';
import { insertWorkflow } from '../../../src/emulator/workflows/store.js';
import { workflowMatcher } from '../../../src/lib/access-policy/workflow-glob.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

function principal(role: Role, scopes: string[], extra: Partial<Principal> = {}): Principal {
  return {
    keyId: 'key_1',
    keyName: 'k',
    userId: 'user-1',
    orgId: 'org-1',
    role,
    isSuperuser: false,
    scopes,
    scopeMap: {},
    workflows: ['**'],
    createdAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    ...extra,
  };
}

describe('the policy table', () => {
  it('has a row for every route the route modules register, and no row without a route', async () => {
    const app = Fastify();
    const routes: Array<{ method: string; url: string }> = [];
    app.addHook('onRoute', (r) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url });
    });
    // Registering routes touches neither the store nor the secrets backend.
    const ctx = { store: {} as Store, secrets: {} as SecretsBackend, now: () => new Date(), log: () => {} };
    for (const register of ROUTE_MODULES) register(app, ctx);
    await app.ready();
    expect(routes.length).toBeGreaterThan(0);
    expect(new PolicyIndex().routesWithoutPolicy(routes)).toEqual([]);
    for (const p of POLICIES) expect(app.hasRoute({ method: p.method, url: p.url })).toBe(true);
    await app.close();
  });

  it('fails closed: a route without a policy stops the server from starting', async () => {
    const extra = (app: FastifyInstance) => {
      app.get('/api/v1/unguarded', async () => ({ ok: true }));
      app.delete('/api/v1/unguarded/:id', async () => ({ ok: true }));
    };
    await expect(startInProcess({ extraRoutes: [extra] })).rejects.toThrow(
      'routes without an access policy in src/emulator/policy.ts: GET /api/v1/unguarded, HEAD /api/v1/unguarded, DELETE /api/v1/unguarded/:id',
    );
  });

  it('fails closed: a :param without a declared resolver stops the server from starting', async () => {
    const extra = (app: FastifyInstance) => {
      app.get('/api/v1/things/:id', async () => ({ ok: true }));
      app.get('/api/v1/files/*', async () => ({ ok: true }));
    };
    const rows: RoutePolicy[] = [
      { method: 'GET', url: '/api/v1/things/:id', scope: null },
      { method: 'GET', url: '/api/v1/files/*', scope: null, params: { id: secretNameRef } },
    ];
    await expect(startInProcess({ extraRoutes: [extra], extraPolicies: rows })).rejects.toThrow(
      'path parameters without a declared resolver in src/emulator/policy.ts: GET /api/v1/things/:id (:id has no resolver), HEAD /api/v1/things/:id (:id has no resolver), GET /api/v1/files/* (:* has no resolver, resolver for absent :id), HEAD /api/v1/files/* (:* has no resolver, resolver for absent :id)',
    );
  });

  it('declares a resolver for every path parameter of the real routes', () => {
    for (const row of POLICIES) {
      expect(Object.keys(row.params ?? {}), `${row.method} ${row.url}`).toEqual(routeParams(row.url));
    }
  });

  it('fails closed: a handler reading a parameter as another kind than its row resolved answers 500', async () => {
    const extra = (app: FastifyInstance) => {
      app.get('/api/v1/mixed/:name', async (request) => ({
        ran: resolvedParam(request, 'name', workflowRef),
      }));
    };
    const rows: RoutePolicy[] = [
      { method: 'GET', url: '/api/v1/mixed/:name', scope: null, params: { name: secretNameRef } },
    ];
    emu = await startInProcess({ extraRoutes: [extra], extraPolicies: rows });
    const res = await apiRequest(emu, 'GET', '/api/v1/mixed/ABC');
    expect(res).toMatchObject({ status: 500, body: { detail: 'Internal Server Error' } });
    expect(emu.logLines.join('\n')).toContain('parameter name was not resolved as a workflow');
  });

  it('refuses a table with two rows for one route', () => {
    const row: RoutePolicy = { method: 'GET', url: '/x', scope: null };
    expect(() => new PolicyIndex([row, { ...row }])).toThrow('duplicate access policy for GET /x');
  });

  it('uses the GET row for HEAD', () => {
    const index = new PolicyIndex([{ method: 'GET', url: '/x', scope: 'read' }]);
    expect(index.policyFor('HEAD', '/x')?.scope).toBe('read');
    expect(index.policyFor('POST', '/x')).toBeUndefined();
    expect(index.policyFor('GET', undefined)).toBeUndefined();
  });
});

describe('authorise', () => {
  const setSecret: RoutePolicy = { method: 'PUT', url: '/s/:name', scope: 'secrets:write', minRole: 'admin' };

  it('names the roles a route needs', () => {
    expect(authorise(setSecret, principal('member', ['admin']))).toEqual({
      allowed: false,
      detail: 'requires role admin or owner',
      needed: { role: 'admin' },
      step: 'role',
      decided_by: 'builtin_roles.member',
    });
    expect(authorise({ ...setSecret, minRole: 'member' }, principal('viewer', ['admin']))).toMatchObject({
      detail: 'requires role member, admin or owner',
    });
    expect(authorise({ ...setSecret, minRole: 'owner' }, principal('admin', ['admin']))).toMatchObject({
      detail: 'requires role owner',
    });
  });

  it('names the scope a route needs, met by the coarse scope, the fine one or admin', () => {
    expect(authorise(setSecret, principal('admin', ['read']))).toMatchObject({
      detail: 'requires scope secrets:write',
    });
    for (const scopes of [['write'], ['secrets:write'], ['admin']]) {
      expect(authorise(setSecret, principal('owner', scopes))).toEqual({ allowed: true });
    }
  });

  it('lets any valid key through a route with no scope, and only superusers through superuser routes', () => {
    expect(authorise({ method: 'GET', url: '/me', scope: null }, principal('viewer', []))).toEqual({
      allowed: true,
    });
    const shell: RoutePolicy = { method: 'POST', url: '/dev/shell', scope: null, superuser: true };
    expect(authorise(shell, principal('owner', ['admin']))).toMatchObject({
      detail: 'requires a platform superuser',
    });
    expect(authorise(shell, principal('viewer', [], { isSuperuser: true }))).toEqual({ allowed: true });
  });
});

describe('workflowAllowed', () => {
  it('keeps * within one segment and lets ** cross /', () => {
    expect(workflowAllowed(['*'], 'etl')).toBe(true);
    expect(workflowAllowed(['*'], 'production/etl')).toBe(false);
    expect(workflowAllowed(['**'], 'production/etl/nightly')).toBe(true);
    expect(workflowAllowed(['production/*'], 'production/etl')).toBe(true);
    expect(workflowAllowed(['production/*'], 'production/etl/nightly')).toBe(false);
    expect(workflowAllowed([], 'etl')).toBe(false);
  });

  it('matches only canonical names: text that would need normalising matches no pattern at all', () => {
    for (const name of [
      'production/../staging/x',
      'production/./etl',
      'production//etl',
      '/production/etl',
    ]) {
      for (const patterns of [['production/*'], ['staging/*'], ['**']]) {
        expect(workflowAllowed(patterns, name), `${patterns} ${name}`).toBe(false);
      }
    }
    expect(workflowAllowed(['**'], '../etc')).toBe(false);
    expect(workflowAllowed(['production/*'], 'production\\etl')).toBe(false);
    expect(workflowAllowed(['**'], 'production/etl/')).toBe(false);
  });
});

describe('workflowMatcher', () => {
  it('compiles a key’s patterns once and matches as workflowAllowed does', () => {
    const allowed = workflowMatcher(['production/*', 'staging/**']);
    expect(allowed('production/etl')).toBe(true);
    expect(allowed('production/etl/nightly')).toBe(false);
    expect(allowed('staging/a/b')).toBe(true);
    expect(allowed('etl')).toBe(false);
    expect(allowed('staging/../production/etl')).toBe(false);
    expect(allowed('../staging/x')).toBe(false);
    // A name segment never starts with `.` (the name rule), so `.hidden` is no name to match.
    expect(allowed('production/.hidden')).toBe(false);
    expect(allowed('production/v1.2')).toBe(true);
  });

  it('matches nothing when a key has no patterns', () => {
    const none = workflowMatcher([]);
    for (const name of ['etl', 'production/etl', '**', '*']) expect(none(name)).toBe(false);
  });
});

describe('denials over HTTPS: 403 and an access.denied event', () => {
  const guarded = (app: FastifyInstance) => {
    app.put('/api/v1/test/guarded', async () => ({ ok: true }));
    app.post('/api/v1/test/workflows/:name/run', async (request) => ({
      ran: resolvedParam(request, 'name', workflowRef).name,
    }));
  };
  const policies: RoutePolicy[] = [
    { method: 'PUT', url: '/api/v1/test/guarded', scope: 'secrets:write', minRole: 'admin' },
    {
      method: 'POST',
      url: '/api/v1/test/workflows/:name/run',
      scope: 'execute',
      params: { name: workflowRef },
    },
  ];

  function addKey(e: InProcessEmulator, role: Role, scopes: string[], workflows = ['**']): string {
    const org = defaultOrganization(e.store)!;
    const user = createUser(e.store, { orgId: org.id, role });
    return createApiKey(e.store, { orgId: org.id, userId: user.id, name: role, scopes, workflows }).key;
  }

  it('refuses a role below the policy’s and records who was refused', async () => {
    emu = await startInProcess({ extraRoutes: [guarded], extraPolicies: policies });
    const viewer = addKey(emu, 'viewer', ['admin']);
    const res = await apiRequest(emu, 'PUT', '/api/v1/test/guarded', { key: viewer });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: 'requires role admin or owner' });
    const event = auditRows(emu.store).at(-1)!;
    expect(event).toMatchObject({
      event_type: 'access.denied',
      status: 'denied',
      action: 'PUT /api/v1/test/guarded',
    });
    expect(JSON.parse(event.metadata as string)).toMatchObject({
      role: 'viewer',
      required: { role: 'admin' },
    });
  });

  it('refuses a missing scope, and allows the owner', async () => {
    emu = await startInProcess({ extraRoutes: [guarded], extraPolicies: policies });
    const admin = addKey(emu, 'admin', ['read']);
    expect((await apiRequest(emu, 'PUT', '/api/v1/test/guarded', { key: admin })).body).toEqual({
      detail: 'requires scope secrets:write',
    });
    expect((await apiRequest(emu, 'PUT', '/api/v1/test/guarded')).status).toBe(200);
  });

  it('checks the key’s workflow patterns against the route’s workflow', async () => {
    emu = await startInProcess({ extraRoutes: [guarded], extraPolicies: policies });
    const ci = addKey(emu, 'member', ['execute'], ['production/*']);
    const orgId = defaultOrganization(emu.store)!.id;
    insertWorkflow(emu.store, { orgId, name: 'production/etl', description: '', definition: {} });
    const ok = await apiRequest(emu, 'POST', '/api/v1/test/workflows/production%2Fetl/run', { key: ci });
    expect(ok).toMatchObject({ status: 200, body: { ran: 'production/etl' } });
    const denied = await apiRequest(emu, 'POST', '/api/v1/test/workflows/staging%2Fetl/run', { key: ci });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ detail: 'API key is not allowed to access workflow staging/etl' });
    expect(auditRows(emu.store).at(-1)).toMatchObject({
      event_type: 'access.denied',
      workflow_id: 'staging/etl',
    });
  });
});
