// A token where a path goes (`security check $TOKEN_VAR`, a value after the wrong flag in a CI
// script): the error that the path does not exist or cannot be read goes to the CI log, so the path
// is not repeated when it looks like a credential; an ordinary missing path still is. The built CLI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

// H14a-8: a path under a token-named directory was printed whole in create's and run's parse
// errors and in the check's `Wrote …` / `Recorded …` lines, and the report's baseline line.
describe('a token-shaped path is shown by its length wherever it is printed', () => {
  const tree = () => {
    const dir = join(tempDir('fib-path-token-'), TOKEN);
    mkdirSync(dir);
    writeFileSync(join(dir, 'bad.json'), '{bad\n');
    writeFileSync(join(dir, 'bad.yaml'), 'a: [\n');
    writeFileSync(join(dir, 'ok.yaml'), 'name: x\nversion: 1\nnodes: []\nedges: []\n');
    return dir;
  };
  const env = () => cleanEnv({ FIBONACCI_API_KEY: `fib_test_${'x'.repeat(32)}` });
  const masked = /\(\d+ characters, not repeated here\)/;

  it.each([
    [
      ['workflow', 'create', 'w', '--file', 'bad.json'],
      /^error: --file \(\d+ characters, not repeated here\) is not valid JSON/,
    ],
    [
      ['workflow', 'create', 'w', '--file', 'bad.yaml'],
      /^error: --file \(\d+ characters, not repeated here\) is not valid YAML/,
    ],
    [
      ['workflow', 'run', 'wf_x', '--input-file', 'bad.json'],
      /^error: --input-file \(\d+ characters, not repeated here\) is not valid JSON/,
    ],
  ] as [string[], RegExp][])('fibonacci %j: exit 2, the path by its length', async (args, error) => {
    const dir = tree();
    const r = await runCli(
      args.map((a) => (a.startsWith('bad.') ? join(dir, a) : a)),
      { env: env() },
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(error);
    expect(r.stderr + r.stdout).not.toContain(TOKEN.slice(4, 20));
  });

  it('security check --output, --write-baseline, --baseline: every line, every format', async () => {
    const dir = tree();
    const ok = join(dir, 'ok.yaml');
    const out = await runCli(['security', 'check', ok, '--output', join(dir, 'out.txt')], { env: env() });
    // The token in the path is the file's finding (line 1): exit 11.
    expect(out.code, out.stderr).toBe(11);
    expect(out.stderr).toMatch(
      /^Wrote the text report to \(\d+ characters, not repeated here\): 1 file scanned/,
    );
    const warned = await runCli(['security', 'check', ok, '--json', '--output', join(dir, 'r.sarif')], {
      env: env(),
    });
    expect(warned.stderr).toMatch(/^warning: \(\d+ characters, not repeated here\) holds the json report/m);
    const bl = join(dir, 'bl.json');
    const wrote = await runCli(['security', 'check', ok, '--write-baseline', bl], { env: env() });
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stdout).toMatch(/recorded in the baseline \(\d+ characters, not repeated here\)/);
    expect(wrote.stderr).toMatch(/^Recorded 1 finding in the baseline \(\d+ characters, not repeated here\)/);
    // A baseline of one entry that matches nothing here: the summary names it.
    writeFileSync(
      bl,
      JSON.stringify({
        version: 2,
        tool: 'fibonacci security check',
        paths: 'relative to the git work tree top level, else the working directory',
        findings: [{ rule: 'github-token', path: 'gone.yaml', hash: 'a'.repeat(64) }],
      }),
    );
    const text = await runCli(['security', 'check', ok, '--baseline', bl], { env: env() });
    expect(text.stdout).toMatch(/^baseline \(\d+ characters, not repeated here\): 0 of 1 entry matched/m);
    const json = await runCli(['security', 'check', ok, '--baseline', bl, '--json'], { env: env() });
    expect(JSON.parse(json.stdout).baseline.file).toMatch(masked);
    for (const r of [out, warned, wrote, text, json])
      expect(r.stderr + r.stdout).not.toContain(TOKEN.slice(4, 20));
  });
});
