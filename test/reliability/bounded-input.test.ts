// Every file or stdin value the CLI reads is read at most to its limit plus one byte: /dev/zero or a
// FIFO that never ends is exit 2 with one error line naming the limit, at a flat memory peak, and
// nothing reaches the server. The built CLI against the emulator (it must store nothing).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../helpers/emulator.js';
import { prerequisite } from '../helpers/prerequisites.js';
import { runCli } from '../helpers/spawn-cli.js';
import { canMeasure, runWithStdio } from '../helpers/spawn-stdio.js';
import { tempDir } from '../helpers/temp-dir.js';

const measurable = prerequisite('GNU time (/usr/bin/time)', canMeasure, 'apt-get install time');

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(stopAllEmulators);

/** Node alone takes ~50 MB here; reading /dev/zero without bound took 2 GB, then crashed. */
const RSS_CEILING_KIB = 200 * 1024;
const VALUE_LIMIT = 'is larger than 64 KiB (65536 bytes), the most a secret value may be';

/**
 * A FIFO whose writer never stops: each reader that opens it gets zeros until it closes it (then
 * the writer's `cat` dies of SIGPIPE and the loop opens it for the next reader).
 */
let fifo: string;
let writer: ChildProcess;
beforeAll(() => {
  fifo = join(tempDir(), 'endless');
  execFileSync('mkfifo', [fifo]);
  writer = spawn('sh', ['-c', `while :; do cat /dev/zero > '${fifo}'; done 2>/dev/null`], {
    stdio: 'ignore',
    detached: true,
  });
});
afterAll(() => {
  // The loop and the `cat` waiting in it for a reader: the whole process group.
  if (writer?.pid) process.kill(-writer.pid, 'SIGKILL');
});

async function nothingStored(): Promise<void> {
  const list = await runCli(['secret', 'list', '--json'], { env: emu.env });
  expect(list.code, list.stderr).toBe(0);
  expect(JSON.parse(list.stdout)).toEqual([]);
}

describe('bounded reads of values and bodies (e2e)', () => {
  it.skipIf(!measurable)(
    'secret set --from-file /dev/zero: exit 2, one line naming the limit, flat memory',
    async () => {
      const r = await runWithStdio(['secret', 'set', 'BIG', '--from-file', '/dev/zero'], {
        env: emu.env,
        measure: true,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: --from-file /dev/zero ${VALUE_LIMIT}\nhint: see \`fibonacci secret set --help\`\n`,
      );
      expect(r.maxRssKiB).toBeLessThan(RSS_CEILING_KIB);
      await nothingStored();
    },
  );

  it.skipIf(!measurable)('secret set < /dev/zero (stdin, piped rule): exit 2, flat memory', async () => {
    const r = await runWithStdio(['secret', 'set', 'BIG'], {
      env: emu.env,
      stdin: '/dev/zero',
      measure: true,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: the value on standard input ${VALUE_LIMIT}\nhint: see \`fibonacci secret set --help\`\n`,
    );
    expect(r.maxRssKiB).toBeLessThan(RSS_CEILING_KIB);
    await nothingStored();
  });

  it('a FIFO that never ends, as --from-file and as --from-file - (stdin)', async () => {
    const asFile = await runWithStdio(['secret', 'set', 'BIG', '--from-file', fifo], { env: emu.env });
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toBe(
      `error: --from-file ${fifo} ${VALUE_LIMIT}\nhint: see \`fibonacci secret set --help\`\n`,
    );
    const asStdin = await runWithStdio(['secret', 'set', 'BIG', '--from-file', '-'], {
      env: emu.env,
      stdin: fifo,
    });
    expect(asStdin.code).toBe(2);
    expect(asStdin.stderr).toBe(
      `error: the value on standard input ${VALUE_LIMIT}\nhint: see \`fibonacci secret set --help\`\n`,
    );
    await nothingStored();
  });

  it('--env-file, workflow create --file and auth login --with-token are bounded too', async () => {
    const envFile = await runWithStdio(['secret', 'set', '--env-file', '/dev/zero'], { env: emu.env });
    expect(envFile.code).toBe(2);
    expect(envFile.stderr).toBe(
      'error: --env-file /dev/zero is larger than 4 MiB, the most a dotenv file may be\nhint: split it into several files\n',
    );
    const definition = await runWithStdio(['workflow', 'create', 'x/y', '--file', '/dev/zero'], {
      env: emu.env,
    });
    expect(definition.code).toBe(2);
    expect(definition.stderr).toBe(
      'error: --file /dev/zero is larger than 1 MiB, the most the API accepts in one request\nhint: see `fibonacci workflow create --help`\n',
    );
    const fromStdin = await runWithStdio(['workflow', 'create', 'x/y', '--file', '-'], {
      env: emu.env,
      stdin: '/dev/zero',
    });
    expect(fromStdin.code).toBe(2);
    expect(fromStdin.stderr).toBe(
      'error: the definition on standard input is larger than 1 MiB, the most the API accepts in one request\nhint: see `fibonacci workflow create --help`\n',
    );
    const { FIBONACCI_API_KEY: _key, ...noKey } = emu.env;
    const login = await runWithStdio(['auth', 'login', '--with-token', '--insecure-storage'], {
      env: noKey,
      stdin: '/dev/zero',
    });
    expect(login.code).toBe(2);
    expect(login.stderr).toBe(
      'error: the key on standard input is larger than 4 KiB, the most it may be\nhint: see `fibonacci auth login --help`\n',
    );
    const workflows = await runCli(['workflow', 'list', '--json'], { env: emu.env });
    expect(JSON.parse(workflows.stdout)).toEqual([]);
    await nothingStored();
  });

  it('a value of exactly 64 KiB piped with its newline is still accepted', async () => {
    const value = 'v'.repeat(65536);
    const r = await runCli(['secret', 'set', 'EXACT'], { env: emu.env, input: `${value}\r\n` });
    expect(r.code, r.stderr).toBe(0);
    const list = await runCli(['secret', 'list', '--json'], { env: emu.env });
    expect(JSON.parse(list.stdout).map((s: { name: string }) => s.name)).toEqual(['EXACT']);
  });
});
