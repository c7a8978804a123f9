// Keys are stored per API origin (argv → what a user sees, with a memory keychain and a stubbed
// API): a key stored for one origin is never read for, or sent to, another.
import { describe, expect, it } from 'vitest';
import { KeychainUnavailableError, MemoryKeyStore } from '../../../../src/lib/keychain.js';
import { DEFAULT_ORIGIN } from '../../../../src/lib/origin.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const PROD_KEY = 'fib_test_productionKey0123456789abcdef';
const EMU_KEY = 'fib_test_emulatorKey0123456789abcdefgh';
const EMU = 'https://127.0.0.1:8443';
const ME = {
  key_id: 'key_1',
  key_name: 'laptop',
  user_id: 'user-1',
  organization_id: 'org-1',
  role: 'owner',
  scopes: { read: true },
  workflows: ['*'],
  created_at: null,
  expires_at: null,
};

describe('a key stored for one origin', () => {
  // Newcomer pass 10 (NOTLOGGED): the login named --api-url and --ca-cert while both were exported.
  it.each([
    [[], { FIBONACCI_BASE_URL: `${EMU}/`, FIBONACCI_CA_CERT: '/x/ca.pem' }, 'fibonacci auth login'],
    [['--api-url', EMU], { FIBONACCI_CA_CERT: '/x/ca.pem' }, `fibonacci auth login --api-url ${EMU}`],
    [['--ca-cert', '/x/ca.pem'], { FIBONACCI_BASE_URL: EMU }, 'fibonacci auth login --ca-cert /x/ca.pem'],
  ])(
    'not logged in, flags %j: the login repeats only what the environment does not give',
    async (flags, env, login) => {
      const r = await runInProcess(['secret', 'list', ...flags], {
        keychain: new MemoryKeyStore({}),
        insecureFile: new MemoryKeyStore({}),
        api: new FakeApi(),
        env,
      });
      expect([r.code, r.stderr]).toEqual([
        4,
        `error: not logged in for ${EMU}\nhint: run \`${login}\` (stored keys are used only for their own origin), or set FIBONACCI_API_KEY\n`,
      ]);
    },
  );

  it('is not used for another: exit 4 naming the origin and the exact login, no request sent', async () => {
    const api = new FakeApi();
    const r = await runInProcess(
      ['secret', 'list', '--api-url', 'https://127.0.0.1:8443/', '--ca-cert', '/x/ca.pem'],
      {
        keychain: new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY }),
        insecureFile: new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY }),
        api,
      },
    );
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: not logged in for https://127.0.0.1:8443\n' +
        'hint: run `fibonacci auth login --api-url https://127.0.0.1:8443 --ca-cert /x/ca.pem` (stored keys are used only for their own origin), or set FIBONACCI_API_KEY\n',
    );
    expect(api.calls).toEqual([]);
  });

  it('auth token prints nothing of another origin’s key', async () => {
    const r = await runInProcess(['auth', 'token'], {
      env: { FIBONACCI_BASE_URL: EMU },
      keychain: new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY }),
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(PROD_KEY.slice(9));
  });

  it('is found under any spelling of its origin', async () => {
    const r = await runInProcess(['auth', 'token', '--api-url', 'https://API.fibonacci.today:443/'], {
      keychain: new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY }),
    });
    expect(r).toMatchObject({ code: 0, stdout: `${PROD_KEY}\n` });
  });

  it('FIBONACCI_API_KEY goes to any origin, and auth status says so', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'status'], {
      env: { FIBONACCI_BASE_URL: EMU, FIBONACCI_API_KEY: EMU_KEY },
      api,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Source:     FIBONACCI_API_KEY (any origin)\n');
    expect(api.calls.map((c) => c.apiKey)).toEqual([EMU_KEY]);
  });
});

describe('auth login and logout, per origin', () => {
  it('login to one origin leaves the other origin’s key alone', async () => {
    const keychain = new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY });
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      env: { FIBONACCI_BASE_URL: EMU },
      stdin: EMU_KEY,
      keychain,
      api,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(Object.fromEntries(keychain.keys)).toEqual({ [DEFAULT_ORIGIN]: PROD_KEY, [EMU]: EMU_KEY });
    expect(api.clientOptions.map((o) => [o.apiKey, o.apiKeyOrigin])).toEqual([[EMU_KEY, EMU]]);
  });

  it('login says when it replaces the key of its origin, masked', async () => {
    const keychain = new MemoryKeyStore({ [EMU]: 'fib_test_theOldEmulatorKey0123456xyz' });
    const api = new FakeApi().on('GET', '/api/v1/auth/me', ME);
    const r = await runInProcess(['auth', 'login', '--with-token'], {
      env: { FIBONACCI_BASE_URL: EMU },
      stdin: EMU_KEY,
      keychain,
      api,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'note: replaced the key stored for https://127.0.0.1:8443 (fib_tes…xyz) in the test keychain\n',
    );
    expect(keychain.keys.get(EMU)).toBe(EMU_KEY);
  });

  it('logout removes the key of the current origin only', async () => {
    const keychain = new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY, [EMU]: EMU_KEY });
    const file = new MemoryKeyStore({ [DEFAULT_ORIGIN]: PROD_KEY, [EMU]: EMU_KEY });
    const r = await runInProcess(['auth', 'logout', '--api-url', EMU], { keychain, insecureFile: file });
    expect(r.code).toBe(0);
    expect(Object.fromEntries(keychain.keys)).toEqual({ [DEFAULT_ORIGIN]: PROD_KEY });
    expect(Object.fromEntries(file.keys)).toEqual({ [DEFAULT_ORIGIN]: PROD_KEY });
    const again = await runInProcess(['auth', 'logout', '--api-url', EMU], { keychain, insecureFile: file });
    expect(again).toMatchObject({
      code: 0,
      stderr: 'note: no key was stored for https://127.0.0.1:8443; nothing to remove\n',
    });
  });

  it('logout with the keychain locked and no file is exit 4: it cannot tell', async () => {
    const r = await runInProcess(['auth', 'logout'], {
      keychain: new MemoryKeyStore(
        {},
        new KeychainUnavailableError('reading the key took longer than 3s', 'timeout', 'remove'),
      ),
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /^error: the system keychain did not answer: reading the key took longer than 3s\nhint: /,
    );
  });

  it('logout without any Secret Service and no file is exit 0 with a note: nothing can be stored there', async () => {
    const r = await runInProcess(['auth', 'logout'], {
      env: { FIBONACCI_BASE_URL: 'https://127.0.0.1:8443' },
      keychain: new MemoryKeyStore(
        {},
        new KeychainUnavailableError('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS)'),
      ),
    });
    expect(r).toMatchObject({
      code: 0,
      stdout: '',
      stderr:
        'note: no key was stored for https://127.0.0.1:8443 (no Secret Service is running); nothing to remove\n',
    });
  });
});
