// `workflow run t/in --input '{"__proto__":{}}'`: valid JSON the emulator refuses (a key that could
// reach an object's prototype), answered "malformed JSON body" (newcomer s14): the 400 now says what
// is refused. The built CLI, the real emulator.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const file = join(tempDir('fib-run-proto-'), 'wf.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'in', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  const r = await runCli(['workflow', 'create', 't/in', '--file', file], { env: emu.env });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);
afterAll(stopAllEmulators);

describe('an --input with a prototype key', () => {
  it.each([['{"__proto__":{}}'], ['{"a":{"constructor":{"prototype":{}}}}']])(
    '%s: the refused key is named, not "malformed JSON", exit 2',
    async (input) => {
      const r = await runCli(['workflow', 'run', 't/in', '--input', input], { env: emu.env });
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).not.toContain('malformed JSON');
      expect(r.stderr).toMatch(
        /^error: the JSON body holds a "__proto__" key, or a "constructor" key holding "prototype": the server refuses either \(request req_\w+\)\n/,
      );
    },
  );
});
