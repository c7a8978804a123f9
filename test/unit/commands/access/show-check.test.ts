// `access show` and `access check` in process against a stubbed API: exact output,
// exit codes, and a hostile server's strings printed escaped.
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789',
  FIBONACCI_BASE_URL: 'https://emulator.test',
};
const ME = {
  key_id: 'key_1',
  user_id: 'user-1',
  organization_id: 'org-42',
  role: 'owner',
  scopes: {},
  workflows: [],
};
const BASE = '/api/v1/organizations/org-42';
const STORED = {
  version: 2,
  updated_at: '2026-01-02T03:04:05Z',
  updated_by: 'user-1',
  access_control: {
    enabled: true,
    default_role: 'viewer',
    roles: [
      { name: 'deployer', permissions: ['read', 'execute'], description: 'ships \u001b[31mred\u001b[0m' },
    ],
    resources: { workflows: { 'production/*': { execute: [{ role: 'deployer' }] } }, secrets: {} },
  },
  network: { ip_allowlist: ['10.0.0.0/8'], ip_blocklist: [] },
};
const api = () => new FakeApi().on('GET', '/api/v1/auth/me', ME);

describe('access show', () => {
  it('prints fibonacci.yaml’s form (network under security) with the version, escaped', async () => {
    const r = await runInProcess(['access', 'show'], {
      env: ENV,
      api: api().on('GET', `${BASE}/access-policy`, STORED),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        '# version 2, set by user-1 at 2026-01-02T03:04:05Z',
        'access_control:',
        '  enabled: true',
        '  default_role: viewer',
        '  roles:',
        '    - name: deployer',
        '      permissions:',
        '        - read',
        '        - execute',
        '      description: "ships \\e[31mred\\e[0m"',
        '  resources:',
        '    workflows:',
        '      production/*:',
        '        execute:',
        '          - role: deployer',
        '    secrets: {}',
        'security:',
        '  network:',
        '    ip_allowlist:',
        '      - 10.0.0.0/8',
        '    ip_blocklist: []',
        '',
      ].join('\n'),
    );
    expect(r.stdout).not.toContain('\u001b');
  });

  it('--json is the API’s answer', async () => {
    const r = await runInProcess(['access', 'show', '--json'], {
      env: ENV,
      api: api().on('GET', `${BASE}/access-policy`, STORED),
    });
    expect(JSON.parse(r.stdout)).toEqual(STORED);
  });
});

describe('access check', () => {
  const answer = (allowed: boolean, extra = {}) => ({
    allowed,
    reason: 'role deployer is listed',
    decided_by: 'access_control.resources.workflows."production/*".execute',
    step: 'resource',
    role: 'deployer',
    ...extra,
  });

  it('yes: exit 0, the rule that lists the role; the request names only what was asked', async () => {
    const stub = api().on('POST', `${BASE}/access-policy/check`, answer(true));
    const r = await runInProcess(['access', 'check', 'execute', 'workflows/production/etl'], {
      env: ENV,
      api: stub,
    });
    expect(r).toMatchObject({
      code: 0,
      stdout: 'yes — access_control.resources.workflows."production/*".execute lists deployer\n',
      stderr: '',
    });
    expect(stub.calls.at(-1)?.options.body).toEqual({
      action: 'execute',
      resource: 'workflows/production/etl',
    });
  });

  it('no: exit 11 and nothing on stderr; a role-step answer gives the reason and the rule', async () => {
    const stub = api().on(
      'POST',
      `${BASE}/access-policy/check`,
      answer(false, {
        step: 'role',
        reason: 'role viewer may not execute workflows: requires role member, admin or owner',
        decided_by: 'builtin_roles.viewer',
        role: 'viewer',
      }),
    );
    const r = await runInProcess(['access', 'check', 'execute', 'workflows/x', '--role', 'viewer'], {
      env: ENV,
      api: stub,
    });
    expect(r).toMatchObject({
      code: 11,
      stdout:
        'no — role viewer may not execute workflows: requires role member, admin or owner (builtin_roles.viewer)\n',
      stderr: '',
    });
    expect(stub.calls.at(-1)?.options.body).toEqual({
      action: 'execute',
      resource: 'workflows/x',
      role: 'viewer',
    });
  });

  it('--json: the stable fields, and a hostile reason escaped on a terminal', async () => {
    const stub = api().on(
      'POST',
      `${BASE}/access-policy/check`,
      answer(false, { reason: 'no\u001b]0;pwned\u0007' }),
    );
    const r = await runInProcess(
      ['access', 'check', 'read', 'secrets/shared/X', '--user', 'user-9', '--json'],
      { env: ENV, api: stub },
    );
    expect(r.code).toBe(11);
    expect(JSON.parse(r.stdout)).toEqual({
      allowed: false,
      reason: 'no\u001b]0;pwned\u0007',
      decided_by: 'access_control.resources.workflows."production/*".execute',
      step: 'resource',
      action: 'read',
      resource: 'secrets/shared/X',
      subject: { type: 'user', user_id: 'user-9', role: 'deployer' },
    });
    const tty = await runInProcess(['access', 'check', 'read', 'secrets/shared/X', '--role', 'x'], {
      env: ENV,
      api: api().on(
        'POST',
        `${BASE}/access-policy/check`,
        answer(false, { step: 'role', reason: 'no\u001b]0;pwned\u0007' }),
      ),
      stdoutIsTTY: true,
    });
    expect(tty.stdout).not.toMatch(/\u001b\]/);
    expect(tty.stdout).toContain('\\u001b]0;pwned\\u0007');
  });

  // Newcomer pass 14, NC-16: `access check read secrets/prodution/API_KEY` answered "yes" with no
  // word that prodution holds nothing, which `secret list --env prodution` warns about.
  describe('an environment that holds no secret (NC-16)', () => {
    const ENVS = {
      environments: [
        { name: null, secrets: 1 },
        { name: 'production', secrets: 2 },
        { name: 'staging', secrets: 1 },
      ],
    };
    const reader = (me: object = {}) =>
      new FakeApi()
        .on('GET', '/api/v1/auth/me', { ...ME, scopes: { read: true }, ...me })
        .on(
          'POST',
          `${BASE}/access-policy/check`,
          answer(true, { step: 'role', reason: 'role owner may read secrets' }),
        );

    it('warns on stderr, with the near name; the answer and exit code stay the server’s', async () => {
      const r = await runInProcess(['access', 'check', 'read', 'secrets/prodution/API_KEY'], {
        env: ENV,
        api: reader().on('GET', '/api/v1/environments', ENVS),
      });
      expect(r).toMatchObject({
        code: 0,
        stdout:
          'yes — role owner may read secrets (access_control.resources.workflows."production/*".execute)\n',
        stderr:
          'warning: there is no environment prodution (it exists once a secret is set in it); environments: production, staging; did you mean production?\n',
      });
    });

    it('a role other than owner is told what it sees, not that the environment does not exist', async () => {
      const r = await runInProcess(['access', 'check', 'read', 'secrets/prodution/API_KEY', '--json'], {
        env: ENV,
        api: reader({ role: 'admin' }).on('GET', '/api/v1/environments', ENVS),
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(
        'warning: this key sees no environment prodution (lists leave out what a key may not read); environments it sees: production, staging; did you mean production?\n',
      );
    });

    it('says nothing for an environment that exists, for shared, or for a key that may not list', async () => {
      for (const resource of ['secrets/production/API_KEY', 'secrets/shared/API_KEY']) {
        const api = reader();
        if (resource.includes('production')) api.on('GET', '/api/v1/environments', ENVS);
        const r = await runInProcess(['access', 'check', 'read', resource], { env: ENV, api });
        expect([r.code, r.stderr], resource).toEqual([0, '']);
      }
      // Execute-only: GET /environments would be refused (an access.denied event): not asked.
      const api = reader({ scopes: { execute: true } });
      const r = await runInProcess(['access', 'check', 'read', 'secrets/prodution/API_KEY'], {
        env: ENV,
        api,
      });
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).not.toContain('GET /api/v1/environments');
    });
  });
});
