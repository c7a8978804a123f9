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

describe('a 250 KB YAML list (H14a-18: RangeError, maximum call stack size exceeded)', () => {
  // 125,000 items: `open.push(...items)` passed each as an argument and overflowed the stack.
  const flow = `${head}    config:\n      a: [${Array(125_000).fill('1').join(',')}]\n`;
  // The same count as a block sequence, as compact as YAML allows it (1 MB, the most a file may be).
  const block = `name: w\nversion: '1'\nedges: []\nnodes:\n- id: a\n  type: tool\n  config:\n    a:\n${'    - 1\n'.repeat(125_000)}`;

  it.each([
    ['a flow sequence', flow],
    ['a block sequence', block],
  ])(
    '%s: workflow create takes it, security check scans it',
    async (what, text) => {
      const root = makeTree({ 'w.yaml': DIRECTIVE + text });
      const made = await create(join(root, 'w.yaml'), `t/list-${what.split(' ')[1]}`);
      expect({ code: made.code, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
      const r = await check(root, ['w.yaml']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Scanned 1 file:\n {2}w\.yaml\n0 findings /);
      expect(r.code).toBe(0);
    },
    120_000,
  );
});

describe('a mapping of 100,000 keys (H14a-5: the duplicate-key check was quadratic)', () => {
  // 900 KB. Each key compared with every key before it: 5·10⁹ comparisons, minutes (40,000 keys
  // took 38 s); a Set per mapping: seconds. So the 60 s limit is only reached if it is quadratic.
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1\n`).join('');
  const text = `name: w\nversion: '1'\nedges: []\nnodes: []\n${keys}k7: 2\n`;

  it('workflow create refuses it in one error at the repeated key, nothing sent', async () => {
    const root = makeTree({ 'w.yaml': text });
    const file = join(root, 'w.yaml');
    const before = emu.accessLog().filter((l) => l.method === 'POST').length;
    const r = await create(file);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: --file ${file} is not valid YAML (line 100005, column 1: a key given twice in one mapping)\nhint: see \`fibonacci workflow create --help\`\n`,
    });
    expect(emu.accessLog().filter((l) => l.method === 'POST').length).toBe(before);
  }, 120_000);

  it('security check refuses it at the same key', async () => {
    // With the directive the upload's reader decides; without it js-yaml reads it first.
    for (const [name, body, line] of [
      ['w.yaml', text, 100_005],
      ['d.yaml', DIRECTIVE + text, 100_007],
    ] as const) {
      const root = makeTree({ [name]: body });
      const r = await check(root, [name]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        new RegExp(
          `^error: ${name.replace('.', '\\.')}:${line}:1: invalid YAML: a key given twice in one mapping\nhint: `,
        ),
      );
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
