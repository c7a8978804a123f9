// Text that reads like a {{secrets.NAME}} reference with a brace dropped or the word misspelt
// (`{{secrets.X}`, `{secrets.X}}`, `{{sercets.X}}`, `{{secrest.X}}`) is sent to the tool as text:
// the gate warns about it and `workflow create` says so, with the reference it was meant to be.
// Templates of other kinds stay quiet: Jinja's `{{ item }}`, `{{inputs.x}}`, a prompt's
// `{secret}`, a word two edits away that is a word (`{{regrets.x}}`); `${{ secrets.X }}` (GitHub
// Actions' form) holds a reference the server resolves. The built CLI against a real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const definition = (text: string) =>
  JSON.stringify({
    name: 'x',
    version: 1,
    nodes: [{ id: 'a', type: 'llm', prompt: `use ${text}` }],
    edges: [],
  });
const MISSPELT = ['{{secrets.API_KEY}', '{secrets.API_KEY}}', '{{sercets.API_KEY}}', '{{secrest.API_KEY}}'];
const QUIET = [
  '{{ item }}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub Actions' form, as a definition holds it.
  '${{ secrets.API_KEY }}',
  '{{inputs.x}}',
  'your {secret}',
  '{{regrets.x}}',
  '{{secretary}}',
];
const MEANT = '(did you mean {{secrets.API_KEY}}?)';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(stopAllEmulators);

describe('a brace dropped or `secrets` misspelt reads like a reference', () => {
  it.each(MISSPELT)('%s: the gate warns at its place; create warns and creates', async (text) => {
    const root = makeTree({ 'wf.json': definition(text) });
    const gate = await check(root, ['wf.json']);
    expect(gate.code, gate.stdout).toBe(0);
    expect(gate.stdout).toContain(
      `1:71     warning secret-reference-misspelt  this reads like a {{secrets.NAME}} reference and is not one ${MEANT}`,
    );
    const r = await runCli(
      ['workflow', 'create', `test/near-${MISSPELT.indexOf(text)}`, '--file', join(root, 'wf.json')],
      {
        env: emu.env,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `warning: the definition holds text that reads like a {{secrets.NAME}} reference and is not one ${MEANT}`,
    );
  });

  it.each(QUIET)('%s: no warning from either', async (text) => {
    const root = makeTree({ 'wf.json': definition(text) });
    const gate = await check(root, ['wf.json']);
    expect(gate.code, gate.stdout).toBe(0);
    expect(gate.stdout).toContain('0 findings');
    const file = join(tempDir('fib-near-'), 'wf.json');
    writeFileSync(file, definition(text));
    const r = await runCli(['workflow', 'create', `test/quiet-${QUIET.indexOf(text)}`, '--file', file], {
      env: emu.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
  });
});
