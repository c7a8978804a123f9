// Node reads `--env-file` as its own option even after the script name, and applies a NODE_OPTIONS
// line of the file to itself: `node bin/fibonacci.cjs secret set --env-file .env` runs code from a
// data file. The shim's `node --` shebang prevents it; started by hand without `--`, the CLI stops
// (exit 2) before it reads or sends anything. The built CLI, started both ways.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
});
