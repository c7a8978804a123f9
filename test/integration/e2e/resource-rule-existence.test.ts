// A resource rule must not tell whether what it hides exists (hostile pass 15, H15-11). With
// `workflows "production/**": read: [admin]`, a viewer got 403 for an existing production run and
// 404 for a run id that names nothing, so the 403 confirmed the run. Now, as for a key whose
// workflow patterns leave the run out, an unknown id is a 403 in the same words wherever some rule
// could refuse the role that action; the real one's refusal is recorded as access.denied. A
// workflow or secret asked by name is judged by that name, existing or not. The built emulator,
// over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';

let emu: EmulatorHandle;
let viewer: string;
let member: string;
const ids: Record<string, string> = {};
const NO_RUN = 'run_000000000000000000000000';
const NO_WORKFLOW = 'wf_000000000000000000000000';

const get = (path: string, key = viewer) => apiRequest(emu, 'GET', path, { key });
const detail = (r: ApiResponse) => [r.status, (r.body as { detail?: string }).detail];
const refused = (what: string, action = 'read', role = 'viewer') => [
  403,
  `the organization's access policy does not allow role ${role} to ${action} ${what}`,
];

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const definition = { name: 'wf', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] };
  for (const name of ['production/etl', 'staging/etl']) {
    const made = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name, definition } });
    expect(made.status).toBe(201);
    const id = (made.body as { id: string }).id;
    ids[name] = id;
    const run = await apiRequest(emu, 'POST', `/api/v1/workflows/${id}/execute`, {
      body: { input_data: {} },
    });
    expect(run.status).toBe(200);
    ids[`${name} run`] = (run.body as { id: string }).id;
  }
  const set = await apiRequest(emu, 'PUT', '/api/v1/secrets/PROD_DB?environment=production', {
    body: { value: 'v' },
  });
  expect(set.status).toBe(201);
  const me = await apiRequest(emu, 'GET', '/api/v1/auth/me');
  const org = (me.body as { organization_id: string }).organization_id;
  const put = await apiRequest(emu, 'PUT', `/api/v1/organizations/${org}/access-policy`, {
    body: {
      access_control: {
        enabled: true,
        default_role: 'viewer',
        roles: [],
        resources: {
          workflows: { 'production/**': { read: [{ role: 'admin' }], execute: [{ role: 'admin' }] } },
          secrets: { 'production/PROD_*': { read: [{ role: 'admin' }] } },
        },
      },
      network: { ip_allowlist: [], ip_blocklist: [] },
    },
  });
  expect(put.status).toBe(200);
  viewer = await emu.addUser('viewer');
  member = await emu.addUser('member');
}, 120_000);

afterAll(stopAllEmulators);

describe('a resource rule answers alike for what exists and what does not', () => {
  it('a run: the hidden one and an unknown id are the same 403; a readable one is read', async () => {
    const real = ids['production/etl run'] as string;
    expect(detail(await get(`/api/v1/runs/${real}`))).toEqual(refused(`run ${real}`));
    expect(detail(await get(`/api/v1/runs/${NO_RUN}`))).toEqual(refused(`run ${NO_RUN}`));
    expect((await get(`/api/v1/runs/${ids['staging/etl run']}`)).status).toBe(200);
    // The owner, whom no rule refuses, learns that nothing is there.
    expect((await get(`/api/v1/runs/${NO_RUN}`, emu.ownerKey)).status).toBe(404);
  });

  it('a workflow by id: executing the hidden one and an unknown id are the same 403', async () => {
    const run = (id: string) =>
      apiRequest(emu, 'POST', `/api/v1/workflows/${id}/execute`, { key: member, body: { input_data: {} } });
    const real = ids['production/etl'] as string;
    expect(detail(await run(real))).toEqual(refused(`workflow ${real}`, 'execute', 'member'));
    expect(detail(await run(NO_WORKFLOW))).toEqual(refused(`workflow ${NO_WORKFLOW}`, 'execute', 'member'));
    // By name, the rule judges the name asked: the same 403 whether or not it exists.
    const byName = (name: string) => run(encodeURIComponent(name));
    expect(detail(await byName('production/etl'))).toEqual(
      refused('workflow production/etl', 'execute', 'member'),
    );
    expect(detail(await byName('production/none'))).toEqual(
      refused('workflow production/none', 'execute', 'member'),
    );
    expect((await run(ids['staging/etl'] as string)).status).toBe(200);
  });

  it('a secret by name: judged by the name asked, existing or not', async () => {
    const q = '?environment=production';
    expect(detail(await get(`/api/v1/secrets/PROD_DB${q}`))).toEqual(refused('secrets/production/PROD_DB'));
    expect(detail(await get(`/api/v1/secrets/PROD_NONE${q}`))).toEqual(
      refused('secrets/production/PROD_NONE'),
    );
  });

  it('the real refusal is recorded as access.denied with the rule that decided', async () => {
    const real = ids['production/etl run'] as string;
    expect((await get(`/api/v1/runs/${real}`)).status).toBe(403);
    const events = await apiRequest(emu, 'GET', '/api/v1/audit/events?event_type=access.denied&limit=100');
    const list = (
      events.body as { events: { metadata: Record<string, unknown>; workflow_id: string | null }[] }
    ).events;
    const rule = 'access_control.resources.workflows."production/**".read';
    expect(list.some((e) => e.metadata.decided_by === rule && e.workflow_id === 'production/etl')).toBe(true);
    expect(list.some((e) => e.metadata.decided_by === rule && e.metadata.resolved === false)).toBe(true);
  });
});
