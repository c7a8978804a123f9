// `workflow create --file` reads a definition of any name (YAML for .yaml/.yml, JSON otherwise) and
// from standard input: whatever it uploads, the gate's engine has judged. The gate, given a file of
// any name, judges it by its content as create reads it; a walk reads definition-like names
// (`wf.jsonc`, `wf.json5`, `wf.yaml.tmpl`). Create judges the text it is about to send, so a token
// in `wf.def` or on standard input is refused before anything reaches the server. The built CLI
// against a real emulator.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const TOKEN = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;
const withToken = JSON.stringify({
  name: 'x',
  version: 1,
  nodes: [{ id: 'a', type: 'tool', api_token: TOKEN }],
  edges: [],
});
const clean = JSON.stringify({
  name: 'x',
  version: 1,
  nodes: [{ id: 'a', type: 'tool', api_token: '{{secrets.API_TOKEN}}' }],
  edges: [],
});

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(stopAllEmulators);

async function listed(): Promise<string> {
  return (await runCli(['workflow', 'list', '--json'], { env: emu.env })).stdout;
}

describe('security check: a definition of any name', () => {
  it('named on the command line, judged by its content (JSON, as create reads it)', async () => {
    const root = makeTree({
      'wf.def': withToken,
      wf: withToken,
      'wf.jsonc': withToken,
      'notes.txt': 'plain text',
    });
    const r = await check(root, ['--json', 'wf.def', 'wf', 'wf.jsonc', 'notes.txt']);
    expect(r.code, r.stderr).toBe(11);
    const body = JSON.parse(r.stdout);
    // notes.txt is named, so it is read for credentials in its text (NC9-28); it holds none.
    expect(body.files.scanned).toEqual(['notes.txt', 'wf', 'wf.def', 'wf.jsonc']);
    expect((body.findings as { rule: string; path: string }[]).map((f) => `${f.path} ${f.rule}`)).toEqual([
      'wf github-token',
      'wf.def github-token',
      'wf.jsonc github-token',
    ]);
    expect(body.files.skipped).toEqual([]);
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  });

  it('in a walk, definition-like names are read', async () => {
    const root = makeTree({
      'wf.jsonc': withToken,
      'wf.json5': withToken,
      'wf.yaml.tmpl': withToken,
      'a.ts': 'x',
    });
    const r = await check(root, ['--json', '.']);
    expect(r.code, r.stderr).toBe(11);
    expect(JSON.parse(r.stdout).files.scanned).toEqual(['wf.json5', 'wf.jsonc', 'wf.yaml.tmpl']);
  });
});

describe('workflow create: the text it uploads is judged', () => {
  it('--file wf.def holding a token: exit 2, nothing created', async () => {
    const file = join(makeTree({ 'wf.def': withToken }), 'wf.def');
    const r = await runCli(['workflow', 'create', 'test/anyname-def', '--file', file], { env: emu.env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('holds a hardcoded credential: nothing was created');
    expect(r.stderr).toContain(':1:71 github-token (ghp_…, 40 characters)');
    expect(await listed()).not.toContain('test/anyname-def');
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  });

  it('--file - holding a token: exit 2, nothing created; a clean one is created', async () => {
    const r = await runCli(['workflow', 'create', 'test/anyname-stdin', '--file', '-'], {
      env: emu.env,
      input: withToken,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      'error: the definition on standard input holds a hardcoded credential: nothing was created',
    );
    expect(r.stderr).toContain('standard input:1:71 github-token (ghp_…, 40 characters)');
    expect(r.stderr).toContain('hint: `fibonacci security check FILE` on the definition saved to FILE');
    expect(await listed()).not.toContain('test/anyname-stdin');
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
    const ok = await runCli(['workflow', 'create', 'test/anyname-stdin', '--file', '-'], {
      env: emu.env,
      input: clean,
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^wf_/);
  });

  // Newcomer pass 10: YAML typed at `--file -` was "not valid JSON" with a hint to --help.
  it('--file - holding YAML: exit 2, the hint says standard input takes JSON and how to give YAML', async () => {
    const r = await runCli(['workflow', 'create', 'test/anyname-yaml', '--file', '-'], {
      env: emu.env,
      input: 'name: x\nversion: 1\nnodes: []\nedges: []\n',
    });
    expect([r.code, r.stderr]).toEqual([
      2,
      'error: the definition on standard input is not valid JSON (line 1, column 1: unexpected character)\n' +
        'hint: standard input takes a JSON definition; for YAML, save it to a file and pass --file FILE.yaml\n',
    ]);
  });

  it('--file - with a credential in a misspelt reference: refused before the upload', async () => {
    const value = `${'Xk9mQ2vL'}${'8pR4tW7zAb3c'}`;
    const def = JSON.stringify({
      name: 'x',
      version: 1,
      nodes: [{ id: 'a', type: 'llm', prompt: `{{Secrets.${value}}}` }],
      edges: [],
    });
    const r = await runCli(['workflow', 'create', 'test/anyname-ref', '--file', '-'], {
      env: emu.env,
      input: def,
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('secret-reference-credential (Xk9m…, 20 characters)');
    expectNoSecret([r.stdout, r.stderr], [value]);
  });
});

// H14a-10: a `fibonacci:ignore` comment in the definition silences the gate's report, not the
// upload; it once let create send the credential without --allow-hardcoded-credentials.
describe('workflow create: an inline ignore does not let a credential be uploaded', () => {
  const yaml = (ignoreAbove: boolean) =>
    [
      'name: x',
      'version: 1',
      'nodes:',
      '  - id: a',
      '    type: tool',
      ...(ignoreAbove
        ? ['    # fibonacci:ignore github-token a test fixture', `    api_token: ${TOKEN}`]
        : [`    api_token: ${TOKEN} # fibonacci:ignore github-token a test fixture`]),
      'edges: []',
      '',
    ].join('\n');

  for (const above of [true, false]) {
    it(`the ignore ${above ? 'alone on the line before' : 'at the end of the line'}: exit 2, nothing created`, async () => {
      const root = makeTree({ 'wf.yaml': yaml(above) });
      // The gate itself honours the comment.
      const gate = await check(root, ['wf.yaml']);
      expect(gate.code, gate.stderr).toBe(0);
      expect(gate.stdout).toContain('silenced: 1 by fibonacci:ignore');
      const name = `test/ignored-${above ? 'above' : 'eol'}`;
      const r = await runCli(['workflow', 'create', name, '--file', join(root, 'wf.yaml')], { env: emu.env });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('holds a hardcoded credential: nothing was created');
      expect(r.stderr).toContain(`wf.yaml:${above ? 7 : 6}:16 github-token (ghp_…, 40 characters)`);
      expect(r.stderr).toContain(
        "hint: a fibonacci:ignore comment silences the security check's report, not the upload: use {{secrets.NAME}} instead, or --allow-hardcoded-credentials to create it anyway",
      );
      expect(await listed()).not.toContain(name);
      expectNoSecret([r.stdout, r.stderr], [TOKEN]);
      // The flag still creates it, warned.
      const ok = await runCli(
        ['workflow', 'create', name, '--file', join(root, 'wf.yaml'), '--allow-hardcoded-credentials'],
        { env: emu.env },
      );
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toContain('warning: hardcoded credential at');
      expectNoSecret([ok.stdout, ok.stderr], [TOKEN]);
    });
  }
});
