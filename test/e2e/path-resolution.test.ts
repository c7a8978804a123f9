// Item 14 of the adversarial review, end to end: the built CLI and raw HTTPS against a spawned
// emulator. Names as long as the contract allows must work (one over: the rule's refusal, never
// Fastify's 414).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type EmulatorHandle, runCli, startEmulator, tempDir } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let agent: Agent;
let ci: string;
let def: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  agent = new Agent({ connect: { ca: readFileSync(emu.caCertPath), minVersion: 'TLSv1.3' } });
  def = join(tempDir(), 'wf.json');
  writeFileSync(def, JSON.stringify({ nodes: [{ name: 'step' }] }));
  for (const name of ['production/etl', 'staging/x']) {
    expect((await runCli(['workflow', 'create', name, '--file', def], { env: emu.env })).code).toBe(0);
  }
  ci = await emu.addUser('member', ['--scope', 'execute', '--workflows', 'production/*']);
}, 90_000);
afterAll(async () => {
  await agent?.close();
  await emu?.stop();
});

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
