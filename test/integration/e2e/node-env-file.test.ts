// Node reads `--env-file` as its own option even after the script name, and applies a NODE_OPTIONS
// line of the file to itself: `node bin/fibonacci.cjs secret set --env-file .env` runs code from a
// data file. The shim's `node --` shebang prevents it; started by hand without `--`, the CLI stops
// (exit 2) before it reads or sends anything. The built CLI, started both ways.
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ERROR =
  'error: started as `node bin/fibonacci.cjs` with --env-file, which Node reads as its own option too (a NODE_OPTIONS line in the file runs as code)\n' +
  'hint: run the installed `fibonacci` command, or `node -- bin/fibonacci.cjs …`; nothing was read or sent\n';

describe('node bin/fibonacci.cjs … --env-file', () => {
  const dir = tempDir('fib-node-env-file-');
  const file = join(dir, 'values.env');
  writeFileSync(file, 'STRIPE_KEY=sk_test_value\n');
  const env = cleanEnv({
    FIBONACCI_API_KEY: 'fib_test_nodeEnvFile_0123456789abcdef',
    FIBONACCI_BASE_URL: 'https://127.0.0.1:9',
  });
  const run = (nodeArgs: string[], args: string[]) =>
    spawnSync(process.execPath, [...nodeArgs, CLI_BIN, ...args], { env, encoding: 'utf8', timeout: 20_000 });

  it.each([
    ['secret set', ['secret', 'set', '--env-file', file]],
    [
      'emulator start',
      ['emulator', 'start', '--port', '0', '--data-dir', join(dir, 'emu'), `--env-file=${file}`],
    ],
  ])('%s started without `--`: exit 2, one error and one hint, nothing else', (_label, args) => {
    const r = run([], args);
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: ERROR,
    });
  });

  it('started as `node --` (what the shebang does): the command runs', () => {
    const r = run(['--'], ['secret', 'set', '--env-file', file]);
    expect(r.stderr).not.toContain('started as');
    expect(r.status).toBe(7); // it went on to connect (nothing listens on port 9)
  });

  // ENVFILEDASH: `--env-file -` (standard input, as --from-file - reads it) said "cannot read
  // --env-file -: no such file" through the shim and Node's own "node: -: not found" (exit 9) under
  // `node bin/fibonacci.cjs`. The shim (run itself, or by the link npm installs) now refuses it in
  // our words, for both flags that take a dotenv file. Under `node bin/…` Node 20 reads the flag
  // before any code of ours runs: that start can only be avoided, as the hint above says.
  const DASH =
    'error: invalid --env-file "-": a dotenv file is read from a path; - (standard input) is not read here\n' +
    'hint: save the lines to a file and give its path, e.g. --env-file .env\n';
  const linked = join(dir, 'node_modules', '.bin', 'fibonacci');
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI_BIN, linked);
  const exec = (bin: string, args: string[]) =>
    spawnSync(bin, args, {
      env,
      encoding: 'utf8',
      timeout: 20_000,
      stdio: [openSync(file, 'r'), 'pipe', 'pipe'],
    });

  it.each([
    ['the shim', CLI_BIN, ['secret', 'set', '--env-file', '-']],
    ['the npm bin link', linked, ['secret', 'set', '--env-file', '-']],
    [
      'the npm bin link, emulator start',
      linked,
      ['emulator', 'start', '--data-dir', join(dir, 'e2'), '--env-file=-'],
    ],
  ])('--env-file - through %s: exit 2, our one error and hint', (_label, bin, args) => {
    const r = exec(bin, args);
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: DASH,
    });
  });

  it('--env-file - under `node bin/fibonacci.cjs`: Node stops it before our code, nothing is sent', () => {
    const r = run([], ['secret', 'set', '--env-file', '-']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    // Node 20's own words today; a Node that leaves the flag to the script gets ours.
    expect(r.stderr === DASH || /^\S*node: -: not found\n$/.test(r.stderr), r.stderr).toBe(true);
  });
});
