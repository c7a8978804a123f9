// A run whose definition references thousands of secrets set nowhere (H-wf-7): its error named each
// one, in the run and again in its audit event, so every run of a 1 MiB definition stored megabytes
// (30,000 references: about 3 MB a run) and the CLI printed every line twice. At most 50 are named,
// the rest counted in one line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
const REFS = 2_000;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  const file = join(tempDir(), 'many.json');
  let prompt = '';
  for (let i = 0; i < REFS; i++) prompt += `{{secrets.S${i}}} `;
  const nodes = [{ id: 'a', type: 'llm', prompt }];
  writeFileSync(file, JSON.stringify({ name: 'many', version: 1, nodes, edges: [] }));
  const r = await runCli(['workflow', 'create', 'test/many', '--file', file], { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const LAST = `and ${(REFS - 50).toLocaleString('en-US')} more secrets it references not set in the shared scope`;

describe('a run with thousands of missing secrets', () => {
  it('names 50 and counts the rest, in the run, its event and the CLI', async () => {
    const r = await runCli(['workflow', 'run', 'test/many'], { env: emu.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\nError:        secret S0 is not set in the shared scope\n');
    expect(r.stdout).toContain('\n              secret S49 is not set in the shared scope\n');
    expect(r.stdout).not.toContain('secret S50 ');
    expect(r.stdout.endsWith(`\n              ${LAST}\n`)).toBe(true);
    expect(r.stderr).toMatch(/^error: run run_\w+ failed \(51 problems\)$/m);
    expect(r.stderr.split('\n').length).toBeLessThan(60);
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows/test%2Fmany/execute', { body: {} });
    const message = (res.body as { error_message: string }).error_message;
    expect(message.split('\n')).toHaveLength(51);
    expect(message.endsWith(LAST)).toBe(true);
    const audit = await runCli(['audit', 'logs', '--json', '--limit', '1'], { env: emu.env });
    expect(audit.stdout).toContain(JSON.stringify(message));
    expect(audit.stdout.length).toBeLessThan(10_000);
  });
});
