// How a refused create names what was wrong, through the built CLI and the real emulator: a node
// type outside the allowed ones is quoted (escaped), unless it could be a secret, then said by its
// length; and a mistyped format is named plainly at create and in security check, not masked.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let work: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  work = tempDir();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const ALLOWED = 'must be one of "llm", "tool", "critic", "condition"';
const TOKEN = `${'ghp'}_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z`;

const create = (name: string, def: unknown) => {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(def));
  // Past the create's own credential refusal: the server's words are what is tested here.
  return runCli(['workflow', 'create', `test/${name}`, '--file', file, '--allow-hardcoded-credentials'], {
    env: emu.env,
  });
};
const wf = (nodes: unknown[], extra: object = {}) => ({ name: 'x', version: 1, nodes, edges: [], ...extra });

describe('workflow create: the refused value is named', () => {
  it('a mistyped node type is quoted after the allowed ones; exit 2', async () => {
    const r = await create(
      'typo',
      wf([
        { id: 'a', type: 'llmm' },
        { id: 'b', type: 'to"ol\u0007' },
        { id: 'c', type: 7 },
      ]),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`  definition.nodes.0.type: ${ALLOWED}, not "llmm"\n`);
    // Not name-shaped (a quote, a control character): said by its length, never printed raw.
    expect(r.stderr).toContain(`  definition.nodes.1.type: ${ALLOWED}, not a value of 6 characters\n`);
    expect(r.stderr).not.toContain('\u0007');
    expect(r.stderr).toContain(`  definition.nodes.2.type: ${ALLOWED}, not 7\n`);
  });

  it('a type that could be a secret is said by its length, in the 422 and in the output', async () => {
    const def = wf([{ id: 'a', type: TOKEN }]);
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'test/tok', definition: def },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    const [item] = (res.body as { detail: Array<{ msg: string }> }).detail;
    expect(item?.msg).toBe(`${ALLOWED}, not a value of 41 characters`);
    const r = await create('tok', def);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`  definition.nodes.0.type: ${ALLOWED}, not a value of 41 characters\n`);
    expect(r.stderr).not.toContain(TOKEN.slice(4));
  });

  it('a mistyped format is named plainly at create and in security check', async () => {
    const def = wf([{ id: 'a', type: 'llm' }], {
      input_schema: { type: 'object', properties: { email: { type: 'string', format: 'emial' } } },
    });
    const r = await create('fmt', def);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('  definition.input_schema.properties.email.format: unknown format "emial"\n');
    expect(r.stderr).not.toMatch(/ignored|characters/);
    writeFileSync(join(work, 'fmt-wf.json'), JSON.stringify(def));
    const scan = await check(work, ['fmt-wf.json']);
    expect(scan.code).toBe(11);
    expect(scan.stdout).toContain(
      'input-schema-invalid  input_schema.properties.email.format: unknown format "emial"\n',
    );
  });
});
