// Start `fibonacci emulator start --port 0 --data-dir DIR` as a user runs it (bin/fibonacci.cjs) and
// wait for the line a shell needs to connect. Shared by `npm run demo` and the benchmarks; the tests
// have their own handle (test/helpers/emulator.ts) that also tracks, restarts and kills emulators.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'fibonacci.cjs');
const CONNECT = /export FIBONACCI_BASE_URL=(\S+) FIBONACCI_CA_CERT=(\S+)/;

/**
 * Resolves with { child, url, ca, output } once the emulator listens (`output`: what it printed until
 * then, the one-time owner key line included; later output is discarded); rejects if it exits first
 * or takes over `timeoutMs`.
 */
export function spawnEmulator(dataDir, { args = [], env = process.env, timeoutMs = 30_000 } = {}) {
  const child = spawn(
    process.execPath,
    ['--', cli, 'emulator', 'start', '--port', '0', '--data-dir', dataDir, ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`${why}\n${out}${err}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`the emulator did not start within ${timeoutMs} ms`);
    }, timeoutMs);
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.stdout.on('data', (c) => {
      out += c;
      const m = CONNECT.exec(out);
      if (m) {
        clearTimeout(timer);
        // From here on the output is drained, not kept: a long run must not fill a pipe or memory.
        for (const stream of [child.stdout, child.stderr]) stream.removeAllListeners('data').resume();
        resolve({ child, url: m[1], ca: m[2], output: out });
      }
    });
    child.once('exit', (code) => fail(`the emulator exited with ${code} before listening`));
  });
}
