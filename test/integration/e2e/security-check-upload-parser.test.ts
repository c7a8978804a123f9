// The gate reads a YAML workflow as the upload reads it. A file js-yaml (the scanner's fast parser)
// refuses but `workflow create` takes (a C0 control character in a quoted scalar, \x0b in a plain
// one, an empty key `: note`, a flow collection as a key), with its `nodes` key quoted or escaped,
// is scanned as the workflow it is: its token found, masked, exit 11. A plain scalar is typed as the
// upload types it (YAML 1.2's core schema: `2024-01-01` is a string, `1_000` is no number), and a
// `%YAML 1.1` document is read as the upload reads it (its `<<` merge keys).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, expectNoSecret, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const TOKEN = `${'ghp'}_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3bC5`;

/** A workflow whose `nodes` key is spelled `key`, its one node holding `extra` lines and the token. */
const wf = (key: string, extra: string) =>
  `name: d\nversion: 1\n${key}:\n  - id: a\n    type: llm\n${extra}    api_token: ${TOKEN}\nedges: []\n`;

const KEYS: Record<string, string> = { quoted: "'nodes'", escaped: '"no\\u0064es"' };
const TRIGGERS: Record<string, string> = {
  ...Object.fromEntries(
    [0x01, 0x08, 0x0c, 0x0e, 0x1f].map((c) => [
      `c0-${c.toString(16)}`,
      `    prompt: "x${String.fromCharCode(c)}y"\n`,
    ]),
  ),
  'vt-plain': '    prompt: x\x0by\n',
  'empty-key': '    : note\n',
  'flow-key': '    tags: [a, b]: c\n',
};

const FILES: Record<string, string> = {};
for (const [k, key] of Object.entries(KEYS))
  for (const [t, extra] of Object.entries(TRIGGERS)) FILES[`${t}-${k}.yaml`] = wf(key, extra);
// Nested deeper than js-yaml's default limit (100) and less deep than the upload's (512).
FILES['deep-150-escaped.yaml'] = wf(
  KEYS.escaped as string,
  `    deep: ${'['.repeat(150)}${']'.repeat(150)}\n`,
);
// YAML 1.1 as the upload reads it: `<<` merges the anchored mapping, so `nodes` is there.
FILES['merge-1.1.yaml'] =
  `%YAML 1.1\n---\nbase: &b\n  nodes:\n    - id: a\n      type: llm\n      api_token: ${TOKEN}\n<<: *b\nname: d\nversion: 1\nedges: []\n`;

const schema = (props: string) =>
  `name: x\nversion: 1\nnodes:\n  - id: a\n    type: llm\nedges: []\ninput_schema:\n  type: object\n  properties:\n    d:\n${props}`;
const DATES = schema('      type: string\n      description: 2024-01-01\n      pattern: 2024-01-01\n');
const UNDERSCORE = schema('      type: string\n      maxLength: 1_000\n');
// Under YAML 1.1, which the upload's parser follows when the file says so, `1_000` is a number.
const UNDERSCORE_11 = `%YAML 1.1\n---\n${UNDERSCORE}`;

let root: string;
beforeAll(() => {
  root = makeTree({
    ...FILES,
    'dates.yaml': DATES,
    'underscore.yaml': UNDERSCORE,
    'underscore-1.1.yaml': UNDERSCORE_11,
  });
});

describe("a file the scanner's fast parser refuses is read as the upload reads it", () => {
  it.each(Object.keys(FILES))('%s: the token is found, masked, exit 11', async (file) => {
    const r = await check(root, ['--json', file]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.files.scanned).toEqual([file]);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
    expect(r.code).toBe(11);
    const text = await check(root, [file]);
    expect(text.code).toBe(11);
    expectNoSecret([r.stdout, text.stdout, text.stderr], [TOKEN]);
  });

  it('a walk scans each of them, none is skipped as "not a workflow definition"', async () => {
    const r = await check(root, ['--json', '.']);
    const report = JSON.parse(r.stdout);
    expect(report.files.skipped).toEqual([]);
    expect(report.files.scanned).toEqual(
      Object.keys({ ...FILES, 'dates.yaml': 1, 'underscore.yaml': 1, 'underscore-1.1.yaml': 1 }).sort(),
    );
    expect(report.findings).toHaveLength(Object.keys(FILES).length + 1);
    expect(r.code).toBe(11);
  });
});

describe('every C0 control character a quoted scalar may hold (not TAB, LF, CR)', () => {
  it('each in its own file, the nodes key escaped: every token found in one walk, exit 11', async () => {
    const codes = [...Array(32).keys()].filter((c) => c > 0 && ![0x09, 0x0a, 0x0d].includes(c));
    const tree = makeTree(
      Object.fromEntries(
        codes.map((c) => [
          `c${c}.yaml`,
          wf(KEYS.escaped as string, `    prompt: "x${String.fromCharCode(c)}y"\n`),
        ]),
      ),
    );
    const r = await check(tree, ['--json', '.']);
    const report = JSON.parse(r.stdout);
    expect(report.files.skipped).toEqual([]);
    expect(report.findings.map((f: { path: string }) => f.path).sort()).toEqual(
      codes.map((c) => `c${c}.yaml`).sort(),
    );
    expect(r.code).toBe(11);
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  });
});

describe('a file the upload refuses is still read as js-yaml reads it', () => {
  it('CR line ends (line breaks to js-yaml, not to the upload): the token is found, exit 11, not 3', async () => {
    const tree = makeTree({ 'cr.yaml': wf('nodes', '    prompt: x\n').replace(/\n/g, '\r') });
    const r = await check(tree, ['--json', 'cr.yaml']);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
    expect(r.code).toBe(11);
    expectNoSecret([r.stdout, r.stderr], [TOKEN]);
  });
});

describe('an input_schema is typed as the upload types it', () => {
  it('a date-shaped plain scalar is a string: no finding, exit 0', async () => {
    const r = await check(root, ['dates.yaml']);
    expect(r.stdout).toContain('0 findings');
    expect(r.code).toBe(0);
  });

  it('`1_000` is a string to the upload, so maxLength is refused, as create refuses it', async () => {
    const r = await check(root, ['--json', 'underscore.yaml']);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.map((f: { rule: string; message: string }) => [f.rule, f.message])).toEqual([
      ['input-schema-invalid', 'input_schema.properties.d.maxLength: must be an integer, not a string'],
    ]);
    expect(r.code).toBe(11);
  });

  it('under `%YAML 1.1` the upload reads `1_000` as 1000: no finding, exit 0', async () => {
    const r = await check(root, ['underscore-1.1.yaml']);
    expect(r.stdout).toContain('0 findings');
    expect(r.code).toBe(0);
  });
});

describe('deeper than the upload takes', () => {
  it('600 levels: neither reads it as a definition, and create refuses it', async () => {
    const deep = makeTree({
      'd.yaml': wf(KEYS.escaped as string, `    deep: ${'['.repeat(600)}${']'.repeat(600)}\n`),
    });
    // Named, it is read for credentials in its text (NC9-28), not as a definition: its token is found.
    const r = await check(deep, ['--json', 'd.yaml']);
    const body = JSON.parse(r.stdout);
    expect([body.files.scanned, body.files.skipped]).toEqual([['d.yaml'], []]);
    expect(body.findings.map((f: { rule: string }) => f.rule)).toEqual(['github-token']);
    expect(r.code).toBe(11);
    const walked = await check(deep, ['--json']);
    expect(JSON.parse(walked.stdout).files.skipped).toEqual([
      { path: 'd.yaml', reason: 'not a workflow definition' },
    ]);
    const create = await runCli(['workflow', 'create', 't/deep', '--file', join(deep, 'd.yaml')]);
    expect(create.stderr).toMatch(
      /^error: --file \S+ is not valid YAML \(line \d+, column \d+: nested more than 512 levels deep\)\n/,
    );
    expect(create.code).toBe(2);
  });
});

describe('workflow create takes what the gate scanned, and refuses what it refused', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ timeoutMs: 60_000 });
  }, 90_000);
  afterAll(async () => {
    await emu?.stop();
  });
  // Past the create's own credential refusal: what is compared here is the two readers.
  const create = (file: string, name: string) =>
    runCli(['workflow', 'create', name, '--file', join(root, file), '--allow-hardcoded-credentials'], {
      env: emu.env,
    });
  /** What create said beyond its warnings about the credentials the gate found (as the gate did). */
  const besides = (stderr: string) =>
    stderr
      .split('\n')
      .filter((l) => !/^(warning: hardcoded credential at |hint: `fibonacci security check )/.test(l))
      .join('\n');

  it.each([
    'c0-c-quoted.yaml',
    'c0-1-escaped.yaml',
    'empty-key-quoted.yaml',
    'dates.yaml',
    'underscore-1.1.yaml',
  ])('%s is uploaded (exit 0)', async (file) => {
    const r = await create(file, `t/${file.replace(/\W/g, '-')}`);
    expect(besides(r.stderr)).toBe('');
    expect(r.code).toBe(0);
  });

  it('underscore.yaml: refused by the server as by the gate', async () => {
    const r = await create('underscore.yaml', 't/underscore');
    expect(r.stderr).toContain('maxLength');
    expect(r.code).not.toBe(0);
  });
});
