// --debug stack traces point at src/ lines (dist/cli.cjs.map, read only under --debug); without it
// an error is its two lines and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';

// A CA file that is not there: the error is thrown by src/lib/context.ts, offline, before any request.
const env = { FIBONACCI_CA_CERT: '/nope.pem', FIBONACCI_API_KEY: 'fib_test_sourcemap0123456789' };
const ERROR =
  'error: cannot read FIBONACCI_CA_CERT file /nope.pem: ENOENT\nhint: check the path in FIBONACCI_CA_CERT\n';

describe('--debug stack traces', () => {
  it.each([
    ['--debug', ['--debug', 'secret', 'list'], env],
    ['FIBONACCI_DEBUG=1', ['secret', 'list'], { ...env, FIBONACCI_DEBUG: '1' }],
  ])('with %s, the frames of our code name src/ files and their lines', async (_how, argv, e) => {
    const r = await runCli(argv, { env: e });
    expect(r.code).toBe(3);
    expect(r.stderr.startsWith(ERROR)).toBe(true);
    const frames = r.stderr.split('\n').filter((l) => /^ {4}at /.test(l));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((f) => f.includes('dist/cli.cjs'))).toEqual([]);
    const top = /\((.*)\/src\/lib\/context\.ts:(\d+):\d+\)$/.exec(frames[0] ?? '');
    expect(top, frames[0]).not.toBeNull();
    expect(top?.[1]).toBe(REPO_ROOT);
    // The line named is the one that throws this error.
    const source = readFileSync(join(REPO_ROOT, 'src', 'lib', 'context.ts'), 'utf8').split('\n');
    expect(source[Number(top?.[2]) - 1]).toMatch(
      /throw new CliError\('config', `cannot read \$\{flag\} file/,
    );
  });

  it('without --debug: the error and its hint, no stack', async () => {
    expect(await runCli(['secret', 'list'], { env })).toEqual({ code: 3, stdout: '', stderr: ERROR });
  });
});
