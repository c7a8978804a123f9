// `secret set`: the value rule (lib/secret-input.ts), name/environment checks before any request, --env-file.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeApi, type RecordedCall } from '../../../helpers/fake-api.js';
import { type InProcessOptions, runInProcess } from '../../../helpers/run-in-process.js';
import { identity } from '../workflow/fixtures.js';

/** A key that may write but not list environments: no typo check of --env beyond asking its scopes. */
const WRITE_ONLY = identity(['secrets:write']);
/** What a terminal is told for such a key (new-environment.ts). */
const NOT_CHECKED = (env: string) =>
  `note: not checked whether --env ${env} is a typo of an existing environment: this key may not list environments\n`;

const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const dir = mkdtempSync(join(tmpdir(), 'fib-secret-set-'));

function meta(name: string, environment: string | null, version = 1) {
  return {
    name,
    environment,
    version,
    created_at: '2026-11-29T10:00:00Z',
    updated_at: '2026-11-29T10:00:00Z',
    updated_by: 'user-1',
    rotation: null,
  };
}

/** Run `secret set …` against a FakeApi that expects the PUT and records the body it was sent. */
async function set(args: string[], o: InProcessOptions & { path?: string } = {}) {
  const api = new FakeApi().on('PUT', o.path ?? '/api/v1/secrets/API_KEY', (call: RecordedCall) =>
    meta('API_KEY', (call.options.query?.environment as string) ?? null, 3),
  );
  // An environment (--env, or config.json's default): its scopes are asked first (new-environment.ts).
  if (args.includes('--env') || o.env !== undefined) api.on('GET', '/api/v1/auth/me', WRITE_ONLY);
  return run(args, api, o);
}

/** Run `secret set …` that must be refused before any request: nothing is stubbed. */
async function refuse(args: string[], o: InProcessOptions = {}) {
  return run(args, new FakeApi(), o);
}

async function run(args: string[], api: FakeApi, o: InProcessOptions) {
  const r = await runInProcess(['secret', 'set', ...args], { env: ENV, api, ...o });
  const sent = api.calls.filter((c) => c.path !== '/api/v1/auth/me');
  const value = (sent[0]?.options.body as { value?: string } | undefined)?.value;
  return { ...r, api, sent, value };
}

describe('secret set: where the value comes from', () => {
  it('piped stdin: one trailing \\n stripped, success line on a TTY stderr only', async () => {
    const r = await set(['API_KEY', '--env', 'production'], { stdin: 's3cr3t\n', stderrIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.value).toBe('s3cr3t');
    expect(r.sent[0]?.options.query).toEqual({ environment: 'production' });
    expect(r.sent[0]?.options.redact).toEqual(['s3cr3t']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${NOT_CHECKED('production')}✓ Set secret API_KEY (production, version 3)\n`);
  });

  it('a key that may list but a server that would not (404): a terminal is told it was not checked, a pipe nothing', async () => {
    const make = () =>
      new FakeApi()
        .on('PUT', '/api/v1/secrets/API_KEY', meta('API_KEY', 'prodution', 1))
        .on('GET', '/api/v1/auth/me', identity(['secrets:read', 'secrets:write']))
        .on('GET', '/api/v1/environments', new CliError('unexpected', 'not found', { status: 404 }));
    const tty = await run(['API_KEY', '--env', 'prodution'], make(), { stdin: 'v', stderrIsTTY: true });
    expect([tty.code, tty.stderr]).toEqual([
      0,
      'note: not checked whether --env prodution is a typo of an existing environment: the server did not list its environments\n✓ Set secret API_KEY (prodution, version 1)\n',
    ]);
    const piped = await run(['API_KEY', '--env', 'prodution'], make(), { stdin: 'v' });
    expect([piped.code, piped.stdout, piped.stderr]).toEqual([0, '', '']);
  });

  it('piped: no newline kept as is, \\r\\n stripped once, only one newline removed, nothing printed when piped', async () => {
    expect((await set(['API_KEY'], { stdin: 'abc' })).value).toBe('abc');
    expect((await set(['API_KEY'], { stdin: 'abc\r\n' })).value).toBe('abc');
    const r = await set(['API_KEY'], { stdin: 'abc\n\n' });
    expect(r.value).toBe('abc\n');
    expect(r.stderr).toBe('');
  });

  it('keeps a multi-line PEM and 4-byte UTF-8 intact; --from-file is byte for byte', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w0BAQEF\n-----END PRIVATE KEY-----\n';
    expect((await set(['API_KEY'], { stdin: `${pem}\n` })).value).toBe(pem);
    expect((await set(['API_KEY'], { stdin: '𝄞😀 ü\n' })).value).toBe('𝄞😀 ü');
    const file = join(dir, 'key.pem');
    writeFileSync(file, pem);
    expect((await set(['API_KEY', '--from-file', file])).value).toBe(pem);
    expect((await set(['API_KEY', '--from-file', '-'], { stdin: 'x\n' })).value).toBe('x\n');
  });

  it('prompts (masked) when stdin and stdout are TTYs', async () => {
    const r = await set(['API_KEY'], { stdinIsTTY: true, stdoutIsTTY: true, secrets: ['typed'] });
    expect(r.code).toBe(0);
    expect(r.io.prompts).toEqual(['Value for API_KEY (shared):']);
    expect(r.value).toBe('typed');
    // The prompt says where the value goes.
    const prod = await set(['API_KEY', '--env', 'production'], {
      stdinIsTTY: true,
      stdoutIsTTY: true,
      secrets: ['typed'],
    });
    expect(prod.io.prompts).toEqual(['Value for API_KEY (production):']);
  });

  it('exit 10 naming the flags when stdin is /dev/null and there is no terminal, or prompting is off', async () => {
    const hint =
      'hint: pass it with --from-file FILE, --value V, or on standard input: printf %s "$VALUE" | fibonacci secret set API_KEY\n';
    const piped = await refuse(['API_KEY'], { stdinIsNullDevice: true });
    expect(piped.code).toBe(10);
    expect(piped.stderr).toBe(
      `error: a value for API_KEY is needed but there is no terminal to prompt on\n${hint}`,
    );
    const noInput = await refuse(['API_KEY', '--no-input'], { stdinIsTTY: true, stdoutIsTTY: true });
    expect(noInput.code).toBe(10);
    // At a terminal the error names what turned prompts off (newcomer pass 10: a stray CI=1 was
    // told "there is no terminal").
    expect(noInput.stderr).toBe(
      `error: a value for API_KEY is needed but prompts are off (--no-input)\n${hint}`,
    );
    // The environment forbids prompts as the flag does, even on a terminal with answers ready.
    const said = ['FIBONACCI_NO_INPUT is set', 'CI is set'];
    for (const extra of [{ FIBONACCI_NO_INPUT: '1' }, { CI: 'true' }] as Record<string, string>[]) {
      const r = await refuse(['API_KEY'], {
        stdinIsTTY: true,
        stdoutIsTTY: true,
        secrets: ['typed'],
        env: { ...ENV, ...extra },
      });
      expect(r.code, JSON.stringify(extra)).toBe(10);
      expect(r.stderr).toBe(
        `error: a value for API_KEY is needed but prompts are off (${said.shift()})\n${hint}`,
      );
      expect(r.value).toBeUndefined();
    }
    const ttyInOnly = await refuse(['API_KEY'], { stdinIsTTY: true, stdoutIsTTY: false });
    expect(ttyInOnly.code).toBe(10);
    expect(piped.api.calls).toHaveLength(0);
  });

  it('--value works but warns about shell history and ps', async () => {
    const r = await set(['API_KEY', '--value', 'v4lue']);
    expect(r.code).toBe(0);
    expect(r.value).toBe('v4lue');
    expect(r.stderr).toBe(
      'warning: --value leaves the secret in your shell history and in `ps` output; prefer --from-file or standard input\n',
    );
  });

  it('refuses empty values and values over 64 KiB before any request; exactly 64 KiB is sent', async () => {
    // An empty pipe is an empty value, not "no input": the pipe was the input.
    for (const stdin of ['', '\n', '\r\n']) {
      const empty = await refuse(['API_KEY'], { stdin });
      expect([empty.code, empty.stdout, empty.stderr], JSON.stringify(stdin)).toEqual([
        2,
        '',
        'error: the value for API_KEY on standard input is empty: nothing was stored\nhint: the command before the pipe printed nothing (is the variable set?)\n',
      ]);
      expect(empty.api.calls).toHaveLength(0);
    }
    const emptyFile = join(dir, 'empty');
    writeFileSync(emptyFile, '');
    expect((await refuse(['API_KEY', '--from-file', emptyFile])).code).toBe(2);
    const max = `${'é'.repeat(32767)}ab`; // 65536 bytes, 32769 characters
    expect((await set(['API_KEY'], { stdin: max })).value).toBe(max);
    const over = await refuse(['API_KEY'], { stdin: `${max}c` });
    expect(over.code).toBe(2);
    expect(over.stderr).toBe(
      'error: the value for API_KEY is 65537 bytes; secret values are at most 65536 bytes (64 KiB)\nhint: see `fibonacci secret set --help`\n',
    );
    expect(over.api.calls).toHaveLength(0);
  });

  it('checks the name and the environment before any request, quoting the rule', async () => {
    const bad = await refuse(['1API'], { stdin: 'x' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'error: invalid secret name "1API": letters, digits and _, not starting with a digit, at most 128 characters\nhint: see `fibonacci secret set --help`\n',
    );
    const env = await refuse(['API_KEY', '--env', 'Prod'], { stdin: 'x' });
    expect(env.stderr).toBe(
      'error: invalid --env "Prod": lowercase letters, digits and -, starting with a letter, at most 32 characters\nhint: did you mean prod?\n',
    );
    expect([bad.api.calls.length, env.api.calls.length]).toEqual([0, 0]);
  });

  it('takes the environment from config.json default_environment; --env wins', async () => {
    const config = mkdtempSync(join(tmpdir(), 'fib-config-'));
    mkdirSync(join(config, 'fibonacci'));
    writeFileSync(join(config, 'fibonacci', 'config.json'), '{"default_environment": "staging"}');
    const env = { ...ENV, XDG_CONFIG_HOME: config };
    const r = await set(['API_KEY'], { stdin: 'x', env, stderrIsTTY: true });
    expect(r.sent[0]?.options.query).toEqual({ environment: 'staging' });
    expect(r.stderr).toBe(`${NOT_CHECKED('staging')}✓ Set secret API_KEY (staging, version 3)\n`);
    const flag = await set(['API_KEY', '--env', 'prod'], { stdin: 'x', env });
    expect(flag.sent[0]?.options.query).toEqual({ environment: 'prod' });
  });

  it('a 403 exits 5 with the role the server says is needed and the access check to run', async () => {
    const api = new FakeApi().on(
      'PUT',
      '/api/v1/secrets/API_KEY',
      new CliError('forbidden', 'not allowed: requires role admin or owner', { hint: 'see auth status' }),
    );
    const r = await runInProcess(['secret', 'set', 'API_KEY'], { env: ENV, api, stdin: 'x' });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      'error: not allowed: requires role admin or owner\n' +
        'hint: `fibonacci access check write secrets/shared/API_KEY` says whether this key may, and which rule decides\n',
    );
  });
});

describe('secret set --env-file', () => {
  it('checks every line first: one bad line and nothing is sent, each problem by line number', async () => {
    const file = join(dir, 'bad.env');
    // line 2: no `=`; 3: the name rule; 4: empty; 5-6: a quoted value, then text after its quote;
    // 7: A again (dotenv would let the last one win silently); 9: a quote never closed.
    writeFileSync(file, 'A=1\ngarbage line\n1BAD=2\nEMPTY=\nB="multi\nline" tail\nA=2\n\nC="open\n');
    const r = await runInProcess(['secret', 'set', '--env-file', file, '--env', 'staging'], {
      env: ENV,
      api: new FakeApi(),
      stderrIsTTY: true,
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toBe(
      `error: ${file}, line 2: not NAME=value (nor a comment or a blank line); more problems on lines 3, 4, 6, 7, 9; nothing was stored\n` +
        'hint: each line is NAME=value, a # comment or blank; a value may be quoted, over several lines\n',
    );
    // Each of them, in words, as the file is fixed from the top.
    const problems: string[] = [];
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const n of [2, 3, 4, 6, 7, 9]) {
      const r2 = await runInProcess(['secret', 'set', '--env-file', file], { env: ENV, api: new FakeApi() });
      problems.push((r2.stderr.split('\n')[0] ?? '').replace(`error: ${file}, `, '').replace(/;.*/, ''));
      lines[n - 1] = n === 6 ? 'line"' : n === 9 ? 'C=closed' : `# fixed ${n}`;
      writeFileSync(file, lines.join('\n'));
    }
    expect(problems).toEqual([
      'line 2: not NAME=value (nor a comment or a blank line)',
      'line 3: invalid secret name "1BAD": letters, digits and _, not starting with a digit, at most 128 characters',
      'line 4: the value for EMPTY is empty',
      "line 6: text after the closing quote of B's value",
      'line 7: A is already set on line 1',
      'line 9: the quoted value of C is never closed',
    ]);
    // The value is never quoted: not the line that is not an entry, nor the one after a quote.
    expect(r.stderr).not.toMatch(/garbage|tail|open/);
  });

  it('sends a good file in order, one request each, one ✓ line at the end', async () => {
    const file = join(dir, 'good.env');
    writeFileSync(file, '# comment\nA=1\n\nexport B="multi\nline" # note\nC=3\r\n');
    const sent: string[] = [];
    const api = new FakeApi().on('GET', '/api/v1/auth/me', WRITE_ONLY);
    for (const name of ['A', 'B', 'C']) {
      api.on('PUT', `/api/v1/secrets/${name}`, (call: RecordedCall) => {
        sent.push(`${name}=${(call.options.body as { value: string }).value}`);
        return meta(name, 'staging');
      });
    }
    const r = await runInProcess(['secret', 'set', '--env-file', file, '--env', 'staging'], {
      env: ENV,
      api,
      stderrIsTTY: true,
    });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      '',
      `${NOT_CHECKED('staging')}✓ Set 3 secrets in staging from ${file}\n`,
    ]);
    expect(sent).toEqual(['A=1', 'B=multi\nline', 'C=3']);
  });

  it('a request that fails stops the rest and names what was stored and what was not', async () => {
    const file = join(dir, 'partial.env');
    writeFileSync(file, 'A=1\nB=2\nC=3\n');
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', WRITE_ONLY)
      .on('PUT', '/api/v1/secrets/A', meta('A', 'staging'))
      .on('PUT', '/api/v1/secrets/B', new CliError('forbidden', 'not allowed: requires role admin or owner'));
    const r = await runInProcess(['secret', 'set', '--env-file', file, '--env', 'staging'], {
      env: ENV,
      api,
    });
    expect(r.code).toBe(5);
    expect(api.calls.map((c) => c.path)).toEqual([
      '/api/v1/auth/me',
      '/api/v1/secrets/A',
      '/api/v1/secrets/B',
    ]);
    expect(r.stderr).toBe(
      'error: B (line 2): not allowed: requires role admin or owner; stored in staging: A; not stored: B, C\n' +
        'hint: `fibonacci access check write secrets/staging/B` says whether this key may, and which rule decides\n',
    );
  });

  it('a file with no entries is an error', async () => {
    const file = join(dir, 'empty.env');
    writeFileSync(file, '# nothing here\n\n');
    const r = await runInProcess(['secret', 'set', '--env-file', file], { env: ENV, api: new FakeApi() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: --env-file ${file} has no entries\nhint: expected lines such as API_KEY=value\n`,
    );
  });
});
