// Definition files at the sizes the CLI accepts (at most 1 MiB), read by `workflow create --file`
// (through the real emulator) and by `security check` with the same reader: a long list, a wide
// mapping, one huge line. Each is either taken or refused with one line of error, never a crash,
// and in time linear in its size.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { check, makeTree } from '../../helpers/security-check.js';
import { runCli } from '../../helpers/spawn-cli.js';

const head = "name: w\nversion: '1'\nedges: []\nnodes:\n  - id: a\n    type: tool\n";
// A directive keeps `security check` off its fast parser (js-yaml): the upload's own reader decides.
const DIRECTIVE = '%YAML 1.2\n---\n';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const create = (file: string, name = 't/w') =>
  runCli(['workflow', 'create', name, '--file', file], { env: emu.env, timeoutMs: 60_000 });

const TOO_LARGE = 'too large to check: more than 20,000 YAML nodes';
const TOO_LARGE_HINT =
  'hint: a definition holds at most that many values, lists and mappings: move bulk data out of it (into a run input or a file the workflow reads)\n';

describe('a YAML list of 125,000 items (H14a-18: RangeError; YBIG: seconds and hundreds of MB)', () => {
  // 125,000 items: `open.push(...items)` passed each as an argument and overflowed the stack. The
  // upload's reader (the `yaml` package) then took 6-8 s and 380 MB for it: more YAML nodes than a
  // definition may hold are now counted (js-yaml) and refused before that reader is asked.
  const flow = `${head}    config:\n      a: [${Array(125_000).fill('1').join(',')}]\n`;
  // The same count as a block sequence, as compact as YAML allows it (1 MB, the most a file may be).
  const block = `name: w\nversion: '1'\nedges: []\nnodes:\n- id: a\n  type: tool\n  config:\n    a:\n${'    - 1\n'.repeat(125_000)}`;

  it.each([
    ['a flow sequence', flow],
    ['a block sequence', block],
  ])(
    '%s: workflow create refuses it, nothing sent; security check scans it',
    async (what, text) => {
      const root = makeTree({ 'w.yaml': DIRECTIVE + text });
      const file = join(root, 'w.yaml');
      const before = emu.accessLog().filter((l) => l.method === 'POST').length;
      const made = await create(file, `t/list-${what.split(' ')[1]}`);
      expect(made).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: --file ${file} is ${TOO_LARGE}\n${TOO_LARGE_HINT}`,
      });
      expect(emu.accessLog().filter((l) => l.method === 'POST').length).toBe(before);
      // The gate reads it with js-yaml: a file the upload refuses is still scanned, never passed over.
      const r = await check(root, ['w.yaml']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Scanned 1 file:\n {2}w\.yaml\n0 findings /);
      expect(r.code).toBe(0);
    },
    120_000,
  );

  it('a 1 MB list that is no workflow (YBIG): security check scans it without the upload reader', async () => {
    // 7 s and 200 MB before: js-yaml read it, found no definition, and the upload's reader was asked.
    const items = Array.from({ length: 110_000 }, (_, i) => `- x${i}\n`).join('');
    const root = makeTree({
      'list.yaml': `items:\n${items}`,
      'broken.yaml': `nodes: []\na: 1\n   b: 2\n${items}`,
    });
    const started = Date.now();
    const r = await check(root, ['list.yaml']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Scanned 1 file:\n {2}list\.yaml\n0 findings /);
    // A broken workflow of that size: refused whole, in the words create uses.
    const b = await check(root, ['broken.yaml']);
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(new RegExp(`^error: broken\\.yaml: ${TOO_LARGE}\nhint: `));
    const made = await create(join(root, 'broken.yaml'));
    expect(made.stderr).toBe(`error: --file ${join(root, 'broken.yaml')} is ${TOO_LARGE}\n${TOO_LARGE_HINT}`);
    // Three runs of a CLI on a shared machine: seconds each before, well under that now.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 120_000);
});

describe('a mapping of 100,000 keys (H14a-5: the duplicate-key check was quadratic)', () => {
  // 900 KB. Each key compared with every key before it took minutes (40,000 keys: 38 s); a Set per
  // mapping made it seconds, and the node budget (200,000 nodes) refuses it before any of that.
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1\n`).join('');
  const text = `name: w\nversion: '1'\nedges: []\nnodes: []\n${keys}k7: 2\n`;

  it('workflow create refuses it as too large, nothing sent', async () => {
    const root = makeTree({ 'w.yaml': text });
    const file = join(root, 'w.yaml');
    const before = emu.accessLog().filter((l) => l.method === 'POST').length;
    const r = await create(file);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: --file ${file} is ${TOO_LARGE}\n${TOO_LARGE_HINT}`,
    });
    expect(emu.accessLog().filter((l) => l.method === 'POST').length).toBe(before);
  }, 120_000);

  it('security check refuses it in the same words', async () => {
    // Without the directive js-yaml refuses the repeated key first; with it the upload's reader decides.
    for (const name of ['w.yaml', 'd.yaml']) {
      const root = makeTree({ [name]: name === 'w.yaml' ? text : DIRECTIVE + text });
      const r = await check(root, [name]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`^error: ${name.replace('.', '\\.')}: ${TOO_LARGE}\nhint: `));
    }
  }, 120_000);
});

describe('one huge line (a scalar of 10 MB, and of just under 1 MiB)', () => {
  const definition = (v: string) => `name: w\nversion: '1'\nedges: []\nnodes: []\nv: ${v}\n`;
  const json = (v: string) => `{"name": "w", "version": "1", "edges": [], "nodes": [], "v": "${v}"}\n`;

  it('10 MB: create refuses it at the size limit, check reads it for token formats only (H15-2)', async () => {
    const v = 'x'.repeat(10 * 1024 * 1024);
    const root = makeTree({ 'w.yaml': definition(v), 'w.json': json(v) });
    for (const name of ['w.yaml', 'w.json']) {
      const file = join(root, name);
      const r = await create(file);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `error: --file ${file} is larger than 1 MiB, the most the API accepts in one request\nhint: see \`fibonacci workflow create --help\`\n`,
      });
    }
    const r = await check(root, []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Scanned 2 files:\n  w.json  (larger than 1 MiB: checked for token formats only)\n  w.yaml  (larger than 1 MiB: checked for token formats only)\n',
    );
  }, 60_000);

  it('just under 1 MiB: security check reads each form of it, plain, quoted, escaped and JSON', async () => {
    const v = 'x'.repeat(1_000_000);
    const root = makeTree({
      'plain.yaml': definition(v),
      'quoted.yaml': definition(`"${v}"`),
      'escaped.yaml': definition(`"${'\\u0041'.repeat(170_000)}"`),
      'directive.yaml': DIRECTIVE + definition(v),
      'w.json': json(v),
    });
    const r = await check(root, []);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Scanned 5 files:\n/);
    expect(r.code).toBe(0);
  }, 60_000);
});
