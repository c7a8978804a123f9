// What `workflow run NAME` says about a NAME that is not one (newcomer pass 10): an empty one
// (RUNEMPTY: "not a name or an id", hint "give the workflow itself"). The built CLI, the real
// emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let file: string;
beforeAll(async () => {
  emu = await startEmulator();
  file = join(tempDir(), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'etl', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  expect(
    (await runCli(['workflow', 'create', 'customer-support', '--file', file], { env: emu.env })).code,
  ).toBe(0);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const LIST_HINT = 'hint: `fibonacci workflow list` shows the workflows your key may see\n';

describe('an empty workflow name', () => {
  it.each([
    ['', 'it is empty'],
    ['  ', 'it is only blanks'],
  ])('run %j: said empty, hint workflow list, exit 2, no request', async (name, words) => {
    const before = emu.accessLog().length;
    const r = await runCli(['workflow', 'run', name], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `error: invalid workflow name: ${words}\n${LIST_HINT}`,
    ]);
    expect(emu.accessLog().length).toBe(before);
  });

  it('create "": said empty before any request', async () => {
    const r = await runCli(['workflow', 'create', '', '--file', file], { env: emu.env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: invalid workflow name: it is empty\nhint: give the name to create, such as production/etl\n',
    ]);
  });
});
