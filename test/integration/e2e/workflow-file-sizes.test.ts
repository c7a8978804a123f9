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
