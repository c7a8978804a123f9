// A `{{secrets.NAME}}` reference whose NAME is longer than any secret name can be (128
// characters) was stored (hostile pass 14, H14c-11): every run would then fail on a secret that
// can never be set. `workflow create` is now refused with 422, exit 2, naming the node and the
// reference without repeating the name; 128 characters is still a name. Built CLI, real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
const dir = tempDir('fib-ref-long-');

function definitionFile(file: string, reference: string, where: 'node' | 'root' = 'node'): string {
  const path = join(dir, file);
  const node =
    where === 'node' ? { id: 'fetch', type: 'tool', url: reference } : { id: 'fetch', type: 'tool' };
  writeFileSync(
    path,
    JSON.stringify({
      name: 'w',
      version: 1,
      nodes: [{ id: 'start', type: 'llm' }, node],
      edges: [],
      ...(where === 'root' ? { headers: { token: reference } } : {}),
    }),
  );
  return path;
}

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(stopAllEmulators);

const RULE = 'letters, digits and _, not starting with a digit, at most 128 characters';

describe('workflow create: a reference no secret can answer', () => {
  it('a 129-character name is refused, naming its node and not the name', async () => {
    const name = `K${'x'.repeat(128)}`;
    const file = definitionFile('long.json', `https://api.example.com/{{secrets.${name}}}`);
    const r = await runCli(['workflow', 'create', 'prod/long', '--file', file], { env: emu.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: the definition of prod/long is not valid \\(request req_\\w+\\)\\n  definition\\.nodes\\.1: node "fetch" references \\{\\{secrets\\.…\\}\\}, a name of 129 characters no secret can have \\(${RULE}\\): it could never be set\\n`,
      ),
    );
    expect(r.stderr).not.toContain(name);
    const list = await runCli(['workflow', 'list'], { env: emu.env });
    expect(list.stdout).not.toContain('prod/long');
  });

  it('outside the nodes it is the definition that is named', async () => {
    const file = definitionFile('root.json', `{{ secrets.${'Y'.repeat(200)} }}`, 'root');
    const r = await runCli(['workflow', 'create', 'prod/root', '--file', file], { env: emu.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `  definition: the definition references {{secrets.…}}, a name of 200 characters no secret can have (${RULE}): it could never be set\n`,
    );
  });

  it('a name of exactly 128 characters is a name: created', async () => {
    const file = definitionFile('max.json', `{{secrets.${'Z'.repeat(128)}}}`);
    const r = await runCli(['workflow', 'create', 'prod/max', '--file', file], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wf_[0-9a-f]{24}\n$/);
  });
});
