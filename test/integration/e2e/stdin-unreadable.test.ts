// Standard input that cannot be read: a directory (`< dir`) or a descriptor open for writing only
// (`0>file`) is its own clear line, exit 2, for every command that reads stdin (hostile pass 14,
// H14b-5): it read as an empty value ("the command before the pipe printed nothing") or as
// "EBADF: bad file descriptor, read" with exit 1.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runWithStdio } from '../../helpers/spawn-stdio.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const HINT =
  'hint: give the input as a file (< FILE, or --from-file FILE where the command takes it) or a pipe\n';

describe('standard input that cannot be read', () => {
  it.each([
    [['secret', 'set', 'FROM_DIR']],
    [['secret', 'set', 'FROM_DIR', '--from-file', '-']],
    [['workflow', 'create', 'wf', '--file', '-']],
  ])('%j < a directory: "it is a directory", exit 2', async (args) => {
    const r = await runWithStdio(args, { env: emu.env, stdin: tempDir('fib-stdin-dir-') });
    expect([r.code, r.stderr]).toEqual([2, `error: cannot read standard input: it is a directory\n${HINT}`]);
  });

  it.each([[['secret', 'set', 'WRITE_ONLY']], [['secret', 'set', 'WRITE_ONLY', '--from-file', '-']]])(
    '%j 0>file: "open for writing only", exit 2',
    async (args) => {
      const file = join(tempDir('fib-stdin-wo-'), 'out.txt');
      writeFileSync(file, '');
      const r = await runWithStdio(args, { env: emu.env, stdin: file, stdinFlags: 'w' });
      expect([r.code, r.stderr]).toEqual([
        2,
        `error: cannot read standard input: it is open for writing only\n${HINT}`,
      ]);
    },
  );
});
