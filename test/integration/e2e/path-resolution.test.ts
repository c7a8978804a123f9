// Items 1 and 14 of the adversarial review, end to end: the built CLI and raw HTTPS against a
// spawned emulator. A key limited to production/* must not run staging/x by any spelling of its
// name or id, and names as long as the contract allows must work (one over: the rule's refusal,
// never Fastify's 414).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let agent: Agent;
let ci: string;
let def: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  agent = new Agent({ connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' } });
  def = join(tempDir(), 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'x', version: 1, nodes: [{ id: 'step', type: 'tool' }], edges: [] }),
  );
  for (const name of ['production/etl', 'staging/x']) {
    expect((await runCli(['workflow', 'create', name, '--file', def], { env: emu.env })).code).toBe(0);
  }
  ci = await emu.addUser('member', ['--scope', 'execute', '--workflows', 'production/*']);
}, 90_000);
afterAll(async () => {
  await agent?.close();
  await emu?.stop();
});

async function events(type: string): Promise<Array<Record<string, unknown>>> {
  const res = await apiRequest(emu, 'GET', `/api/v1/audit/events?event_type=${type}&limit=1000`);
  return (res.body as { events: Array<Record<string, unknown>> }).events;
}
const stagingRuns = async () =>
  (await events('workflow.execute')).filter((e) => e.workflow_id === 'staging/x');

/** A raw execute: the path goes out byte for byte (no URL normalisation of `..` or `%2F`). */
async function execute(ref: string, key: string): Promise<{ status: number; body: unknown }> {
  const res = await agent.request({
    origin: emu.url,
    path: `/api/v1/workflows/${ref}/execute`,
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.statusCode, body: await res.body.json() };
}

describe('review item 1: a key limited to production/* runs nothing outside it', () => {
  it("`workflow run 'wf_/../staging/x'` is no name and no id: exit 2, nothing sent, nothing run", async () => {
    // Refused by the CLI itself since newcomer s14 NC-12 (create's name rule); the server's own
    // refusal of such paths is the next test's.
    const before = (await events('access.denied')).length;
    const r = await runCli(['workflow', 'run', 'wf_/../staging/x'], {
      env: { ...emu.env, FIBONACCI_API_KEY: ci },
    });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^error: invalid workflow name /);
    expect(await stagingRuns()).toEqual([]);
    expect((await events('access.denied')).length).toBe(before);
  });

  it('the raw requests of the review are 403 for the key and 404 for the owner; none runs', async () => {
    const refs = [
      'wf_%2F..%2Fstaging%2Fx',
      'wf_%5C..%5Cstaging%5Cx',
      'wf_%2F..%2Fstaging',
      'production%2F..%2Fstaging%2Fx',
    ];
    for (const ref of refs) {
      expect(await execute(ref, ci), ref).toEqual({
        status: 403,
        body: { detail: `API key is not allowed to access workflow ${decodeURIComponent(ref)}` },
      });
      // The owner may know that nothing has that name: it is no name (not even staging/x's).
      expect(await execute(ref, emu.ownerKey), ref).toEqual({
        status: 404,
        body: { detail: 'Workflow not found' },
      });
    }
    expect(await stagingRuns()).toEqual([]);
  });

  it('an existing staging workflow and a missing one look the same to the key, by name or by id', async () => {
    const list = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    const staging = (JSON.parse(list.stdout) as Array<{ id: string; name: string }>).find(
      (w) => w.name === 'staging/x',
    );
    const missingId = 'wf_000000000000000000000000';
    for (const [ref, shown] of [
      [staging!.id, staging!.id],
      [missingId, missingId],
      ['staging%2Fx', 'staging/x'],
      ['staging%2Fnope', 'staging/nope'],
    ]) {
      expect(await execute(ref as string, ci)).toEqual({
        status: 403,
        body: { detail: `API key is not allowed to access workflow ${shown}` },
      });
    }
    // A name may not take the id shape: it could never be reached by name.
    const idShaped = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: missingId } });
    expect(idShaped.status).toBe(422);
    // Inside its patterns the key may know: a missing production workflow is 404.
    expect((await execute('production%2Fnope', ci)).status).toBe(404);
    expect((await execute('production%2Fetl', ci)).status).toBe(200);
  });
});

describe('review item 14: the longest names the contract allows work; one over is refused by the rule', () => {
  it('a 128-character secret name: set, read and delete through the CLI; 129 is 422, never 414', async () => {
    const name = `S${'A'.repeat(127)}`;
    const set = await runCli(['secret', 'set', name], { env: emu.env, input: 'v' });
    expect(set).toMatchObject({ code: 0 });
    const list = await runCli(['secret', 'list', '--json'], { env: emu.env });
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((s) => s.name)).toContain(name);
    expect((await runCli(['secret', 'delete', name, '--yes'], { env: emu.env })).code).toBe(0);
    const over = await apiRequest(emu, 'PUT', `/api/v1/secrets/${name}B`, { body: { value: 'v' } });
    expect(over.status).toBe(422);
    expect((over.body as { detail: Array<{ loc: unknown[] }> }).detail[0]?.loc).toEqual(['path', 'name']);
    const cliOver = await runCli(['secret', 'set', `${name}B`], { env: emu.env, input: 'v' });
    expect(cliOver).toMatchObject({ code: 2, stdout: '' });
  });

  it('a 519-character workflow name (8 segments of 64): created, and run by name with an execute-only key', async () => {
    const name = Array.from({ length: 8 }, (_, i) => `${i}`.padEnd(64, 'w')).join('/');
    expect(name).toHaveLength(519);
    expect((await runCli(['workflow', 'create', name, '--file', def], { env: emu.env })).code).toBe(0);
    const runner = await emu.addUser('member', ['--scope', 'execute']);
    const run = await runCli(['workflow', 'run', name, '--json'], {
      env: { ...emu.env, FIBONACCI_API_KEY: runner },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed' });

    const over = `${name}w`; // its last segment is 65 long
    const created = await apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name: over } });
    expect(created.status).toBe(422);
    expect(await execute(encodeURIComponent(over), emu.ownerKey)).toEqual({
      status: 404,
      body: { detail: 'Workflow not found' },
    });
    expect((await execute(encodeURIComponent(over), ci)).status).toBe(403);
  });

  it('only a parameter longer than any name is 414, still with a {"detail"} body', async () => {
    const res = await execute('a'.repeat(1039), emu.ownerKey);
    expect(res).toEqual({ status: 414, body: { detail: 'path parameter longer than 1038 characters' } });
  });
});
