// `workflow create --file F.yaml` with several local problems, through the built CLI and the real
// emulator: every one is listed at once (line, column, key path), one per line, exit 2, nothing
// sent; the file is fixed in one round, not one problem per run. A tag that may be a password is
// still never repeated, nor a value.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const BROKEN = [
  'name: broken',
  'version: 1',
  'nodes:',
  '  - id: a',
  '    config: {}',
  '  - id: b',
  '    type: llmm',
  '  - id: b',
  '    type: tool',
  '    config:',
  '      blob: !!binary aGVsbG8gd29ybGQ=',
  '      when: !!timestamp 2026-01-23',
  '      pw: !Tr0ub4dor x',
  '      also: !!set {a, b}',
  'edges:',
  '  - {from: a, to: zz}',
  '',
].join('\n');
const TAGS =
  'write it as a string, a finite number, true/false, null, a list or a mapping (no !!binary, !!timestamp, !!set, !!omap)';

let emu: EmulatorHandle;
let root: string;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  root = makeTree({
    'broken.yaml': BROKEN,
    'syntax.yaml': 'name: s\nnodes: [1, 2\nb: : x\nc:\n\t- d\n',
    'one.yaml':
      'name: o\nversion: 1\nnodes:\n  - id: a\n    type: llm\n    when: !!timestamp 2001-12-14\nedges: []\n',
  });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = (file: string) =>
  runCli(['workflow', 'create', 't/broken', '--file', join(root, file)], { env: emu.env });
const posts = () => emu.accessLog().filter((l) => l.method === 'POST').length;

describe('workflow create lists every local problem of a YAML file at once', () => {
  it('two tags, a collection tag and a custom tag: four lines in the order of the file, exit 2, nothing sent', async () => {
    const before = posts();
    const r = await create('broken.yaml');
    const f = join(root, 'broken.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        `error: --file ${f} has 4 problems: nothing was sent`,
        '  line 11, column 22: nodes.2.config.blob is binary data (!!binary), which a definition (JSON) cannot hold',
        '  line 12, column 25: nodes.2.config.when is a date (!!timestamp), which a definition (JSON) cannot hold',
        '  line 13, column 11: not valid YAML: an unknown tag (a value starting with "!" must be quoted)',
        '  line 14, column 19: nodes.2.config.also is a collection of the tag !!set (no JSON form), which a definition (JSON) cannot hold',
        `hint: ${TAGS}`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).not.toContain('Tr0ub4dor');
    expect(r.stderr).not.toContain('aGVsbG8');
    expect(posts()).toBe(before);
  });

  it('several syntax errors: each at its place, exit 2', async () => {
    const r = await create('syntax.yaml');
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: --file \S+syntax\.yaml has \d+ problems: nothing was sent$/);
    expect(lines.length).toBeGreaterThan(2);
    // Fixed words only (a flow collection not closed names its bracket: `"["`).
    for (const l of lines.slice(1))
      expect(l).toMatch(/^ {2}line \d+, column \d+: not valid YAML: [a-z ,()"[\]{}]+$/);
    expect(r.stderr).toContain('not valid YAML: a tab in indentation (indent with spaces)');
  });

  it('a single problem keeps its one-line form', async () => {
    const r = await create('one.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: --file ${join(root, 'one.yaml')} line 6, column 23: nodes.0.when is a date (!!timestamp), which a definition (JSON) cannot hold\nhint: ${TAGS}\n`,
    );
  });
});
