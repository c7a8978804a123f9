import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const OWNER = { FIBONACCI_API_KEY: 'fib_test_ownerownerownerowner', FIBONACCI_BASE_URL: 'https://emu.test' };
const NOW = new Date('2026-11-29T12:00:00Z');
const NEW_KEY = 'fib_test_Zr8Qn2vLx5Kp0Tj7Wc3Hd9Ym4Fs6Ba1Ge8Un2Qx5Ro';
const CREATED = {
  id: 'key_new',
  name: 'production',
  prefix: 'fib_test_Zr8Q',
  scopes: { read: false, write: false, execute: true, delete: false, admin: false },
  workflows: ['production/*'],
  created_at: '2026-11-29T12:00:00Z',
  expires_at: '2027-02-27T12:00:00Z',
  last_used_at: null,
  revoked_at: null,
  created_by: 'user-1',
  key: NEW_KEY,
};
const ONCE = 'warning: this is the only time the key is shown: store it now, it cannot be shown again\n';

function createApi() {
  return new FakeApi().on('POST', '/api/v1/api-keys', CREATED);
}

describe('auth create-key', () => {
  it('sends the scopes (repeated or comma-separated), patterns and 90 days, and prints the key once', async () => {
    const api = createApi();
    const r = await runInProcess(
      [
        'auth',
        'create-key',
        '--name',
        'production',
        '--scope',
        'execute,read',
        '--scope',
        'execute',
        '--workflows',
        'production/*',
      ],
      { api, env: OWNER, now: NOW },
    );
    expect(r.code).toBe(0);
    expect(api.calls[0]?.options.body).toEqual({
      name: 'production',
      scopes: ['execute', 'read'],
      workflows: ['production/*'],
      expires_in_days: 90,
    });
    expect(r.stdout).toBe(
      [
        'ID:         key_new',
        'Name:       production',
        'Scopes:     execute',
        'Workflows:  production/*',
        'Expires:    2027-02-27T12:00:00Z',
        `Key:        ${NEW_KEY}`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(ONCE);
  });

  it('--plain prints the key alone, for $(…)', async () => {
    const r = await runInProcess(['auth', 'create-key', '--name', 'ci-cd', '--scope', 'execute', '--plain'], {
      api: createApi(),
      env: OWNER,
    });
    expect(r).toMatchObject({ code: 0, stdout: `${NEW_KEY}\n`, stderr: ONCE });
  });

  it('--json prints the created object, key included, scopes as a list', async () => {
    const r = await runInProcess(['auth', 'create-key', '--name', 'x', '--scope', 'execute', '--json'], {
      api: createApi(),
      env: OWNER,
    });
    expect(r.code).toBe(0);
    const { key: _key, ...rest } = CREATED;
    expect(JSON.parse(r.stdout)).toEqual({ ...rest, scopes: ['execute'], key: NEW_KEY });
  });

  it('--expires-in never sends null and warns; 2w sends 14', async () => {
    const api = createApi();
    const never = await runInProcess(
      ['auth', 'create-key', '--name', 'x', '--scope', 'read', '--expires-in', 'never', '--plain'],
      { api, env: OWNER },
    );
    expect(api.calls[0]?.options.body).toMatchObject({ expires_in_days: null });
    expect(never.stderr).toBe(
      `warning: --expires-in never: this key will not expire; revoke it when it is no longer needed\n${ONCE}`,
    );
    await runInProcess(['auth', 'create-key', '--name', 'x', '--scope', 'read', '--expires-in', '2w'], {
      api,
      env: OWNER,
    });
    const posts = api.calls.filter((c) => c.method === 'POST');
    expect(posts[1]?.options.body).toMatchObject({ expires_in_days: 14 });
  });

  // Newcomer pass 14, NC-14: a third key named dup was made without a word, and revoke-key dup
  // then refused the name; now create-key says so while the ids are at hand, and never fails on it.
  it('warns when another unrevoked key has the name: revoke-key will need the id (NC-14)', async () => {
    const same = { ...CREATED, id: 'key_older', key: undefined };
    const gone = { ...CREATED, id: 'key_gone', revoked_at: '2026-11-01T00:00:00Z', key: undefined };
    const api = createApi().on('GET', '/api/v1/api-keys', {
      api_keys: [same, gone, { ...CREATED, key: undefined }],
    });
    const r = await runInProcess(
      ['auth', 'create-key', '--name', 'production', '--scope', 'execute', '--plain'],
      {
        api,
        env: OWNER,
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: `${NEW_KEY}\n` });
    expect(r.stderr).toBe(
      `warning: 2 keys are now named production (key_older, key_new): revoke-key will need the id\n${ONCE}`,
    );
    expect(api.calls.map((c) => c.method)).toEqual(['POST', 'GET']);
  });

  it('says nothing more for a name no other live key has, or when the list cannot be read (NC-14)', async () => {
    const alone = createApi().on('GET', '/api/v1/api-keys', { api_keys: [{ ...CREATED, key: undefined }] });
    const r = await runInProcess(
      ['auth', 'create-key', '--name', 'production', '--scope', 'execute', '--plain'],
      {
        api: alone,
        env: OWNER,
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: `${NEW_KEY}\n`, stderr: ONCE });
    const refused = createApi().on(
      'GET',
      '/api/v1/api-keys',
      new CliError('forbidden', 'forbidden: this key may not list keys', {}),
    );
    const denied = await runInProcess(
      ['auth', 'create-key', '--name', 'production', '--scope', 'execute', '--plain'],
      {
        api: refused,
        env: OWNER,
      },
    );
    expect(denied).toMatchObject({ code: 0, stdout: `${NEW_KEY}\n`, stderr: ONCE });
  });

  it('says on stderr when the server capped the expiry at the creating key’s, instead of "never"', async () => {
    const api = new FakeApi().on('POST', '/api/v1/api-keys', { ...CREATED, expires_at_capped: true });
    const r = await runInProcess(
      ['auth', 'create-key', '--name', 'x', '--scope', 'read', '--expires-in', 'never', '--plain'],
      { api, env: OWNER },
    );
    expect(r).toMatchObject({ code: 0, stdout: `${NEW_KEY}\n` });
    expect(r.stderr).toBe(
      `warning: the new key expires at 2027-02-27T12:00:00Z, with the key that created it: a key never outlives its creator\n${ONCE}`,
    );
  });

  it('a mistyped scope is named, with the coarse scopes only (NC12-8)', async () => {
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'create-key', '--name', 'x', '--scope', 'reed'], {
      api,
      env: OWNER,
    });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error: invalid --scope "reed": unknown scope reed\nhint: did you mean read?\n  scopes: read, write, execute, delete, admin, or RESOURCE:ACTION such as secrets:read\n',
    });
    expect(api.calls).toHaveLength(0);
  });

  it('refuses an unknown scope before any request, listing the valid ones (exit 2)', async () => {
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'create-key', '--name', 'x', '--scope', 'read,superpower'], {
      api,
      env: OWNER,
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: invalid --scope "read,superpower": unknown scope superpower\nhint: valid scopes:\n {2}read, write, execute, delete, admin\n {2}workflows:read, [^\n]*\n(?: {2}[^\n]+\n){3} {2}audit:read, audit:write, audit:execute, audit:delete\n$/,
    );
    expect(api.calls).toHaveLength(0);
  });

  it('refuses a missing --scope, a bad --expires-in, and --plain with --json (exit 2)', async () => {
    for (const argv of [
      ['--name', 'x'],
      ['--name', 'x', '--scope', 'read', '--expires-in', 'soon'],
      ['--name', 'x', '--scope', 'read', '--plain', '--json'],
    ]) {
      const r = await runInProcess(['auth', 'create-key', ...argv], { api: new FakeApi(), env: OWNER });
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
    }
  });

  it('passes on the server’s 403 for a wider key (exit 5)', async () => {
    const api = new FakeApi().on(
      'POST',
      '/api/v1/api-keys',
      new CliError(
        'forbidden',
        "not allowed: cannot create a key with scopes wider than the creating key's: admin",
      ),
    );
    const r = await runInProcess(['auth', 'create-key', '--name', 'x', '--scope', 'admin'], {
      api,
      env: OWNER,
    });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
  });
});

const KEYS = [
  { ...CREATED, key: undefined, scopes: { execute: true, read: false } },
  {
    id: 'key_old',
    name: 'monitoring',
    prefix: 'fib_test_ab12',
    scopes: { read: true },
    workflows: ['**'],
    created_at: '2026-09-01T00:00:00Z',
    expires_at: '2026-12-02T12:00:00Z',
    last_used_at: '2026-11-29T11:00:00Z',
    revoked_at: null,
    created_by: 'user-1',
  },
];

describe('auth list-keys', () => {
  it('prints tab-separated rows when piped, warns about a key expiring within 7 days, never a key', async () => {
    // A server that wrongly echoed a key must still not make the CLI print it.
    const api = new FakeApi().on('GET', '/api/v1/api-keys', {
      api_keys: [{ ...KEYS[0], key: NEW_KEY }, KEYS[1]],
    });
    const r = await runInProcess(['auth', 'list-keys'], { api, env: OWNER, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'key_new\tproduction\tfib_test_Zr8Q\texecute\tproduction/*\t2026-11-29T12:00:00Z\t2027-02-27T12:00:00Z\t-\t-\tactive\n' +
        'key_old\tmonitoring\tfib_test_ab12\tread\t**\t2026-09-01T00:00:00Z\t2026-12-02T12:00:00Z\t2026-11-29T11:00:00Z\t-\tactive\n',
    );
    expect(r.stderr).toBe('warning: key monitoring (key_old) expires in 3 days\n');
    expect(r.stdout + r.stderr).not.toContain(NEW_KEY);
  });

  // Hostile pass 15, H15-6: whole days rounded down said `expires in 0 days` of a key of 1 day and
  // `in 1 days` of one of 2; the warning now says what the table says.
  for (const [left, said] of [
    [86_400_000 - 60_000, 'in 24 hours'],
    [2 * 86_400_000 - 60_000, 'in 2 days'],
    [3_600_000, 'in 1 hour'],
  ] as const)
    it(`a key with ${left / 60_000} minutes left: expires ${said}, in the warning and the table`, async () => {
      const key = { ...KEYS[1], expires_at: new Date(NOW.getTime() + left).toISOString() };
      const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [key] });
      const r = await runInProcess(['auth', 'list-keys'], { api, env: OWNER, now: NOW, stdoutIsTTY: true });
      expect(r.stderr).toBe(
        'REVOKED left out to fit 100 columns; a pipe or a wider terminal shows them\n' +
          `warning: key monitoring (key_old) expires ${said}\n`,
      );
      expect(r.stdout).toContain(`  ${said}  `);
    });

  it('warns about an expired key, but not about a revoked one', async () => {
    const expired = { ...KEYS[1], expires_at: '2026-11-28T12:00:00Z' };
    const revoked = { ...KEYS[1], id: 'key_gone', revoked_at: '2026-11-20T00:00:00Z' };
    const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [expired, revoked] });
    const r = await runInProcess(['auth', 'list-keys'], { api, env: OWNER, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: key monitoring (key_old) has expired\n');
  });

  it('shows scopes the same whether the API sent the map form or the legacy list form', async () => {
    const asList = KEYS.map((k) => ({
      ...k,
      scopes: Object.keys(k.scopes).filter((s) => (k.scopes as Record<string, boolean>)[s]),
    }));
    const outputs = [];
    for (const keys of [KEYS, asList]) {
      const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: keys });
      outputs.push(
        (await runInProcess(['auth', 'list-keys', '--json'], { api, env: OWNER, now: NOW })).stdout,
      );
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(JSON.parse(outputs[0] as string)[1].scopes).toEqual(['read']);
  });

  it('prints an aligned table with relative times on a TTY', async () => {
    const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [KEYS[1]] });
    const r = await runInProcess(['auth', 'list-keys'], { api, env: OWNER, now: NOW, stdoutIsTTY: true });
    expect(r.stdout).toBe(
      'ID       NAME        STATUS  PREFIX         SCOPES  WORKFLOWS  CREATED       EXPIRES    LAST USED\n' +
        'key_old  monitoring  active  fib_test_ab12  read    **         3 months ago  in 3 days  1 hour ago\n',
    );
  });

  // Newcomer pass 12, NC12-10: the name was cut to `github-…` (revoke-key takes it); now the least
  // needed columns are left out whole and id, name and status stay whole.
  it('fits a terminal 120 columns wide: whole columns left out, id, name and status whole', async () => {
    const wide = {
      ...KEYS[1],
      id: 'key_0f3a9c2b7d1e4a5b6c7d8e9f',
      name: 'github-actions-deploy-production',
      scopes: { read: true, write: true, execute: true },
      workflows: ['production/*', 'staging/*'],
    };
    const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [wide] });
    const r = await runInProcess(['auth', 'list-keys'], {
      api,
      env: OWNER,
      now: NOW,
      stdoutIsTTY: true,
      columns: 120,
    });
    // 167 columns wide before (every cell whole). Newcomer pass 14, NC-2: PREFIX (which --help
    // promises) was left out while an all-`-` REVOKED stayed, and nothing said columns were missing.
    expect(r.stdout).toBe(
      'ID                            NAME                              STATUS  PREFIX         SCOPES              EXPIRES\n' +
        'key_0f3a9c2b7d1e4a5b6c7d8e9f  github-actions-deploy-production  active  fib_test_ab12  execute,read,write  in 3 days\n',
    );
    expect(r.stderr).toBe(
      'WORKFLOWS, CREATED, LAST USED and REVOKED left out to fit 120 columns; a pipe or a wider terminal shows them\n' +
        'warning: key github-actions-deploy-production (key_0f3a9c2b7d1e4a5b6c7d8e9f) expires in 3 days\n',
    );
  });

  it('--json gives each key the status the table shows: active, revoked or expired (NC-2)', async () => {
    const expired = { ...KEYS[1], id: 'key_past', expires_at: '2026-11-28T12:00:00Z' };
    const revoked = { ...KEYS[1], id: 'key_gone', revoked_at: '2026-11-20T00:00:00Z' };
    const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [KEYS[1], expired, revoked] });
    const r = await runInProcess(['auth', 'list-keys', '--json'], { api, env: OWNER, now: NOW });
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as { id: string; status: string }[];
    expect(shown.map((k) => [k.id, k.status])).toEqual([
      ['key_old', 'active'],
      ['key_past', 'expired'],
      ['key_gone', 'revoked'],
    ]);
  });

  it('prints [] for no keys with --json, and nothing when piped', async () => {
    const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [] });
    expect((await runInProcess(['auth', 'list-keys', '--json'], { api, env: OWNER })).stdout).toBe('[]\n');
    const r = await runInProcess(['auth', 'list-keys'], { api, env: OWNER });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('auth revoke-key', () => {
  const listed = () => new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: KEYS });
  const TTY = { env: OWNER, stdinIsTTY: true, stdoutIsTTY: true } as const;

  it('needs --yes without a terminal (exit 10), before any request', async () => {
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'revoke-key', 'key_old'], { api, env: OWNER });
    expect(r.code).toBe(10);
    expect(r.stderr).toBe(
      'error: revoking "key_old" needs confirmation, but there is no terminal to prompt on\nhint: pass --yes to revoke without asking\n',
    );
    expect(api.calls).toHaveLength(0);
  });

  // Newcomer pass 14: a password pasted where the id goes was repeated in the refusal.
  it('without a terminal, a credential-like argument is not repeated, only its length', async () => {
    const api = new FakeApi();
    const r = await runInProcess(['auth', 'revoke-key', 'Tr0ub4dor&3xk'], { api, env: OWNER });
    expect(r.code).toBe(10);
    expect(r.stderr).toBe(
      'error: revoking (13 characters, not repeated here) needs confirmation, but there is no terminal to prompt on\nhint: pass --yes to revoke without asking\n',
    );
    expect(r.stdout + r.stderr).not.toContain('Tr0ub4dor');
    expect(api.calls).toHaveLength(0);
  });

  it('asks on a terminal naming the key by name, id and prefix, and revokes on yes', async () => {
    const api = listed().on('DELETE', '/api/v1/api-keys/key_old', undefined);
    const r = await runInProcess(['auth', 'revoke-key', 'key_old'], { ...TTY, api, confirms: [true] });
    expect(r.code).toBe(0);
    expect(r.io.prompts).toEqual([
      'Revoke API key monitoring (key_old, fib_test_ab12…)? Anything using it is refused at once.',
    ]);
    expect(r.stderr).toBe('✓ Revoked API key monitoring (key_old, fib_test_ab12…)\n');
  });

  it('takes a name as well as an id; a revoked key of that name does not count', async () => {
    const gone = { ...KEYS[1], id: 'key_gone', revoked_at: '2026-11-20T00:00:00Z' };
    const api = new FakeApi()
      .on('GET', '/api/v1/api-keys', { api_keys: [gone, ...KEYS] })
      .on('DELETE', '/api/v1/api-keys/key_old', undefined);
    const r = await runInProcess(['auth', 'revoke-key', 'monitoring', '--yes'], { api, env: OWNER });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/api-keys',
      'DELETE /api/v1/api-keys/key_old',
    ]);
  });

  it('refuses an ambiguous name (exit 2), listing the ids, and revokes nothing', async () => {
    const twin = { ...KEYS[1], id: 'key_twin', prefix: 'fib_test_cd34' };
    const api = new FakeApi().on('GET', '/api/v1/api-keys', { api_keys: [...KEYS, twin] });
    const r = await runInProcess(['auth', 'revoke-key', 'monitoring', '--yes'], { api, env: OWNER });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error: 2 keys are named "monitoring": key_old, key_twin\n' +
        'hint: name the one to revoke by its id, e.g. `fibonacci auth revoke-key key_old`\n',
    });
    expect(api.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('revokes nothing when the answer is no: a note and exit 130, as Ctrl-C there', async () => {
    const api = listed();
    const r = await runInProcess(['auth', 'revoke-key', 'key_old'], { ...TTY, api, confirms: [false] });
    expect(r).toMatchObject({ code: 130, stdout: '', stderr: 'cancelled: key_old was not revoked\n' });
    expect(api.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('an unknown id or name is exit 12 (not found), before any DELETE', async () => {
    const api = listed();
    const r = await runInProcess(['auth', 'revoke-key', 'key_nope', '--yes'], { api, env: OWNER });
    expect(r).toMatchObject({
      code: 12,
      stdout: '',
      stderr:
        'error: no API key with id or name "key_nope"\nhint: `fibonacci auth list-keys` shows the ids and names\n',
    });
    expect(api.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('a name one slip from a live key names it (NC12-8)', async () => {
    const api = listed();
    const r = await runInProcess(['auth', 'revoke-key', 'monitorin', '--yes'], { api, env: OWNER });
    expect(r).toMatchObject({
      code: 12,
      stdout: '',
      stderr:
        'error: no API key with id or name "monitorin"\nhint: did you mean monitoring? `fibonacci auth list-keys` shows the ids and names\n',
    });
    expect(api.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('a key gone between the list and the DELETE is still exit 12, with the request id', async () => {
    const api = listed().on(
      'DELETE',
      '/api/v1/api-keys/key_old',
      new CliError('not_found', 'not found: API key not found', { status: 404, requestId: 'req_1' }),
    );
    const r = await runInProcess(['auth', 'revoke-key', 'key_old', '--yes'], { api, env: OWNER });
    expect(r.code).toBe(12);
    expect(r.stderr).toBe(
      'error: no API key with id key_old (request req_1)\nhint: `fibonacci auth list-keys` shows the ids\n',
    );
  });
});
