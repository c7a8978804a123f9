// A token pasted as a reference's name (`{{secrets.ghp_…}}`): the emulator refuses the definition
// (422) without repeating it, so no run carries it in its error or its audit event. A reference to
// an ordinary name is created as before. The built CLI against the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;
const definition = (name: string) =>
  JSON.stringify({
    name: 'refs',
    version: 1,
    nodes: [{ id: 'a', type: 'llm', prompt: `key: {{secrets.${name}}}` }],
    edges: [],
  });

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(stopAllEmulators);

describe('a reference names a secret, never a token', () => {
  it('{{secrets.ghp_…}}: exit 2, the token not repeated, nothing created', async () => {
    const file = join(tempDir('fib-refs-'), 'wf.json');
    writeFileSync(file, definition(TOKEN));
    const r = await runCli(
      ['workflow', 'create', 'test/refs-token', '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('looks like a credential');
    expect(r.stdout + r.stderr).not.toContain(TOKEN.slice(4, 20));
    const list = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect(list.stdout).not.toContain('test/refs-token');
  });

  it('{{secrets.OPENAI_API_KEY}}: created', async () => {
    const file = join(tempDir('fib-refs-'), 'wf.json');
    writeFileSync(file, definition('OPENAI_API_KEY'));
    const r = await runCli(
      ['workflow', 'create', 'test/refs-name', '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect(r.code, r.stderr).toBe(0);
  });
});
