// A FIFO named where the CLI reads a file. A value or a body may come from one (`--from-file
// <(pass show key)`): it is read on the event loop, waiting for its writer and its end, and Ctrl-C
// ends the wait (exit 130). Before, the open(2) blocked a libuv worker thread and the process could
// not exit at all: SIGINT and SIGTERM did nothing, only SIGKILL. Where only a file makes sense
// (a CA, the emulator's settings) a FIFO is refused at once, without waiting for a writer.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../helpers/emulator.js';
import { runCli, spawnCli, waitExit } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

function fifo(): string {
  const path = join(tempDir('fib-fifo-'), 'in');
  execFileSync('mkfifo', [path]);
  return path;
}

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(stopAllEmulators);

describe('a FIFO nobody writes to', () => {
  it.each([
    ['secret set --from-file', (f: string) => ['secret', 'set', 'FIFO_VALUE', '--from-file', f]],
    ['secret set --env-file', (f: string) => ['secret', 'set', '--env-file', f]],
    ['workflow create --file', (f: string) => ['workflow', 'create', 'development/fifo', '--file', f]],
  ])('%s waits for its writer, and Ctrl-C ends the wait: exit 130', async (_label, args) => {
    const proc = spawnCli(args(fifo()), emu.env);
    await new Promise((r) => setTimeout(r, 1500)); // long enough to be inside the open or the read
    proc.child.kill('SIGINT');
    const code = await waitExit(proc, 'the CLI after SIGINT', 10_000);
    expect(code).toBe(130);
    expect(proc.stdout()).toBe('');
  });

  it('--ca-cert and the emulator --env-file: refused at once, exit 3', async () => {
    const f = fifo();
    const ca = await runCli(['auth', 'status', '--ca-cert', f], { env: emu.env, timeoutMs: 10_000 });
    expect(ca).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: refusing the --ca-cert file ${f}: it is not a regular file\nhint: give --ca-cert a regular file of your own\n`,
    });
    const start = await runCli(
      ['emulator', 'start', '--port', '0', '--data-dir', join(tempDir(), 'd'), '--env-file', f],
      {
        timeoutMs: 10_000,
      },
    );
    expect(start).toEqual({
      code: 3,
      stdout: '',
      stderr: `error: --env-file ${f} is a named pipe or a socket, not a regular file\nhint: check the path given to --env-file\n`,
    });
  });
});

describe('a FIFO whose writer comes later', () => {
  it('secret set --from-file reads the value once the writer has written and closed', async () => {
    const f = fifo();
    const proc = spawnCli(['secret', 'set', 'FIFO_LATE', '--from-file', f], emu.env);
    await new Promise((r) => setTimeout(r, 1000));
    writeFileSync(f, 'late-value\n'); // opens the FIFO for writing, writes, closes
    const code = await waitExit(proc, 'secret set from a FIFO', 20_000);
    expect(code, proc.stderr()).toBe(0);
    const list = await runCli(['secret', 'list', '--json'], { env: emu.env });
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toContain('FIFO_LATE');
  });
});
