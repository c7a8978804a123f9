// A token where a path goes (`security check $TOKEN_VAR`, a value after the wrong flag in a CI
// script): the error that the path does not exist or cannot be read goes to the CI log, so the path
// is not repeated when it looks like a credential; an ordinary missing path still is. The built CLI.
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;

describe('a path that holds a token is not repeated in its error', () => {
  it.each([
    [['security', 'check', TOKEN], 2],
    [['security', 'check', '--baseline', TOKEN, '.'], 3],
    [['security', 'check', '--output', `/nonexistent/${TOKEN}`, '.'], 3],
    [['access', 'apply', TOKEN], 2],
    [['--ca-cert', TOKEN, 'auth', 'status'], 3],
    [['emulator', 'start', '--data-dir', `/proc/${TOKEN}/data`], 3],
  ] as [string[], number][])('fibonacci %j', async (args, code) => {
    const dir = tempDir('fib-path-token-');
    const env = cleanEnv({ FIBONACCI_API_KEY: `fib_test_${'x'.repeat(32)}` });
    const r = await runCli(args, { env: { ...env, PWD: dir } });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(/^error: .*\(\d+ characters, not repeated here\)/);
    expect(r.stderr + r.stdout).not.toContain(TOKEN.slice(4, 20));
  });

  it('an ordinary missing path is still named', async () => {
    const r = await runCli(['security', 'check', 'workflows/missing.yaml'], { env: cleanEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file or directory: workflows/missing.yaml');
  });

  it('a data dir under /proc is refused at once, not spun on (mkdir -p never returns there)', async () => {
    const r = await runCli(['emulator', 'start', '--data-dir', '/proc/fib-missing/data'], {
      env: cleanEnv(),
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'error: cannot create the data directory /proc/fib-missing/data: no such file',
    );
  });
});
