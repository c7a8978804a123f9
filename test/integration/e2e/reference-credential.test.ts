// A credential pasted where a reference's name goes (`{{secrets.Xk9m…}}`, a random value of no
// token's shape): the server refuses it, so the gate must fail on it too, in a well-formed
// reference and in text that only reads like one (`{{Secrets.…}}`, `{{secrets.…-x}}`), which the
// server would otherwise store and send as text. Every report masks it past its first 4
// characters, the misspelt-reference warning on the same text included. The built CLI against a
// real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Random letters and digits of no provider's shape, built from parts.
const VALUE = `${'Xk9mQ2vL'}${'8pR4tW7zAb3c'}`;
const definition = (ref: string) =>
  JSON.stringify({
    name: 'x',
    version: 1,
    nodes: [{ id: 'a', type: 'llm', prompt: `use ${ref}` }],
    edges: [],
  });
const FORMS = [
  `{{secrets.${VALUE}}}`,
  `{{Secrets.${VALUE}}}`,
  `{{secrets.${VALUE}-x}}`,
  `{{sercets.${VALUE}}`,
];

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(stopAllEmulators);

describe('security check: a credential where a reference names a secret', () => {
  it.each(FORMS)('%s is an error (exit 11), masked in text, --json and SARIF', async (ref) => {
    const root = makeTree({ 'wf.json': definition(ref) });
    const text = await check(root, ['wf.json']);
    expect(text.code, text.stdout + text.stderr).toBe(11);
    expect(text.stdout).toMatch(
      /^ {2}1:\d+ +error +secret-reference-credential .*\(Xk9m…, \d+ characters\)$/m,
    );
    expect(text.stdout).toContain('Xk9m****************');
    const json = await check(root, ['--json', 'wf.json']);
    const rules = (JSON.parse(json.stdout).findings as { rule: string }[]).map((f) => f.rule);
    expect(rules).toContain('secret-reference-credential');
    const sarif = await check(root, ['--format', 'sarif', 'wf.json']);
    expect(sarif.code).toBe(11);
    expectValidSarif(sarif.stdout);
    expectNoSecret([text.stdout, text.stderr, json.stdout, json.stderr, sarif.stdout], [VALUE]);
  });

  it('a reference to a name is no finding', async () => {
    const root = makeTree({ 'wf.json': definition('{{secrets.OPENAI_API_KEY}}') });
    const r = await check(root, ['wf.json']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('0 findings');
  });
});

describe('workflow create: the same value, refused before and by the server', () => {
  it.each(FORMS)('%s: exit 2, nothing created, the value never repeated', async (ref) => {
    const file = join(tempDir('fib-refcred-'), 'wf.json');
    writeFileSync(file, definition(ref));
    const name = `test/refcred-${FORMS.indexOf(ref)}`;
    const r = await runCli(['workflow', 'create', name, '--file', file], { env: emu.env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('secret-reference-credential');
    // Past the CLI's own refusal, the server refuses it too (a misspelt form as a well-formed one).
    const forced = await runCli(
      ['workflow', 'create', name, '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect(forced.code, forced.stderr).toBe(2);
    expect(forced.stderr).toContain('looks like a credential');
    const list = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect(list.stdout).not.toContain(name);
    expectNoSecret([r.stdout, r.stderr, forced.stdout, forced.stderr], [VALUE]);
  });
});

// Hostile pass 14 (H14a-1, H14a-2): a grouped key (`Xk9m-Q2vL-…`, either case) written where a
// reference's name goes was neither found nor refused, and the misspelt-reference warning's
// suggestion (`did you mean {{secrets.…}}?`, `-` read as `_`) printed it, or a UUID, whole.
const GROUPED = ['Xk9m-Q2vL', '8pR4-tZ7w-N3bY'].join('-');
const UUID = ['d79099b3', '7e03-407a-a698', 'e90dde902408'].join('-');
const HIDDEN = [GROUPED, GROUPED.toLowerCase(), UUID];

describe('a grouped key or a UUID where a reference names a secret', () => {
  it.each(HIDDEN)('{{secrets.%s}}: an error in every format, never printed with - or _', async (value) => {
    const root = makeTree({ 'wf.json': definition(`{{secrets.${value}}}`) });
    const text = await check(root, ['wf.json']);
    expect(text.code, text.stdout + text.stderr).toBe(11);
    expect(text.stdout).toMatch(/error +secret-reference-credential .*\(\w{4}…, \d+ characters\)$/m);
    expect(text.stdout).not.toContain('did you mean');
    const json = await check(root, ['--json', 'wf.json']);
    const sarif = await check(root, ['--format', 'sarif', 'wf.json']);
    expectValidSarif(sarif.stdout);
    const file = join(tempDir('fib-refcred-'), 'wf.json');
    writeFileSync(file, definition(`{{secrets.${value}}}`));
    const name = `test/grouped-${HIDDEN.indexOf(value)}`;
    const create = await runCli(['workflow', 'create', name, '--file', file], { env: emu.env });
    expect(create.code, create.stderr).toBe(2);
    expect(create.stderr).toContain('secret-reference-credential');
    const forced = await runCli(
      ['workflow', 'create', name, '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect(forced.code, forced.stderr).toBe(2);
    const outputs = [text, json, sarif, create, forced].flatMap((r) => [r.stdout, r.stderr]);
    expectNoSecret(outputs, [value, value.replace(/-/g, '_')]);
  });

  it('a name with words between its dashes is still suggested', async () => {
    const root = makeTree({ 'wf.json': definition('{{secrets.crm-api-token-2}}') });
    const r = await check(root, ['wf.json']);
    expect(r.stdout).toContain('did you mean {{secrets.crm_api_token_2}}?');
    expect(r.stdout).not.toContain('secret-reference-credential');
  });
});
