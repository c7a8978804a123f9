// `secret list / delete / rotation / health` in-process against a stubbed API: exact output.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeApi, type RecordedCall } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { identity } from '../workflow/fixtures.js';

const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const NOW = new Date('2026-11-29T12:00:00Z');
const rotation = (days: number, due = false) => ({
  enabled: true,
  interval_days: 30,
  notify_before_days: 7,
  next_rotation_at: '2026-12-11T12:00:00.000Z',
  days_remaining: days,
  due,
});
const SECRETS = [
  {
    name: 'API_KEY',
    environment: 'production',
    version: 3,
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: '2026-11-29T11:55:00.000Z',
    updated_by: 'user-1',
    rotation: rotation(12),
  },
  {
    name: 'DB_PASS',
    environment: 'production',
    version: 1,
    created_at: '2026-10-01T00:00:00.000Z',
    updated_at: '2026-10-01T00:00:00.000Z',
    updated_by: null,
    rotation: rotation(-3, true),
  },
  {
    name: 'PLAIN',
    environment: 'production',
    version: 7,
    created_at: '2026-11-27T12:00:00.000Z',
    updated_at: '2026-11-27T12:00:00.000Z',
    updated_by: 'user-2',
    rotation: null,
  },
];
const notFound = () => new CliError('unexpected', 'not found: secret X not found', { status: 404 });

function listApi(secrets: unknown[] = SECRETS) {
  return new FakeApi().on('GET', '/api/v1/secrets', { secrets });
}
/** An empty list's words need the role (an owner's list leaves nothing out): asked then only. */
const OWNER_ME = { ...identity(['admin']), role: 'owner', workflows: ['**'] };
function emptyOwnerApi() {
  return listApi([]).on('GET', '/api/v1/auth/me', OWNER_ME);
}

describe('secret list', () => {
  it('prints an aligned table with relative times on a TTY', async () => {
    const api = listApi();
    const r = await runInProcess(['secret', 'list', '--env', 'production'], {
      env: ENV,
      api,
      stdoutIsTTY: true,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(api.calls[0]?.options.query).toEqual({ environment: 'production' });
    expect(r.stdout).toBe(
      [
        'NAME     ENVIRONMENT  VERSION  UPDATED        UPDATED BY  ROTATION',
        'API_KEY  production   3        5 minutes ago  user-1      in 12 days',
        'DB_PASS  production   1        2 months ago   -           DUE',
        'PLAIN    production   7        2 days ago     user-2      -',
        '',
      ].join('\n'),
    );
  });

  it('prints tab-separated rows with RFC 3339 times when piped', async () => {
    const r = await runInProcess(['secret', 'list'], {
      env: ENV,
      api: listApi(SECRETS.slice(0, 2)),
      now: NOW,
    });
    expect(r.stdout).toBe(
      'API_KEY\tproduction\t3\t2026-11-29T11:55:00Z\tuser-1\tin 12 days\nDB_PASS\tproduction\t1\t2026-10-01T00:00:00Z\t-\tDUE\n',
    );
  });

  it('--json: a stable array with days_remaining and due; [] when empty', async () => {
    const r = await runInProcess(['secret', 'list', '--json'], { env: ENV, api: listApi() });
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((x) => [x.name, x.days_remaining, x.due])).toEqual([
      ['API_KEY', 12, false],
      ['DB_PASS', -3, true],
      ['PLAIN', null, false],
    ]);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'name',
      'environment',
      'version',
      'created_at',
      'updated_at',
      'updated_by',
      'rotation',
      'days_remaining',
      'due',
    ]);
    const empty = await runInProcess(['secret', 'list', '--json'], {
      env: ENV,
      api: listApi([]),
      stdoutIsTTY: true,
    });
    expect(empty.stdout).toBe('[]\n');
    expect(empty.stderr).toBe('');
  });

  const ENVIRONMENTS = {
    environments: [
      { name: 'production', secrets: 3 },
      { name: 'staging', secrets: 1 },
      { name: null, secrets: 1 },
    ],
  };

  it('--all: the shared scope, then each environment the server lists, in one table', async () => {
    const byScope: Record<string, unknown[]> = {
      shared: [{ ...SECRETS[2], name: 'SHARED_ONE', environment: null }],
      production: SECRETS,
      staging: [{ ...SECRETS[2], name: 'STAGED', environment: 'staging' }],
    };
    const api = new FakeApi()
      .on('GET', '/api/v1/environments', ENVIRONMENTS)
      .on('GET', '/api/v1/secrets', (call: RecordedCall) => ({
        secrets: byScope[(call.options.query?.environment as string | undefined) ?? 'shared'],
      }));
    const r = await runInProcess(['secret', 'list', '--all'], { env: ENV, api, now: NOW });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(api.calls.map((c) => c.options.query?.environment ?? null)).toEqual([
      null,
      null,
      'production',
      'staging',
    ]);
    expect(r.stdout.split('\n').map((l) => l.split('\t').slice(0, 2).join(' '))).toEqual([
      'SHARED_ONE shared',
      'API_KEY production',
      'DB_PASS production',
      'PLAIN production',
      'STAGED staging',
      '',
    ]);
  });

  it('--env naming no environment: a warning listing those that exist, exit 0, [] still', async () => {
    for (const json of [false, true]) {
      const api = emptyOwnerApi().on('GET', '/api/v1/environments', ENVIRONMENTS);
      const r = await runInProcess(['secret', 'list', '--env', 'nope', ...(json ? ['--json'] : [])], {
        env: ENV,
        api,
      });
      expect([r.code, r.stdout, r.stderr]).toEqual([
        0,
        json ? '[]\n' : '',
        'warning: there is no environment nope (it exists once a secret is set in it); environments: production, staging\n',
      ]);
    }
    // A server without the list (404): the typo check is skipped, which a terminal is told in one
    // note (SILENTENV: it said nothing); a pipe gets the empty result alone, as before.
    const old = () => emptyOwnerApi().on('GET', '/api/v1/environments', notFound());
    const r = await runInProcess(['secret', 'list', '--env', 'nope'], {
      env: ENV,
      api: old(),
      stderrIsTTY: true,
    });
    expect([r.code, r.stderr]).toEqual([
      0,
      'note: not checked whether --env nope is a typo of an existing environment: the server did not list its environments\nNo secrets in nope\n',
    ]);
    const piped = await runInProcess(['secret', 'list', '--env', 'nope'], { env: ENV, api: old() });
    expect([piped.code, piped.stdout, piped.stderr]).toEqual([0, '', '']);
  });

  it('an empty shared scope on a terminal points at --all', async () => {
    const r = await runInProcess(['secret', 'list'], { env: ENV, api: emptyOwnerApi(), stderrIsTTY: true });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      '',
      'No secrets in shared (`fibonacci secret list --all` lists every environment)\n',
    ]);
  });
});

describe('secret delete', () => {
  it('asks on a TTY and deletes on yes', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/secrets/API_KEY', SECRETS[0])
      .on('DELETE', '/api/v1/secrets/API_KEY', undefined);
    const r = await runInProcess(['secret', 'delete', 'API_KEY', '--env', 'staging'], {
      env: ENV,
      api,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      confirms: [true],
    });
    expect(r.code).toBe(0);
    expect(r.io.prompts).toEqual(['Delete secret API_KEY from staging? This cannot be undone.']);
    expect(r.stderr).toBe('✓ Deleted secret API_KEY (staging)\n');
  });

  it('looks the secret up before asking: a wrong name is exit 12 with no question, and a near name', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/secrets/API_KY', notFound())
      .on('GET', '/api/v1/secrets', { secrets: [SECRETS[0]] });
    const r = await runInProcess(['secret', 'delete', 'API_KY', '--env', 'staging'], {
      env: ENV,
      api,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      confirms: [true],
    });
    expect(r.code).toBe(12);
    expect(r.io.prompts).toEqual([]);
    expect(r.stderr).toBe('error: no such secret API_KY in staging\nhint: did you mean API_KEY?\n');
    expect(api.calls.map((c) => c.method)).toEqual(['GET', 'GET']);
  });

  it('a name that is in another scope: the hint names it, and how to reach it', async () => {
    const api = new FakeApi()
      .on('DELETE', '/api/v1/secrets/API_KEY', notFound())
      .on('GET', '/api/v1/environments', {
        environments: [
          { name: null, secrets: 0 },
          { name: 'production', secrets: 1 },
        ],
      })
      .on('GET', '/api/v1/secrets', (c: RecordedCall) =>
        c.options.query?.environment === 'production' ? { secrets: [SECRETS[0]] } : { secrets: [] },
      );
    const r = await runInProcess(['secret', 'delete', 'API_KEY', '--yes'], { env: ENV, api });
    expect(r.code).toBe(12);
    expect(r.stderr).toBe(
      'error: no such secret API_KEY in shared\nhint: API_KEY is in production: pass --env production\n',
    );
  });

  it('a key that may delete but not read: the look-up is refused, the question is asked, the delete goes', async () => {
    const api = new FakeApi()
      .on(
        'GET',
        '/api/v1/secrets/API_KEY',
        new CliError('forbidden', 'not allowed: requires scope secrets:read', { status: 403 }),
      )
      .on('DELETE', '/api/v1/secrets/API_KEY', undefined);
    const r = await runInProcess(['secret', 'delete', 'API_KEY', '--env', 'staging'], {
      env: ENV,
      api,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      confirms: [true],
    });
    expect(r.code).toBe(0);
    expect(r.io.prompts).toEqual(['Delete secret API_KEY from staging? This cannot be undone.']);
    expect(r.stderr).toBe('✓ Deleted secret API_KEY (staging)\n');
  });

  it('does nothing when the answer is no', async () => {
    const api = new FakeApi().on('GET', '/api/v1/secrets/API_KEY', SECRETS[0]);
    const r = await runInProcess(['secret', 'delete', 'API_KEY'], {
      env: ENV,
      api,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      confirms: [false],
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('cancelled: API_KEY was not deleted\n');
    expect(api.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('needs --yes without a TTY (exit 10), and --yes deletes without asking', async () => {
    const r = await runInProcess(['secret', 'delete', 'API_KEY'], { env: ENV, api: new FakeApi() });
    expect(r.code).toBe(10);
    expect(r.stderr).toBe(
      'error: deleting API_KEY from shared needs confirmation, but there is no terminal to prompt on\nhint: pass --yes to delete without asking\n',
    );
    const api = new FakeApi().on('DELETE', '/api/v1/secrets/API_KEY', undefined);
    expect((await runInProcess(['secret', 'delete', 'API_KEY', '--yes'], { env: ENV, api })).code).toBe(0);
  });

  it('404 is "no such secret" with exit 12 (not found)', async () => {
    const api = new FakeApi().on('DELETE', '/api/v1/secrets/NOPE', notFound());
    const r = await runInProcess(['secret', 'delete', 'NOPE', '--env', 'production', '--yes'], {
      env: ENV,
      api,
    });
    expect(r.code).toBe(12);
    expect(r.stderr).toBe(
      'error: no such secret NOPE in production\nhint: `fibonacci secret list --env production` shows the secrets there\n',
    );
  });
});

describe('secret rotation', () => {
  it('sends the policy and reports the next due date on a TTY', async () => {
    let body: unknown;
    const api = new FakeApi().on('PUT', '/api/v1/secrets/API_KEY/rotation', (c: RecordedCall) => {
      body = c.options.body;
      return { ...SECRETS[0], rotation: { ...rotation(30), notify_before_days: 5 } };
    });
    const r = await runInProcess(
      ['secret', 'rotation', 'API_KEY', '--env', 'production', '--every', '30d', '--notify-before', '5d'],
      { env: ENV, api, stderrIsTTY: true },
    );
    expect(r.code).toBe(0);
    expect(body).toEqual({ enabled: true, interval_days: 30, notify_before_days: 5 });
    expect(r.stderr).toBe(
      '✓ Rotation of API_KEY (production): every 30 days, reminder 5 days before; next due in 30 days\n',
    );
  });

  it('--off removes the policy', async () => {
    let body: unknown;
    const api = new FakeApi().on('PUT', '/api/v1/secrets/API_KEY/rotation', (c: RecordedCall) => {
      body = c.options.body;
      return { ...SECRETS[0], rotation: null };
    });
    const r = await runInProcess(['secret', 'rotation', 'API_KEY', '--off'], {
      env: ENV,
      api,
      stderrIsTTY: true,
    });
    expect(body).toEqual({ enabled: false });
    expect(r.stderr).toBe('✓ Rotation of API_KEY (shared) turned off\n');
  });

  it('validates the flags before any request', async () => {
    const cases: Array<[string[], string]> = [
      [
        [],
        'error: give --every DAYS (e.g. --every 30d) or --off\nhint: fibonacci secret rotation NAME --every 30d\n',
      ],
      [
        ['--every', 'soon'],
        'error: invalid --every "soon": expected whole days such as 30d or 2w\nhint: see `fibonacci secret rotation --help`\n',
      ],
      [
        ['--every', '7d', '--notify-before', '7d'],
        'error: --notify-before (7 days) must be shorter than --every (7 days)\nhint: e.g. --every 30d --notify-before 7d\n',
      ],
    ];
    for (const [flags, stderr] of cases) {
      const api = new FakeApi();
      const r = await runInProcess(['secret', 'rotation', 'API_KEY', ...flags], { env: ENV, api });
      expect([r.code, r.stderr]).toEqual([2, stderr]);
      expect(api.calls).toHaveLength(0);
    }
    const both = await runInProcess(['secret', 'rotation', 'API_KEY', '--every', '30d', '--off'], {
      env: ENV,
    });
    expect(both.code).toBe(2);
  });

  it('404 is "no such secret"', async () => {
    const api = new FakeApi().on('PUT', '/api/v1/secrets/NOPE/rotation', notFound());
    const r = await runInProcess(['secret', 'rotation', 'NOPE', '--every', '30'], { env: ENV, api });
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([12, 'error: no such secret NOPE in shared']);
  });
});

describe('secret health', () => {
  const healthy = { status: 'healthy', backend: 'db', checks: { list_secrets: 'ok', get_secret: 'ok' } };
  const sick = {
    status: 'unhealthy',
    backend: 'db',
    checks: { list_secrets: 'ok', get_secret: 'error: probe failed' },
  };

  it('prints the backend and each check; exit 0 when healthy, and asks the client to accept 503', async () => {
    const api = new FakeApi().on('GET', '/api/v1/health/secrets', healthy);
    const r = await runInProcess(['secret', 'health'], { env: ENV, api });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Secrets backend db: healthy\n  list_secrets  ok\n  get_secret    ok\n');
    expect(api.calls[0]?.options.okStatuses).toEqual([503]);
  });

  it('exit 11 (a check did not pass) when unhealthy, text and --json', async () => {
    const r = await runInProcess(['secret', 'health'], {
      env: ENV,
      api: new FakeApi().on('GET', '/api/v1/health/secrets', sick),
    });
    expect(r.code).toBe(11);
    expect(r.stdout).toBe(
      'Secrets backend db: unhealthy\n  list_secrets  ok\n  get_secret    error: probe failed\n',
    );
    expect(r.stderr).toBe('');
    const j = await runInProcess(['secret', 'health', '--json'], {
      env: ENV,
      api: new FakeApi().on('GET', '/api/v1/health/secrets', sick),
    });
    expect(j.code).toBe(11);
    expect(JSON.parse(j.stdout)).toEqual(sick);
  });
});
