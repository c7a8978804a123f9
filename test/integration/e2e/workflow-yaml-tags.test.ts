// A YAML definition whose parsed value is not plain JSON data (`!!binary`, `!!timestamp`, `!!set`,
// `!!omap`, `.inf`), through the built CLI and the real emulator: `workflow create` refuses it at
// its place, by key path, never its value, and creates nothing; `security check` judges a
// `!!binary` scalar by its decoded bytes, so a token written as base64 is found, masked; and what
// the gate passes (bytes that are no text) create still never uploads.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const TOKEN = `${'ghp'}_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z`;
const B64 = Buffer.from(TOKEN).toString('base64');
const NOT_TEXT = Buffer.from([0xff, 0x00, 0x9c, 0x12, 0x80, 0x7f, 0xfe, 0x01]).toString('base64');

const wf = (node: string) => `name: d\nversion: 1\nnodes:\n  - id: a\n    type: llm\n${node}edges: []\n`;
const FILES = {
  'bin.yaml': wf(`    api_token: !!binary ${B64}\n`),
  'block.yaml': wf(`    blob: !!binary |\n      ${B64.slice(0, 20)}\n      ${B64.slice(20)}\n`),
  'bytes.yaml': wf(`    icon: !!binary ${NOT_TEXT}\n`),
  'stamp.yaml': wf('    when: !!timestamp 2001-12-14\n'),
  'set.yaml': wf('    labels: !!set {a, b}\n'),
  'omap.yaml': wf('    order: !!omap [a: 1, b: 2]\n'),
  'inf.yaml': wf('    settings: {limit: .inf}\n'),
  'plain.yaml': wf('    when: 2001-12-14\n    note: !!str 12\n'),
};

let emu: EmulatorHandle;
let root: string;

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  root = makeTree(FILES);
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = (file: string, name = 't/x') =>
  runCli(['workflow', 'create', name, '--file', join(root, file)], { env: emu.env });

describe('workflow create: only plain JSON data is uploaded', () => {
  it.each([
    ['bin.yaml', 'line 6, column 25: nodes.0.api_token is binary data (!!binary)'],
    ['bytes.yaml', 'line 6, column 20: nodes.0.icon is binary data (!!binary)'],
    ['stamp.yaml', 'line 6, column 23: nodes.0.when is a date (!!timestamp)'],
    ['set.yaml', 'line 6, column 19: nodes.0.labels is a collection of the tag !!set (no JSON form)'],
    ['omap.yaml', 'line 6, column 19: nodes.0.order is a collection of the tag !!omap (no JSON form)'],
    ['inf.yaml', 'line 6, column 23: nodes.0.settings.limit is .inf (a number JSON has not)'],
  ])('%s: one error naming the place and the kind, exit 2, nothing created', async (file, words) => {
    const r = await create(file);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      `error: --file ${join(root, file)} ${words}, which a definition (JSON) cannot hold`,
      'hint: write it as a string, a finite number, true/false, null, a list or a mapping (no !!binary, !!timestamp, !!set, !!omap)',
    ]);
    expect(r.stderr).not.toContain(B64.slice(0, 12));
    expect(r.stderr).not.toContain(TOKEN.slice(4, 12));
    const list = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect(list.stdout).not.toContain('t/x');
  });

  it('an untagged date and a !!str number are strings, as before', async () => {
    const r = await create('plain.yaml', 't/plain');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('security check: a !!binary scalar judged by its decoded bytes', () => {
  it('a token written as base64 under !!binary is found at its scalar, masked', async () => {
    const r = await check(root, ['bin.yaml']);
    expect(r.code).toBe(11);
    expect(r.stdout).toContain('6:25     error   github-token');
    expect(r.stdout).toContain('(ghp_…, 41 characters)');
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stdout).not.toContain(B64.slice(4));
    expect(r.stdout).toContain('1 finding (1 error');
    for (const format of ['json', 'sarif']) {
      const out = await check(root, ['--format', format, 'bin.yaml']);
      expect(out.code).toBe(11);
      expect(out.stdout).toContain('github-token');
      expect(out.stdout).not.toContain(TOKEN.slice(4));
      expect(out.stdout).not.toContain(B64.slice(4));
    }
  });

  it('and in a block scalar, its base64 over two lines', async () => {
    const r = await check(root, ['block.yaml']);
    expect(r.code).toBe(11);
    expect(r.stdout).toMatch(/6:\d+ +error +github-token/);
    expect(r.stdout).not.toContain(B64.slice(20));
  });

  it('bytes that are no text pass the gate, and create still refuses them', async () => {
    const r = await check(root, ['bytes.yaml']);
    expect(r.code).toBe(0);
    const refused = await create('bytes.yaml', 't/bytes');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('nodes.0.icon is binary data (!!binary)');
  });
});
