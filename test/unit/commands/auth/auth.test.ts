import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { KeychainUnavailableError, MemoryKeyStore } from '../../../../src/lib/keychain.js';
import { DEFAULT_ORIGIN } from '../../../../src/lib/origin.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const KEY = 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789';
const ME = {
  key_id: 'key_1',
  key_name: 'laptop',
  user_id: 'user-123',
  organization_id: 'org-42',
  role: 'owner',
  scopes: { read: true, write: true, admin: false },
  workflows: ['*'],
  created_at: '2026-11-01T00:00:00Z',
  expires_at: null,
};
const NOW = new Date('2026-11-29T12:00:00Z');
const EMU = 'https://emulator.test:8443';
const URL_ENV = { FIBONACCI_BASE_URL: EMU };
/** A keychain holding KEY for the default origin. */
const stored = () => new MemoryKeyStore({ [DEFAULT_ORIGIN]: KEY });

describe('auth login', () => {
  it('reads the key from stdin with --with-token, checks it, then stores it in the keychain', async () => {
    const keychain = new MemoryKeyStore();
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      stdin: `${KEY}\n`,
      keychain,
      api,
      env: URL_ENV,
      stderrIsTTY: true,
    });
    expect(r.code).toBe(0);
    expect([...keychain.keys]).toEqual([[EMU, KEY]]);
    expect(api.calls[0]?.apiKey).toBe(KEY);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      '✓ Logged in to https://emulator.test:8443 as user-123 (org-42, owner); key stored in the test keychain\n',
    );
  });

  it('prompts (masked) on a TTY', async () => {
    const keychain = new MemoryKeyStore();
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'login'], {
      stdinIsTTY: true,
      stdoutIsTTY: true,
      secrets: [KEY],
      keychain,
      api,
    });
    expect(r.code).toBe(0);
    expect(r.io.prompts).toEqual(['Paste your Fibonacci API key:']);
    expect([...keychain.keys]).toEqual([[DEFAULT_ORIGIN, KEY]]);
  });

  it('refuses a key without the fib_ prefix before any request, and stores nothing', async () => {
    const keychain = new MemoryKeyStore();
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      stdin: 'sk-live-123456789\n',
      keychain,
      api,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: that is not a Fibonacci API key: keys start with "fib_"\nhint: copy the whole key, e.g. fib_live_…\n',
    );
    expect(r.stderr).not.toContain('sk-live');
    expect(api.calls).toHaveLength(0);
    expect(keychain.keys.size).toBe(0);
  });

  it('refuses a key with a line break or control character inside, before any request (login and FIBONACCI_API_KEY)', async () => {
    const keychain = new MemoryKeyStore();
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      stdin: 'fib_test_first\nsecond-line\n',
      keychain,
      api,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: that is not a Fibonacci API key: it holds a space, a line break or a control character\nhint: copy the whole key, e.g. fib_live_…\n',
    );
    const env = await runInProcess(['secret', 'list'], {
      env: { FIBONACCI_API_KEY: 'fib_test_abc\x01def' },
      api,
    });
    expect(env.code).toBe(4);
    expect(env.stderr).toBe(
      'error: the API key in use is not a Fibonacci API key: it holds a space, a line break or a control character\n' +
        'hint: the key in use comes from FIBONACCI_API_KEY: set the variable to a current key, or unset it\n',
    );
    expect(api.calls).toHaveLength(0);
    expect(keychain.keys.size).toBe(0);
  });

  it('refuses empty stdin for --with-token', async () => {
    const keychain = new MemoryKeyStore();
    const r = await runInProcess(['auth', 'login', '--with-token'], { stdin: '', keychain });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: no key on standard input\nhint: /);
    expect(keychain.keys.size).toBe(0);
  });

  it('exits 10 when it would have to prompt but cannot', async () => {
    const r = await runInProcess(['auth', 'login'], { stdinIsTTY: false });
    expect(r.code).toBe(10);
    expect(r.stderr).toContain('--with-token');
  });

  it('stores nothing when the server rejects the key (exit 4)', async () => {
    const keychain = new MemoryKeyStore();
    const api = new FakeApi().on(
      'GET',
      '/api/v1/auth/me',
      new CliError('auth', 'invalid API key', { status: 401, requestId: 'req_9' }),
    );
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      stdin: KEY,
      keychain,
      api,
      env: URL_ENV,
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'error: the API at https://emulator.test:8443 rejected this key (request req_9)',
    );
    expect(keychain.keys.size).toBe(0);
  });

  it('warns when FIBONACCI_API_KEY will shadow the stored key', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      stdin: KEY,
      api,
      env: { FIBONACCI_API_KEY: 'fib_test_other_key_123456' },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: FIBONACCI_API_KEY is set and takes precedence over the stored key');
    expect(r.stderr).not.toContain('fib_test_other_key_123456');
  });

  it('--insecure-storage writes the file store and warns', async () => {
    const file = new MemoryKeyStore();
    const keychain = new MemoryKeyStore();
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'login', '--with-token', '--insecure-storage'], {
      stdin: KEY,
      api,
      keychain,
      insecureFile: file,
    });
    expect(r.code).toBe(0);
    expect([...file.keys]).toEqual([[DEFAULT_ORIGIN, KEY]]);
    expect(keychain.keys.size).toBe(0);
    expect(r.stderr).toContain('warning: the key is stored in plain text');
  });

  it('fails with the remedies when the keychain is locked, and stores nothing elsewhere', async () => {
    const file = new MemoryKeyStore();
    // No stub: the key is never sent (FakeApi fails on any request it was not given).
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      stdin: KEY,
      api,
      keychain: new MemoryKeyStore({}, new KeychainUnavailableError('no result found')),
      insecureFile: file,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'error: the system keychain is locked (or has no default keyring yet)\nhint: unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock`), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`\n',
    );
    expect(file.keys.size).toBe(0);
    // The keychain is tried before the key is read or sent anywhere.
    expect(api.calls).toHaveLength(0);
  });

  it('without a Secret Service, fails before the prompt, saying so plainly with the three remedies', async () => {
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'login'], {
      api,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      keychain: new MemoryKeyStore(
        {},
        new KeychainUnavailableError(
          'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
        ),
      ),
    });
    expect(r.code).toBe(3);
    expect(r.io.prompts).toEqual([]);
    expect(api.calls).toHaveLength(0);
    expect(r.stderr).toBe(
      'error: no Secret Service is running, so there is no system keychain to keep the key in\nhint: start one (gnome-keyring or KeePassXC in your desktop session), set FIBONACCI_API_KEY, or run `fibonacci auth login --insecure-storage`\n',
    );
  });
});

describe('auth status', () => {
  it('prints source, masked key, org, role, scopes and expiry', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', { ...ME, expires_at: '2027-02-27T12:00:00Z' });
    const r = await runInProcess(['auth', 'status'], {
      keychain: new MemoryKeyStore({ [EMU]: KEY }),
      api,
      env: URL_ENV,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'https://emulator.test:8443',
        '  ✓ Logged in as user-123 in organization org-42',
        '  Source:     system keychain (key for https://emulator.test:8443)',
        '  Key:        fib_tes…789 (laptop, key_1)',
        '  Role:       owner',
        '  Scopes:     read, write',
        '  Workflows:  *',
        '  Expires:    2027-02-27T12:00:00Z (in 3 months)',
        '',
      ].join('\n'),
    );
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('--json accepts the legacy list form of scopes and prints stable fields', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', { ...ME, scopes: ['runs:read', 'read'] });
    const r = await runInProcess(['auth', 'status', '--json'], {
      env: { ...URL_ENV, FIBONACCI_API_KEY: KEY },
      api,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      api_url: 'https://emulator.test:8443',
      origin: 'https://emulator.test:8443',
      key_origin: null,
      source: 'environment',
      key: 'fib_tes…789',
      key_id: 'key_1',
      key_name: 'laptop',
      user_id: 'user-123',
      organization_id: 'org-42',
      role: 'owner',
      scopes: ['read', 'runs:read'],
      workflows: ['*'],
      created_at: '2026-11-01T00:00:00Z',
      expires_at: null,
    });
  });

  it('does not touch the keychain when FIBONACCI_API_KEY is set', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'status'], {
      env: { FIBONACCI_API_KEY: KEY },
      keychain: new MemoryKeyStore({}, new KeychainUnavailableError('must not be called')),
      api,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Source:     FIBONACCI_API_KEY (any origin)\n');
  });

  it('says FIBONACCI_VERIFY_SSL=false is ignored: verification is never turned off', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'status'], {
      env: { FIBONACCI_API_KEY: KEY, FIBONACCI_VERIFY_SSL: 'false' },
      api,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: FIBONACCI_VERIFY_SSL is ignored: certificates are always verified (trust a CA with --ca-cert)\n',
    );
  });

  // Newcomer pass 14, NC-21: FIBONACCI_API_URL (the flag is --api-url) was ignored in silence, and
  // "not logged in for https://api.fibonacci.today" sent the user to log in to production.
  it('warns once about a misspelt FIBONACCI_ variable, naming the one meant, never its value', async () => {
    const r = await runInProcess(['auth', 'status'], {
      env: { FIBONACCI_API_URL: 'https://127.0.0.1:8443', FIBONACCI_BASEURL: KEY },
      keychain: new MemoryKeyStore({}),
    });
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'warning: FIBONACCI_API_URL is not a setting and is ignored; did you mean FIBONACCI_BASE_URL?',
      'warning: FIBONACCI_BASEURL is not a setting and is ignored; did you mean FIBONACCI_BASE_URL?',
    ]);
    expect(r.stderr).toMatch(/\nerror: not logged in for /);
    expect(r.stderr).not.toContain(KEY);
    // A variable near no setting (the project's own FIBONACCI_TEST_*) is left alone.
    const other = await runInProcess(['auth', 'status'], {
      env: { FIBONACCI_API_KEY: KEY, FIBONACCI_TEST_STRICT: '1' },
      api: new FakeApi().on('GET', '/api/v1/auth/me', ME),
    });
    expect([other.code, other.stderr]).toEqual([0, '']);
  });

  it('warns when fewer than 7 days remain', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', { ...ME, expires_at: '2026-12-02T12:00:00Z' });
    const r = await runInProcess(['auth', 'status'], { keychain: stored(), api, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: this key expires in 3 days; create a new one with `fibonacci auth create-key`\n',
    );
  });

  it('says an expired key has expired, in the Expires line and a warning', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', { ...ME, expires_at: '2026-11-28T12:00:00Z' });
    const r = await runInProcess(['auth', 'status'], { keychain: stored(), api, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Expires:    2026-11-28T12:00:00Z (expired)\n');
    expect(r.stderr).toBe('warning: this key has expired\n');
  });

  it('exits 4 with a hint when not logged in', async () => {
    const r = await runInProcess(['auth', 'status']);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'error: not logged in for https://api.fibonacci.today\nhint: run `fibonacci auth login`, or set FIBONACCI_API_KEY\n',
    );
    expect(r.stdout).toBe('');
  });

  it('uses the plain-text file last, with a warning', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'status'], { insecureFile: stored(), api });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: using the key stored in plain text');
  });
});

describe('auth logout and token', () => {
  it('logout removes the stored key', async () => {
    const keychain = stored();
    const r = await runInProcess(['auth', 'logout'], { keychain, stderrIsTTY: true });
    expect(r.code).toBe(0);
    expect(keychain.keys.size).toBe(0);
    expect(r.stderr).toBe('✓ Logged out of https://api.fibonacci.today: the stored key was removed\n');
  });

  it('logout removes the plain-text file even when the keychain is unreachable, with a warning', async () => {
    const file = stored();
    const r = await runInProcess(['auth', 'logout'], {
      keychain: new MemoryKeyStore({}, new KeychainUnavailableError('the keyring is locked')),
      insecureFile: file,
    });
    expect(r.code).toBe(0);
    expect(file.keys.size).toBe(0);
    expect(r.stderr).toBe(
      'warning: could not check the system keychain: the system keychain is locked (or has no default keyring yet)\n',
    );
  });

  it('logout when nothing is stored is exit 0 with a note', async () => {
    const r = await runInProcess(['auth', 'logout']);
    expect(r).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'note: no key was stored for https://api.fibonacci.today; nothing to remove\n',
    });
  });

  it('token prints the key alone', async () => {
    const r = await runInProcess(['auth', 'token'], { keychain: stored() });
    expect(r).toMatchObject({ code: 0, stdout: `${KEY}\n`, stderr: '' });
  });
});

describe('the frame', () => {
  it('an unknown flag is exit 2 with one error line and a hint naming the command that failed', async () => {
    const r = await runInProcess(['auth', 'status', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown option --bogus\nhint: see `fibonacci auth status --help`\n');
    const set = await runInProcess(['secret', 'set', 'X', '--bogus']);
    expect([set.code, set.stderr]).toEqual([
      2,
      'error: unknown option --bogus\nhint: see `fibonacci secret set --help`\n',
    ]);
  });

  it("commander's other sentences are reworded in the CLI's voice", async () => {
    const cases: Array<[string[], string]> = [
      [['workflow', 'run'], 'error: missing the name argument\nhint: see `fibonacci workflow run --help`\n'],
      [
        ['audit', 'logs', '--since'],
        'error: --since needs a value\nhint: see `fibonacci audit logs --help`\n',
      ],
      [['audit', 'export'], 'error: --output is required\nhint: see `fibonacci audit export --help`\n'],
      [
        ['auth', 'create-key', '--name', 'x', '--scope', 'read', '--plain', '--json'],
        'error: --plain and --json cannot be used together\nhint: see `fibonacci auth create-key --help`\n',
      ],
      [
        ['auth', 'logout', 'now'],
        'error: too many arguments: expected none, got 1\nhint: see `fibonacci auth logout --help`\n',
      ],
    ];
    for (const [argv, stderr] of cases) {
      const r = await runInProcess(argv);
      expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([2, '', stderr]);
    }
  });

  it("commander's usage errors do not repeat an option not written as ours are (control characters)", async () => {
    const r = await runInProcess(['auth', 'status', '--bogus\u001b[2J\u009b1m\u202e']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: unknown option (15 characters, not repeated here)\nhint: see `fibonacci auth status --help`\n',
    );
  });

  it('an unknown command suggests the nearest one', async () => {
    const r = await runInProcess(['aut']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown command "aut"\nhint: did you mean auth?\n');
  });

  it('only one of --client-cert/--client-key is a usage error', async () => {
    const r = await runInProcess(['auth', 'status', '--client-cert', '/tmp/c.pem'], {
      keychain: stored(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --client-cert and --client-key go together: only --client-cert was given\nhint: /,
    );
  });

  it('an unreadable CA file is exit 3', async () => {
    const r = await runInProcess(['auth', 'status', '--ca-cert', '/nonexistent/ca.pem'], {
      keychain: stored(),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'error: cannot read --ca-cert file /nonexistent/ca.pem: no such file\nhint: check the path given to --ca-cert\n',
    );
  });

  it('a value from the environment names the variable, not the flag', async () => {
    const ca = await runInProcess(['auth', 'status'], {
      env: { FIBONACCI_CA_CERT: '/nope.pem' },
      keychain: stored(),
    });
    expect([ca.code, ca.stderr]).toEqual([
      3,
      'error: cannot read FIBONACCI_CA_CERT file /nope.pem: no such file\nhint: check the path in FIBONACCI_CA_CERT\n',
    ]);
    const timeout = await runInProcess(['auth', 'status'], { env: { FIBONACCI_TIMEOUT: 'abc' } });
    expect([timeout.code, timeout.stderr]).toEqual([
      2,
      'error: invalid FIBONACCI_TIMEOUT "abc": expected a number of seconds more than 0, without a unit (30, 2.5)\nhint: `fibonacci help environment` describes FIBONACCI_TIMEOUT\n',
    ]);
    const flag = await runInProcess(['--timeout', 'abc', 'auth', 'status'], {
      env: { FIBONACCI_TIMEOUT: '5' },
    });
    expect(flag.stderr).toBe(
      'error: invalid --timeout "abc": expected a number of seconds more than 0, without a unit (30, 2.5)\nhint: `fibonacci --help` lists --timeout with the other global flags\n',
    );
    const retries = await runInProcess(['auth', 'status'], { env: { FIBONACCI_MAX_RETRIES: '1.5' } });
    expect(retries.stderr).toBe(
      'error: invalid FIBONACCI_MAX_RETRIES "1.5": expected a whole number from 0 to 10\nhint: `fibonacci help environment` describes FIBONACCI_MAX_RETRIES\n',
    );
    const half = await runInProcess(['auth', 'status'], { env: { FIBONACCI_CLIENT_KEY: '/k.pem' } });
    expect(half.stderr).toMatch(
      /^error: --client-cert and --client-key go together: only FIBONACCI_CLIENT_KEY was given\n/,
    );
  });

  it('an unknown config.json field suggests the closest valid one, or lists them', async () => {
    const home = tempDir();
    mkdirSync(join(home, 'fibonacci'));
    const config = join(home, 'fibonacci', 'config.json');
    writeFileSync(config, '{"apiUrl": "https://x.test"}');
    const r = await runInProcess(['auth', 'status'], { env: { XDG_CONFIG_HOME: home } });
    expect([r.code, r.stderr]).toEqual([
      3,
      `error: config file ${config} has an unknown field "apiUrl"\nhint: did you mean "api_url"? (fields: api_url, ca_cert, client_cert, client_key, timeout, retries, default_environment)\n`,
    ]);
    writeFileSync(config, '{"colour": true}');
    const far = await runInProcess(['auth', 'status'], { env: { XDG_CONFIG_HOME: home } });
    expect(far.stderr).toBe(
      `error: config file ${config} has an unknown field "colour"\nhint: remove the field; the fields are api_url, ca_cert, client_cert, client_key, timeout, retries, default_environment\n`,
    );
  });

  it('config.json with several unknown fields names them all at once, each typo with its near field', async () => {
    const home = tempDir();
    mkdirSync(join(home, 'fibonacci'));
    const config = join(home, 'fibonacci', 'config.json');
    const FIELDS = 'api_url, ca_cert, client_cert, client_key, timeout, retries, default_environment';
    writeFileSync(config, '{"apiUrl": "https://x.test", "colour": 1, "timout": 5}');
    const r = await runInProcess(['auth', 'status'], { env: { XDG_CONFIG_HOME: home } });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      3,
      '',
      `error: config file ${config} has unknown fields "apiUrl", "colour", "timout"\nhint: "apiUrl": did you mean "api_url"?; "timout": did you mean "timeout"? (fields: ${FIELDS})\n`,
    ]);
    writeFileSync(
      config,
      JSON.stringify(Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, 1]))),
    );
    const many = await runInProcess(['auth', 'status'], { env: { XDG_CONFIG_HOME: home } });
    expect(many.stderr).toBe(
      `error: config file ${config} has unknown fields "a", "b", "c", "d", "e" and 2 more\nhint: remove them; the fields are ${FIELDS}\n`,
    );
  });

  it('help exit-codes prints the table', async () => {
    const r = await runInProcess(['help', 'exit-codes']);
    expect(r.code).toBe(0);
    // Wrapped at the help width: a meaning's next lines start under the meaning.
    const stdout = r.stdout.replace(/\n {5}/g, ' ');
    expect(stdout).toContain('  4  not authenticated: no key, or the server said 401\n');
    expect(stdout).toContain(
      '130  interrupted (Ctrl-C) or cancelled: "no" at a confirmation; nothing was changed\n',
    );
    expect(stdout).toContain(
      ' 11  a check did not pass: security check found problems at or above --fail-on, secret health is unhealthy, access check said no\n',
    );
    expect(stdout).toContain(
      ' 12  not found: the named secret, key, workflow, run or member does not exist\n',
    );
  });

  it('help environment lists every variable', async () => {
    const r = await runInProcess(['help', 'environment']);
    expect(r.code).toBe(0);
    for (const v of [
      'FIBONACCI_API_KEY',
      'FIBONACCI_BASE_URL',
      'FIBONACCI_CA_CERT',
      'FIBONACCI_TIMEOUT',
      'NO_COLOR',
    ]) {
      expect(r.stdout).toContain(v);
    }
  });
});
