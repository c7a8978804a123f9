// A token typed where a value or a path goes (`--env "$TOKEN"`, a secret after `--data-dir` or
// `--env-file` in a CI script): the refusal goes to the terminal's scrollback and the CI log, so it
// is one `error:` line and a hint that say the value's length and never repeat it, for every flag
// that takes a value or a path. The built CLI, each with a clean environment.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = `${'ghp'}_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5'}`;

/** A working directory with a data dir of its own (no default one is touched). */
function place() {
  const dir = tempDir('fib-refused-');
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  return { dir, data, env: cleanEnv({ FIBONACCI_API_KEY: `fib_test_${'x'.repeat(32)}`, PWD: dir }) };
}

describe('a refused value or path that holds a token is not repeated', () => {
  it.each([
    [['security', 'check', '--env', TOKEN, '.'], 2, /^error: invalid --env: lowercase letters/],
    [
      ['emulator', 'add-user', '--data-dir', `/proc/${TOKEN}`, '--role', 'viewer'],
      3,
      /^error: no emulator data in/,
    ],
    [
      ['emulator', 'seed-audit', '--count', '1', '--data-dir', `/proc/${TOKEN}`],
      3,
      /^error: no emulator data in/,
    ],
    [['emulator', 'start', '--env-file', TOKEN, '--data-dir', 'data'], 3, /^error: cannot read --env-file/],
    [['secret', 'set', '--env-file', TOKEN], 2, /^error: cannot read --env-file/],
    [
      ['emulator', 'start', '--host', TOKEN, '--port', '0', '--data-dir', 'data'],
      3,
      /^error: cannot listen on/,
    ],
    [['audit', 'logs', '--since', TOKEN], 2, /^error: invalid --since/],
    [['audit', 'export', '--output', `/nonexistent/${TOKEN}/audit.ndjson`], 3, /^error: the directory/],
  ] as [string[], number, RegExp][])('fibonacci %j', async (args, code, first) => {
    const { data, env } = place();
    const r = await runCli(
      args.map((a) => (a === 'data' ? data : a)),
      { env, timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(first);
    // One error line, then its hint: nothing else, and the token in neither.
    expect(r.stderr).toMatch(/^error: [^\n]+\nhint: [^\n]+\n$/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN.slice(4, 20));
  });

  it('a file named like a token is refused without its name: a policy that is not UTF-8, a CA file others may write', async () => {
    const { dir, env } = place();
    writeFileSync(join(dir, TOKEN), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    const policy = await runCli(['access', 'apply', join(dir, TOKEN)], { env });
    expect(policy.code, policy.stderr).toBe(2);
    expect(policy.stderr).toMatch(/^error: \(\d+ characters, not repeated here\) is not valid UTF-8\nhint: /);

    const ca = join(dir, `${TOKEN}.pem`);
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    chmodSync(ca, 0o666);
    const pem = await runCli(['--ca-cert', ca, 'auth', 'status'], { env });
    expect(pem.code, pem.stderr).toBe(3);
    expect(pem.stderr).toMatch(/^error: refusing the --ca-cert file \(\d+ characters, not repeated here\): /);
    for (const r of [policy, pem]) expect(r.stdout + r.stderr).not.toContain(TOKEN.slice(4, 20));
  });

  it('an ordinary path is still named, with the command that fixes it', async () => {
    const { dir, env } = place();
    const r = await runCli(['emulator', 'add-user', '--data-dir', join(dir, 'none'), '--role', 'viewer'], {
      env,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: no emulator data in ${join(dir, 'none')}\nhint: start it once first: fibonacci emulator start --data-dir ${join(dir, 'none')}\n`,
    );
  });
});
