// `audit logs --workflow custmer-support`, a typo of a workflow that exists (newcomer pass 10,
// AUDITWF): an empty list, said nothing. Now stderr says there are no events for that workflow,
// with the near name, when the key may list workflows; stdout's data is what it was. The built CLI,
// the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const file = join(tempDir(), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'cs', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  const made = await runCli(['workflow', 'create', 'customer-support', '--file', file], { env: emu.env });
  expect(made.code, made.stderr).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const listed = (from: number) =>
  emu
    .accessLog()
    .slice(from)
    .filter((l) => l.path.startsWith('/api/v1/workflows'));

describe('audit logs --workflow with a typo', () => {
  it.each([
    [[], ''],
    [['--json'], '[]\n'],
  ])('%j: stdout as before, the near name on stderr, exit 0', async (flags, stdout) => {
    const r = await runCli(['audit', 'logs', '--workflow', 'custmer-support', ...flags], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      stdout,
      'warning: no events for workflow custmer-support, did you mean customer-support?\n',
    ]);
  });

  it('a name like none: said so, with where the names are', async () => {
    const r = await runCli(['audit', 'logs', '--workflow', 'zzz-nothing-like'], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      '',
      'warning: no events for workflow zzz-nothing-like, and no workflow this key may see has that name\n' +
        'hint: `fibonacci workflow list` shows the workflows your key may see\n',
    ]);
  });

  it('a workflow with events: nothing said, no list asked', async () => {
    const from = emu.accessLog().length;
    const r = await runCli(['audit', 'logs', '--workflow', 'customer-support'], { env: emu.env });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('workflow.created');
    expect(listed(from)).toEqual([]);
  });

  it('a key that may not list workflows: nothing said, no list asked', async () => {
    const key = await emu.addUser('member', ['--scope', 'audit:read']);
    const from = emu.accessLog().length;
    const r = await runCli(['audit', 'logs', '--workflow', 'custmer-support', '--json'], {
      env: { ...emu.env, FIBONACCI_API_KEY: key },
    });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '[]\n', '']);
    expect(listed(from)).toEqual([]);
  });
});
