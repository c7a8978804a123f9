import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser, defaultOrganization } from '../../../src/emulator/accounts.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
let etlId: string;
let prodKey: string;
const definition = {
  name: 'etl',
  version: 1,
  nodes: [
    { id: 'classifier', type: 'llm' },
    { id: 'responder', type: 'llm' },
  ],
  edges: [{ from: 'classifier', to: 'responder' }],
};

beforeAll(async () => {
  emu = await startInProcess();
  const org = defaultOrganization(emu.store)!;
  const user = createUser(emu.store, { orgId: org.id, role: 'member' });
  prodKey = createApiKey(emu.store, {
    orgId: org.id,
    userId: user.id,
    name: 'prod-exec',
    scopes: ['execute'],
    workflows: ['production/*'],
  }).key;
  const etl = await apiRequest(emu, 'POST', '/api/v1/workflows', {
    body: { name: 'production/etl', description: 'nightly', definition },
  });
  etlId = (etl.body as { id: string }).id;
  await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: 'staging/etl', definition } });
});
afterAll(async () => {
  await emu.close();
});

describe('workflows', () => {
  it('creates a workflow (201) and refuses a duplicate (409) or a name with .. (422)', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: 'a/b' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^wf_[0-9a-f]{24}$/),
      name: 'a/b',
      description: '',
      is_active: true,
      created_at: emu.clock.now().toISOString(),
    });
    const dup = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: 'a/b' } });
    expect(dup).toMatchObject({ status: 409, body: { detail: 'a workflow named a/b already exists' } });
    const bad = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: 'production/../x' } });
    expect(bad.status).toBe(422);
  });

  it('lists a bare array by name, with skip and limit, filtered by the key’s patterns', async () => {
    const all = await apiRequest(emu, 'GET', '/api/v1/workflows');
    expect((all.body as Array<{ name: string }>).map((w) => w.name)).toEqual([
      'a/b',
      'production/etl',
      'staging/etl',
    ]);
    const page = await apiRequest(emu, 'GET', '/api/v1/workflows?skip=1&limit=1');
    expect((page.body as Array<{ name: string }>).map((w) => w.name)).toEqual(['production/etl']);
    const { key } = createApiKey(emu.store, {
      orgId: defaultOrganization(emu.store)!.id,
      userId: createUser(emu.store, { orgId: defaultOrganization(emu.store)!.id, role: 'viewer' }).id,
      name: 'reader',
      scopes: ['read'],
      workflows: ['production/*'],
    });
    const mine = await apiRequest(emu, 'GET', '/api/v1/workflows', { key });
    expect((mine.body as Array<{ name: string }>).map((w) => w.name)).toEqual(['production/etl']);
  });
});

describe('execute and runs', () => {
  it('records a completed run and a workflow.execute event in the seed’s shape', async () => {
    const input = { ticket: 42, text: 'hello' };
    const res = await apiRequest(emu, 'POST', `/api/v1/workflows/${etlId}/execute`, {
      key: prodKey,
      body: { input_data: input },
    });
    expect(res.status).toBe(200);
    const run = res.body as Record<string, unknown>;
    expect(run).toMatchObject({
      id: expect.stringMatching(/^run_/),
      workflow_id: etlId,
      status: 'completed',
      input_data: input,
      output_data: { nodes_executed: ['classifier', 'responder'] },
      error_message: null,
    });
    expect(typeof run.duration_seconds).toBe('number');
    const event = auditRows(emu.store).at(-1)!;
    expect({ ...event, metadata: JSON.parse(event.metadata as string) }).toMatchObject({
      event_type: 'workflow.execute',
      workflow_id: 'production/etl',
      action: 'execute',
      status: 'success',
      ip_address: '127.0.0.1',
      duration_ms: expect.any(Number),
      metadata: {
        input_hash: createHash('sha256').update('{"text":"hello","ticket":42}').digest('hex'),
        nodes_executed: ['classifier', 'responder'],
        api_key_id: expect.stringMatching(/^key_/),
        run_id: run.id,
      },
    });
    expect(event.metadata).not.toContain('hello');
    const got = await apiRequest(emu, 'GET', `/api/v1/runs/${run.id}`);
    expect(got.body).toEqual(run);
  });

  it('executes by name too, and without a body', async () => {
    const res = await apiRequest(
      emu,
      'POST',
      `/api/v1/workflows/${encodeURIComponent('production/etl')}/execute`,
      {
        key: prodKey,
      },
    );
    expect(res).toMatchObject({ status: 200, body: { workflow_id: etlId, input_data: {} } });
  });

  it('gives a production/* key 403 on staging/etl, by name or id, and records access.denied', async () => {
    const staging = (await apiRequest(emu, 'GET', '/api/v1/workflows')).body as Array<{
      id: string;
      name: string;
    }>;
    const stagingId = staging.find((w) => w.name === 'staging/etl')!.id;
    for (const ref of [stagingId, 'staging%2Fetl', 'production%2F..%2Fstaging%2Fetl', 'staging%2Fnope']) {
      const res = await apiRequest(emu, 'POST', `/api/v1/workflows/${ref}/execute`, {
        key: prodKey,
        body: {},
      });
      expect(res.status, ref).toBe(403);
      expect((res.body as { detail: string }).detail).toMatch(/^API key is not allowed to access workflow /);
    }
    const event = auditRows(emu.store).at(-1)!;
    expect(event).toMatchObject({
      event_type: 'access.denied',
      status: 'denied',
      workflow_id: 'staging/nope',
    });
  });

  it('404s an unknown name within the patterns; an unknown id only for a key that sees everything', async () => {
    const missing = { status: 404, body: { detail: 'Workflow not found' } };
    const execute = (ref: string, key?: string) =>
      apiRequest(emu, 'POST', `/api/v1/workflows/${ref}/execute`, { body: {}, ...(key ? { key } : {}) });
    expect(await execute('production%2Fnope', prodKey)).toMatchObject(missing);
    // An id names no workflow the key may know of: 403, as for an id outside its patterns.
    expect(await execute('wf_000000000000000000000000', prodKey)).toMatchObject({
      status: 403,
      body: { detail: 'API key is not allowed to access workflow wf_000000000000000000000000' },
    });
    expect(await execute('wf_000000000000000000000000')).toMatchObject(missing);
    const run = await apiRequest(emu, 'GET', '/api/v1/runs/run_nope');
    expect(run).toMatchObject({ status: 404, body: { detail: 'Run not found' } });
  });

  it('refuses a run of a workflow outside the key’s patterns', async () => {
    const staging = await apiRequest(emu, 'POST', '/api/v1/workflows/staging%2Fetl/execute', { body: {} });
    const runId = (staging.body as { id: string }).id;
    const { key } = createApiKey(emu.store, {
      orgId: defaultOrganization(emu.store)!.id,
      userId: createUser(emu.store, { orgId: defaultOrganization(emu.store)!.id, role: 'viewer' }).id,
      name: 'r',
      scopes: ['read'],
      workflows: ['production/*'],
    });
    expect((await apiRequest(emu, 'GET', `/api/v1/runs/${runId}`, { key })).status).toBe(403);
  });
});
