// A stdout redirected to a file that stops taking bytes part-way through a write (a disk that
// fills, `ulimit -f`): Node's own stdout on a file makes one write(2) per chunk and drops what a
// short write left, so the command exited 0 with its output cut. Each chunk is now written whole or
// fails, and the command says so (exit 1, the contract's stdout failure). The built CLI (npm run build
// first), through bash for the limit; XFSZ is ignored so that the write fails instead of killing.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const LIMIT = 1024; // bash's `ulimit -f 1`: one block of 1024 bytes
const FAILED =
  /^error: cannot write to standard output: file too large \(EFBIG\)\nhint: what was not written is lost: [^\n]+\nexit 1\n$/;

/** `fibonacci …args > out` under `ulimit -f 1`; stderr ends with the exit code bash saw. */
function limited(args: string[], env: Record<string, string> = {}) {
  const out = join(tempDir('fib-limit-'), 'out');
  const cli = [process.execPath, '--', CLI_BIN, ...args].map((a) => `'${a}'`).join(' ');
  const line = `trap '' XFSZ; ulimit -f 1; ${cli} > '${out}'; echo "exit $?" >&2`;
  const r = spawnSync('bash', ['-c', line], { env: cleanEnv(env), encoding: 'utf8' });
  return { stderr: r.stderr, out };
}

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const seeded = await runCli(['emulator', 'seed-audit', '--count', '50', '--data-dir', emu.dataDir]);
  expect(seeded.code, seeded.stderr).toBe(0);
});
afterAll(async () => {
  await emu?.stop();
});

describe('stdout on a file that stops taking bytes (e2e)', () => {
  it('a printed listing (security check --list-rules): exit 1 and the error, never a silent cut', () => {
    const whole = spawnSync(process.execPath, ['--', CLI_BIN, 'security', 'check', '--list-rules'], {
      env: cleanEnv(),
      encoding: 'utf8',
    });
    expect(whole.status).toBe(0);
    expect(Buffer.byteLength(whole.stdout)).toBeGreaterThan(LIMIT);
    const r = limited(['security', 'check', '--list-rules']);
    expect(r.stderr).toMatch(FAILED);
    expect(readFileSync(r.out).equals(Buffer.from(whole.stdout).subarray(0, LIMIT))).toBe(true);
  });

  it('an export to stdout (audit export --output -): a stopped export (exit 8), never a silent cut', () => {
    const r = limited(['audit', 'export', '--output', '-', '--format', 'ndjson'], emu.env);
    expect(r.stderr).toMatch(
      /^error: export stopped after 0 events: cannot write to standard output: file too large \(EFBIG\)\nhint: [^\n]+\nexit 8\n$/,
    );
    expect(statSync(r.out).size).toBe(LIMIT);
  });
});
