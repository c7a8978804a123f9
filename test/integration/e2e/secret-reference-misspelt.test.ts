// A string that reads like a {{secrets.NAME}} reference and is not one (`{{secret.X}}`,
// `{{SECRETS.X}}`) is text the server sends to the tool as it is: the gate warns about it, placed,
// with the reference it was meant to be, and `workflow create` says so before it creates. One in the
// reference's own form around no secret name (`{{secrets.crm-token}}`) is an error the server
// refuses (reference-unresolvable.test.ts). A credential inside one is never repeated, and a real reference, or one in a
// YAML comment (which the server never sees), is not reported.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, expectNoSecret, expectValidSarif, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = `${'ghp'}_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5`;
const WORKFLOW = [
  'name: d',
  'version: 1',
  '# {{secret.IN_A_COMMENT}} is text the parser drops',
  'nodes:',
  '  - id: a',
  '    type: tool',
  '    headers:',
  '      A: "{{secret.CRM_TOKEN}}"',
  '      B: "{{secrets.crm-token}}"',
  '      C: "{{ SECRETS.CRM_TOKEN }}"',
  '      D: "{{secrets.FINE}}"',
  `      E: "{{secret.${TOKEN}}}"`,
  'edges: []',
  '',
].join('\n');

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('security check: a misspelt {{secrets.NAME}} reference', () => {
  it('is a warning at its place, with the reference it was meant to be; a token in one is not repeated', async () => {
    const root = makeTree({ 'wf.yaml': WORKFLOW });
    const text = await check(root, ['wf.yaml']);
    expect(text.code, text.stderr).toBe(11); // the token is an error; the misspellings are warnings
    expect(text.stdout).toContain(
      '8:11     warning secret-reference-misspelt  this reads like a {{secrets.NAME}} reference and is not one (did you mean {{secrets.CRM_TOKEN}}?)',
    );
    expect(text.stdout).toMatch(
      /^ {2}9:11 +error +secret-reference-misspelt +this is a \{\{secrets\.…\}\} reference with the name "crm-token", .*the server refuses the workflow \(did you mean \{\{secrets\.crm_token\}\}\?\)$/m,
    );
    expect(text.stdout).toMatch(
      /^ {2}10:11 +warning secret-reference-misspelt .*\{\{secrets\.CRM_TOKEN\}\}\?\)$/m,
    );
    expect(text.stdout).toMatch(
      /^ {2}12:11 +warning secret-reference-misspelt +this reads like a \{\{secrets\.NAME\}\} reference and is not one$/m,
    );
    expect(text.stdout).not.toContain('IN_A_COMMENT');
    expect(text.stdout).not.toMatch(/FINE/);
    const json = await check(root, ['--json', 'wf.yaml']);
    const rules = (JSON.parse(json.stdout).findings as { rule: string; line: number }[])
      .filter((f) => f.rule === 'secret-reference-misspelt')
      .map((f) => f.line);
    expect(rules).toEqual([8, 9, 10, 12]);
    const sarif = await check(root, ['--format', 'sarif', 'wf.yaml']);
    expectValidSarif(sarif.stdout);
    expectNoSecret([text.stdout, text.stderr, json.stdout, sarif.stdout], [TOKEN]);
  });

  it('a warning: the gate passes with it alone, and fails on it with --fail-on warning', async () => {
    const root = makeTree({ 'wf.yaml': 'nodes: []\nprompt: "use {{secret.API_KEY}}"\n' });
    expect((await check(root, ['wf.yaml'])).code).toBe(0);
    expect((await check(root, ['--fail-on', 'warning', 'wf.yaml'])).code).toBe(11);
    expect((await check(root, ['--list-rules'])).stdout).toContain('secret-reference-misspelt');
  });
});

describe('workflow create: a misspelt reference', () => {
  it('is said before the create, which still happens; the token inside one is not repeated', async () => {
    const dir = tempDir('fib-misspelt-');
    const file = join(dir, 'wf.yaml');
    // Without the token inside one: the server refuses a credential in a misspelt reference too
    // (reference-credential.test.ts), so only the misspellings are left to warn about.
    // And without the unresolvable one, which the server refuses as well.
    writeFileSync(file, WORKFLOW.replace(/^ {6}E: .*\n/m, '').replace(/^ {6}B: .*\n/m, ''));
    const r = await runCli(['workflow', 'create', 'test/misspelt', '--file', file], { env: emu.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wf_/);
    expect(r.stderr).toContain(
      'warning: the definition holds text that reads like a {{secrets.NAME}} reference and is not one (did you mean {{secrets.CRM_TOKEN}}?): the server sends it as text',
    );
    expect(r.stderr.match(/^warning: the definition holds text that reads like/gm)).toHaveLength(2);
    expect(r.stderr).toContain(
      'hint: `fibonacci security check` on the file shows where (rule secret-reference-misspelt)',
    );
    const ok = join(dir, 'ok.yaml');
    writeFileSync(
      ok,
      'name: d\nversion: 1\nnodes:\n  - id: a\n    type: llm\n    prompt: "{{secrets.FINE}}"\nedges: []\n',
    );
    const clean = await runCli(['workflow', 'create', 'test/fine', '--file', ok], { env: emu.env });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stderr).not.toContain('warning');
  });
});
