// A login leaves exactly one stored key for its origin, in the store the user chose: the keychain
// wins over the plain-text file on every later command, so `--insecure-storage` removes the
// keychain's key for that origin (it would silently shadow the new one), and a keychain login
// removes the plain-text copy (a key left in plain text is only a leak). As gh's login does.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { KeychainUnavailableError, MemoryKeyStore } from '../../../../src/lib/keychain.js';
import { DEFAULT_ORIGIN } from '../../../../src/lib/origin.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const OLD = 'fib_test_oldKeyInTheKeychain_0123456789abcdef';
const NEW = 'fib_test_newKeyForThePlainFile_0123456789abcd';
const EMU = 'https://emulator.test:8443';
const ME = {
  key_id: 'key_1',
  key_name: 'laptop',
  user_id: 'user-123',
  organization_id: 'org-42',
  role: 'owner',
  scopes: { read: true },
  workflows: ['**'],
  created_at: '2026-11-01T00:00:00Z',
  expires_at: null,
};
const api = () => new FakeApi().on('GET', '/api/v1/auth/me', ME);
const login = (args: string[]) => ['auth', 'login', '--with-token', ...args];

describe('auth login: one stored key per origin', () => {
  it('--insecure-storage removes the keychain key that would shadow it; later commands use the new key', async () => {
    const keychain = new MemoryKeyStore({ [EMU]: OLD, 'https://other.test': OLD });
    const file = new MemoryKeyStore();
    const stores = { keychain, insecureFile: file, env: { FIBONACCI_BASE_URL: EMU } };
    const r = await runInProcess(login(['--insecure-storage']), { ...stores, stdin: NEW, api: api() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: the key is stored in plain text in the test keychain\n' +
        `note: removed the key stored for ${EMU} (fib_tes…def) in the test keychain: it would have been used instead of the plain-text file\n`,
    );
    expect([...file.keys]).toEqual([[EMU, NEW]]);
    // Only this origin's keychain entry went.
    expect([...keychain.keys]).toEqual([['https://other.test', OLD]]);
    const token = await runInProcess(['auth', 'token'], stores);
    expect(token.stdout).toBe(`${NEW}\n`);
  });

  it('for the default origin it says the Python SDK loses the entry it reads', async () => {
    const keychain = new MemoryKeyStore({ [DEFAULT_ORIGIN]: OLD });
    const r = await runInProcess(login(['--insecure-storage']), {
      keychain,
      insecureFile: new MemoryKeyStore(),
      stdin: NEW,
      api: api(),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `note: removed the key stored for ${DEFAULT_ORIGIN} (fib_tes…def) in the test keychain: it would have been used instead of the plain-text file; the Python SDK, which reads that entry, no longer finds a key there\n`,
    );
    expect(keychain.keys.size).toBe(0);
  });

  it('a keychain login removes the plain-text copy of the origin', async () => {
    const keychain = new MemoryKeyStore();
    const file = new MemoryKeyStore({ [EMU]: OLD });
    const r = await runInProcess(login([]), {
      keychain,
      insecureFile: file,
      stdin: NEW,
      api: api(),
      env: { FIBONACCI_BASE_URL: EMU },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `note: removed the key stored for ${EMU} (fib_tes…def) in the test keychain: the key now lives in the system keychain\n`,
    );
    expect([...keychain.keys]).toEqual([[EMU, NEW]]);
    expect(file.keys.size).toBe(0);
  });

  it('--insecure-storage with the keychain out of reach (the usual reason to choose the file): stored, no more noise', async () => {
    const file = new MemoryKeyStore();
    const opts = {
      keychain: new MemoryKeyStore({}, new KeychainUnavailableError('no result found')),
      insecureFile: file,
      stdin: NEW,
      env: { FIBONACCI_BASE_URL: EMU },
    };
    const r = await runInProcess(login(['--insecure-storage']), { ...opts, api: api() });
    expect(r.code).toBe(0);
    expect([...file.keys]).toEqual([[EMU, NEW]]);
    expect(r.stderr).toBe('warning: the key is stored in plain text in the test keychain\n');
    const debug = await runInProcess([...login(['--insecure-storage']), '--debug'], { ...opts, api: api() });
    expect(debug.stderr).toContain(
      `debug: could not check the system keychain for a key for ${EMU}: the system keychain is locked (or has no default keyring yet)\n`,
    );
  });

  it('a keychain login whose plain-text file is refused: stored in the keychain, a warning names the file', async () => {
    const keychain = new MemoryKeyStore();
    const refused = new MemoryKeyStore(
      {},
      new CliError('config', 'refusing the plain-text key file /x: it is a symbolic link'),
    );
    const r = await runInProcess(login([]), {
      keychain,
      insecureFile: refused,
      stdin: NEW,
      api: api(),
      env: { FIBONACCI_BASE_URL: EMU },
    });
    expect(r.code).toBe(0);
    expect([...keychain.keys]).toEqual([[EMU, NEW]]);
    expect(r.stderr).toBe(
      `warning: could not check the plain-text key file for ${EMU} (refusing the plain-text key file /x: it is a symbolic link)\n`,
    );
  });
});
