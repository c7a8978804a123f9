import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let def: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  def = join(tempDir(), 'etl.json');
  writeFileSync(
    def,
    JSON.stringify({
      name: 'etl',
      version: 1,
      nodes: [
        { id: 'extract', type: 'tool' },
        { id: 'load', type: 'tool' },
      ],
      edges: [{ from: 'extract', to: 'load' }],
    }),
  );
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('workflows end to end: an execute-only production/* key', () => {
  it('runs production/etl, gets 403 on staging/etl, and the run is audited in the seed’s shape', async () => {
    const created = await Promise.all(
      ['production/etl', 'staging/etl'].map((n) =>
        runCli(['workflow', 'create', n, '--file', def], { env: emu.env }),
      ),
    );
    for (const c of created)
      expect(c).toMatchObject({ code: 0, stdout: expect.stringMatching(/^wf_\w+\n$/) });
    const list = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((w) => w.name)).toEqual([
      'production/etl',
      'staging/etl',
    ]);

    const made = await runCli(
      [
        'auth',
        'create-key',
        '--name',
        'production',
        '--scope',
        'execute',
        '--workflows',
        'production/*',
        '--json',
      ],
      { env: emu.env },
    );
    const { id: keyId, key } = JSON.parse(made.stdout) as { id: string; key: string };
    const env = { ...emu.env, FIBONACCI_API_KEY: key };

    const ok = await runCli(['workflow', 'run', 'production/etl', '--input', '{"day":"2026-01-23","n":1}'], {
      env,
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^Run: {10}run_\w+\nWorkflow: {5}production\/etl\nEnvironment: {2}\(shared\)\nStatus: {7}completed\nStarted: {6}\S+Z\nDuration: {5}(?:under 1 ms|\d+(?:\.\d)? ms|\d+\.\d{3} s)\nNodes: {8}extract, load\n$/,
    );
    const denied = await runCli(['workflow', 'run', 'staging/etl'], { env });
    expect(denied).toMatchObject({ code: 5, stdout: '' });
    expect(denied.stderr).toMatch(
      /^error: not allowed: API key is not allowed to access workflow staging\/etl \(request req_\w+\)\nhint: /,
    );

    const audit = await apiRequest(emu, 'GET', '/api/v1/audit/events?limit=100');
    const events = (audit.body as { events: Array<Record<string, unknown>> }).events;
    expect(events.find((e) => e.event_type === 'workflow.execute')).toMatchObject({
      workflow_id: 'production/etl',
      ip_address: '127.0.0.1',
      action: 'execute',
      status: 'success',
      duration_ms: expect.any(Number),
      metadata: {
        input_hash: createHash('sha256').update('{"day":"2026-01-23","n":1}').digest('hex'),
        nodes_executed: ['extract', 'load'],
        api_key_id: keyId,
      },
    });
    // One denial for this key, the one that was refused: running by name asked who the key is
    // instead of trying a list it may not read.
    const denials = events.filter(
      (e) => e.event_type === 'access.denied' && (e.metadata as { api_key_id?: string }).api_key_id === keyId,
    );
    expect(denials).toHaveLength(1);
    expect(denials[0]).toMatchObject({ workflow_id: 'staging/etl', status: 'denied' });
  });

  it('refuses a name outside the rule before any request, in words, with a hint (NC12-9)', async () => {
    const bad = await runCli(['workflow', 'create', 'bad name!', '--file', def], { env: emu.env });
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe(
      'error: invalid workflow name (9 characters, not repeated here): up to 8 /-separated segments, each 1 to 64 letters, digits, _, . and -, starting with a letter or digit\nhint: a workflow name is such as production/etl or staging/etl-v2\n',
    );
  });

  it('prints the run as JSON and rephrases an unknown workflow (exit 12) and a name taken (409, exit 2)', async () => {
    const run = await runCli(['workflow', 'run', 'production/etl', '--json'], { env: emu.env });
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'completed',
      input_data: {},
      error_message: null,
    });
    const missing = await runCli(['workflow', 'run', 'production/nope'], { env: emu.env });
    expect(missing).toMatchObject({ code: 12, stdout: '' });
    expect(missing.stderr).toMatch(/^error: no workflow named production\/nope \(request req_\w+\)\n/);
    const taken = await runCli(['workflow', 'create', 'production/etl', '--file', def], { env: emu.env });
    expect(taken).toMatchObject({ code: 2, stdout: '' });
    expect(taken.stderr).toMatch(
      /^error: a workflow named production\/etl already exists \(request req_\w+\)\nhint: a workflow cannot be changed or deleted through this API: create the new version under a new name \(e\.g\. production\/etl-v2\); `fibonacci workflow list` shows the names taken\n$/,
    );
  });
});
