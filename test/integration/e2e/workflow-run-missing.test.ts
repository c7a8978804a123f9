// A run whose definition references several secrets set nowhere, through the built CLI and the
// real emulator: each missing secret is its own line, in the run's error_message (API and audit
// event), in the printed run and under `error: run … failed`, exit 1 as for any failed run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const file = join(tempDir(), 'two.json');
  const nodes = [{ id: 'a', type: 'tool', url: '{{secrets.CRM_TOKEN}}', other: '{{ secrets.OTHER_ONE }}' }];
  writeFileSync(file, JSON.stringify({ name: 'two', version: 1, nodes, edges: [] }));
  const r = await runCli(['workflow', 'create', 'test/two', '--file', file], { env: emu.env });
  expect(r.code).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const LINES = ['secret CRM_TOKEN is not set in staging', 'secret OTHER_ONE is not set in staging'];

describe('a run with two missing secrets', () => {
  it('prints one line per missing secret, in the run and under the error; exit 1', async () => {
    const r = await runCli(['workflow', 'run', 'test/two', '--env', 'staging'], { env: emu.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\nStatus: {7}failed\n/);
    expect(r.stdout.endsWith(`\nError:        ${LINES[0]}\n              ${LINES[1]}\n`)).toBe(true);
    const lines = r.stderr.trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('error: '));
    expect(lines[at]).toMatch(/^error: run run_\w+ failed \(2 problems\)$/);
    expect(lines.slice(at + 1)).toEqual([
      `  ${LINES[0]}`,
      `  ${LINES[1]}`,
      'hint: `fibonacci secret list --env staging` shows the secrets set there',
    ]);
    expect(r.stderr).not.toContain('staging; secret');
  });

  it('the API and the audit event carry one line per missing secret', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows/test%2Ftwo/execute', {
      body: { environment: 'staging' },
    });
    expect(res.status).toBe(200);
    expect((res.body as { error_message: string }).error_message).toBe(LINES.join('\n'));
    const audit = await runCli(['audit', 'logs', '--json'], { env: emu.env });
    expect(audit.stdout).toContain(JSON.stringify(LINES.join('\n')));
  });

  it('one missing secret stays on the error line itself', async () => {
    const r = await runCli(['workflow', 'run', 'test/two'], { env: emu.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed (2 problems)');
    const file = join(tempDir(), 'one.json');
    const nodes = [{ id: 'a', type: 'tool', url: '{{secrets.CRM_TOKEN}}' }];
    writeFileSync(file, JSON.stringify({ name: 'one', version: 1, nodes, edges: [] }));
    expect((await runCli(['workflow', 'create', 'test/one', '--file', file], { env: emu.env })).code).toBe(0);
    const one = await runCli(['workflow', 'run', 'test/one'], { env: emu.env });
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(
      /^error: run run_\w+ failed: secret CRM_TOKEN is not set in the shared scope$/m,
    );
    expect(one.stdout).toMatch(/\nError: {8}secret CRM_TOKEN is not set in the shared scope\n$/);
  });
});
