// `fibonacci access apply` in process against a stubbed API: what is checked before anything is
// sent (file:line:col, exit 2), the diff, the confirmation, and the server's 409/412/422 in the
// file's terms. The FakeApi fails on any call it was not given, so "nothing sent" is asserted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';

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
const POLICY_PATH = '/api/v1/organizations/org-42/access-policy';
const STORED = {
  version: 3,
  updated_at: '2026-01-02T03:04:05Z',
  updated_by: 'user-1',
  access_control: {
    enabled: true,
    default_role: 'viewer',
    roles: [{ name: 'developer', permissions: ['read', 'write', 'execute'] }],
    resources: { workflows: { 'development/*': { execute: [{ role: 'developer' }] } }, secrets: {} },
  },
  network: { ip_allowlist: ['10.0.0.0/8'], ip_blocklist: [] },
};
const FILE = [
  'access_control:', //                     1
  '  enabled: true', //                     2
  '  roles:', //                            3
  '    - name: developer', //               4
  '      permissions: [read, write, execute]', // 5
  '  resources:', //                        6
  '    workflows:', //                      7
  '      "development/*":', //              8
  '        execute:', //                    9
  '          - role: developer', //         10
  '          - role: admin', //             11
  'security:', //                           12
  '  network:', //                          13
  '    ip_allowlist: [10.0.0.0/8, 127.0.0.1]', // 14
  'workflows: {}', //                       15
  'deploy: {}', //                          16
  '',
].join('\n');

function policyFile(text: string): string {
  const path = join(tempDir('fib-apply-'), 'fibonacci.yaml');
  writeFileSync(path, text);
  return path;
}

const known = () => new FakeApi().on('GET', '/api/v1/auth/me', ME).on('GET', POLICY_PATH, STORED);

describe('access apply: the file is checked before anything is sent', () => {
  it('lists every problem at file:line:col and exits 2 without a request', async () => {
    const path = policyFile(
      [
        'access_control:',
        '  enabled: yes please',
        '  roles:',
        '    - name: owner',
        '      permissions: [read, fly]',
        '  resources:',
        '    workflows:',
        '      "production/*":',
        '        execute: [{ role: deployer }]',
        'security:',
        '  network:',
        '    ip_blocklist: [10.0.0.0/33]',
        '',
      ].join('\n'),
    );
    const r = await runInProcess(['access', 'apply', path], { env: ENV, api: new FakeApi() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        `${path}:2:3: Expected boolean`,
        `${path}:4:7: "owner" is a built-in role; a custom role needs another name`,
        `${path}:5:27: unknown permission "fly"; expected read, write, execute, delete, admin`,
        `${path}:9:21: role "deployer" is not defined: add it to access_control.roles or use owner, admin, member, viewer`,
        `${path}:12:20: "10.0.0.0/33": the prefix length must be a whole number from 0 to 32`,
        `error: ${path}: 5 problems found; nothing was applied`,
        'hint: fix them and run fibonacci access apply again',
        '',
      ].join('\n'),
    );
  });

  it('refuses YAML that does not parse, with its position and without quoting the file', async () => {
    const path = policyFile('access_control:\n  enabled: true\n  enabled: false\n');
    const r = await runInProcess(['access', 'apply', path], { env: ENV, api: new FakeApi() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${path}:3:3: invalid YAML: a key given twice in one mapping\nhint: see \`fibonacci access apply --help\`\n`,
    );
    // The messages that quote the file before any colon (a tag handle, a %YAML version), and a
    // warning (an unresolved tag: a password the parser took for one), by their code only.
    const canary = 'Tr0ub4dorSECRETx9';
    for (const [text, at, words] of [
      [
        `%TAG !${canary}! tag:x,2000:\n---\naccess_control:\n  roles: !${canary}! x\n`,
        '4:10',
        'an unknown tag (a value starting with "!" must be quoted)',
      ],
      [`%YAML 1.${canary}\n---\naccess_control: {}\n`, '1:7', 'an unknown or malformed directive'],
      [
        `access_control:\n  default_role: !${canary}\n`,
        '2:17',
        'an unknown tag (a value starting with "!" must be quoted)',
      ],
    ] as const) {
      const file = policyFile(text);
      const bad = await runInProcess(['access', 'apply', file], { env: ENV, api: new FakeApi() });
      expect(bad.stderr).toBe(
        `error: ${file}:${at}: invalid YAML: ${words}\nhint: see \`fibonacci access apply --help\`\n`,
      );
    }
  });

  it('a file with neither block, or none at all, is a usage error', async () => {
    const none = await runInProcess(['access', 'apply', policyFile('workflows: {}\n')], {
      env: ENV,
      api: new FakeApi(),
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has neither access_control nor security\.network\nhint: /);
    const missing = await runInProcess(['access', 'apply', '/nonexistent/fibonacci.yaml'], {
      env: ENV,
      api: new FakeApi(),
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'error: cannot read /nonexistent/fibonacci.yaml: no such file\nhint: check the path; fibonacci.yaml is the usual name\n',
    );
    // NC12-14: a FILE given is a path to check; only the default missing asks for a FILE.
    const given = await runInProcess(['access', 'apply', 'nofile.yaml'], { env: ENV, api: new FakeApi() });
    expect(given).toMatchObject({ code: 2, stdout: '' });
    expect(given.stderr).toBe(
      'error: cannot read nofile.yaml: no such file\nhint: check the path; fibonacci.yaml is the usual name\n',
    );
  });
});

describe('access apply: the diff, then the question', () => {
  it('--dry-run shows the changes against the server’s version and sends nothing', async () => {
    const path = policyFile(FILE);
    const r = await runInProcess(['access', 'apply', path, '--dry-run'], { env: ENV, api: known() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        '~ workflows "development/*" execute: developer → developer, admin',
        '+ security.network.ip_allowlist 127.0.0.1',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(
      [
        `warning: ${path}: unknown top-level keys left alone (not sent): deploy`,
        'Changes to the access policy of org-42 (version 3):',
        'Dry run: nothing was sent',
        '',
      ].join('\n'),
    );
  });

  it('names the block or key a typo was meant to be, and a missing key by its name (NC12-8)', async () => {
    const typo = policyFile(FILE.replace('access_control:', 'acess_control:'));
    const r = await runInProcess(['access', 'apply', typo, '--dry-run'], { env: ENV, api: known() });
    expect(r.stderr.split('\n')[0]).toBe(
      `warning: ${typo}: unknown top-level keys left alone (not sent): acess_control, deploy (did you mean access_control?)`,
    );
    const rol = policyFile(FILE.replace('          - role: admin', '          - rol: admin'));
    const bad = await runInProcess(['access', 'apply', rol, '--dry-run'], { env: ENV, api: new FakeApi() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${rol}:11:13: unknown key "rol" (did you mean role?)\n${rol}:11:13: missing key "role"\n`,
    );
  });

  it('--dry-run with a blocklist against a remote API: a note that only the apply checks your own address', async () => {
    const path = policyFile(
      FILE.replace('    ip_allowlist: [10.0.0.0/8, 127.0.0.1]', '    ip_blocklist: [0.0.0.0/0]'),
    );
    const r = await runInProcess(['access', 'apply', path, '--dry-run'], { env: ENV, api: known() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'note: the server also refuses network rules that would block your own address, which a dry run cannot see: make sure ip_allowlist holds it\nDry run: nothing was sent\n',
    );
  });

  it('without a terminal and without --yes: exit 10 naming --yes, nothing sent', async () => {
    const r = await runInProcess(['access', 'apply', policyFile(FILE)], { env: ENV, api: known() });
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(
      /needs confirmation, but there is no terminal to prompt on\nhint: pass --yes to apply it without asking\n$/,
    );
  });

  it('on a terminal it asks; no sends nothing, yes sends only the two blocks with If-Match', async () => {
    const tty = { stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: true };
    const no = await runInProcess(['access', 'apply', policyFile(FILE)], {
      env: ENV,
      api: known(),
      ...tty,
      confirms: [false],
    });
    expect(no.code).toBe(130);
    expect(no.stderr).toMatch(/cancelled: nothing was applied\n$/);

    const api = known().on('PUT', POLICY_PATH, { ...STORED, version: 4 });
    const yes = await runInProcess(['access', 'apply', policyFile(FILE)], {
      env: ENV,
      api,
      ...tty,
      confirms: [true],
    });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stderr).toMatch(/✓ Access policy of org-42 is now version 4\n$/);
    const put = api.calls.find((c) => c.method === 'PUT');
    expect(put?.options.headers).toEqual({ 'if-match': '"3"' });
    const body = put?.options.body as { network: unknown };
    expect(Object.keys(body)).toEqual(['access_control', 'network']);
    expect(body.network).toEqual({
      ip_allowlist: ['10.0.0.0/8', '127.0.0.1'],
    });
  });

  it('says so when nothing differs, and sends nothing', async () => {
    const same = FILE.replace('          - role: admin\n', '').replace(', 127.0.0.1', '');
    const r = await runInProcess(['access', 'apply', policyFile(same), '--yes'], { env: ENV, api: known() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/No changes: .* matches the policy of org-42 \(version 3\)\n$/);
  });
});

describe('access apply: the server’s refusals in the file’s terms', () => {
  it('412: another change came first; the current version is named', async () => {
    // The first read is the one the diff is made against; another change lands before the PUT.
    let reads = 0;
    const detail = 'the policy changed meanwhile: version 5 is current, not 3';
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', ME)
      .on('GET', POLICY_PATH, () => (++reads === 1 ? STORED : { ...STORED, version: 5 }))
      .on('PUT', POLICY_PATH, FakeApi.status(412, { detail }));
    const r = await runInProcess(['access', 'apply', policyFile(FILE), '--yes'], { env: ENV, api });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error: the policy changed since you looked \(version 5\); run access apply again \(request req_test\)\nhint: `fibonacci access show` shows the policy as it is now\n$/,
    );
  });

  it('412 from a PUT whose first attempt landed (a retry): the policy in force is the file’s, so it succeeds', async () => {
    let reads = 0;
    const applied = {
      ...STORED,
      version: 4,
      access_control: {
        ...STORED.access_control,
        resources: {
          workflows: { 'development/*': { execute: [{ role: 'developer' }, { role: 'admin' }] } },
          secrets: {},
        },
      },
      network: { ip_allowlist: ['10.0.0.0/8', '127.0.0.1'], ip_blocklist: [] },
    };
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', ME)
      .on('GET', POLICY_PATH, () => (++reads === 1 ? STORED : applied))
      .on('PUT', POLICY_PATH, FakeApi.status(412, { detail: 'the policy changed meanwhile' }));
    const r = await runInProcess(['access', 'apply', policyFile(FILE), '--yes'], {
      env: ENV,
      api,
      stderrIsTTY: true,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/✓ Access policy of org-42 is version 4, as in .*fibonacci\.yaml\n$/);
  });

  it('422: a server with other rules; each problem is placed in the file, security.network included', async () => {
    const path = policyFile(FILE);
    const detail = [
      {
        loc: ['body', 'access_control', 'resources', 'workflows', 'development/*', 'execute', 1, 'role'],
        msg: 'admins may not be listed here',
        type: 'x',
      },
      { loc: ['body', 'network', 'ip_allowlist', 1], msg: 'loopback is not allowed', type: 'x' },
    ];
    const api = known().on('PUT', POLICY_PATH, FakeApi.status(422, { detail }));
    const r = await runInProcess(['access', 'apply', path, '--yes'], { env: ENV, api });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      [
        `${path}:11:13: admins may not be listed here`,
        `${path}:14:32: loopback is not allowed`,
        `error: ${path}: 2 problems refused by the server; nothing was applied`,
      ].join('\n'),
    );
  });

  it('409: the lock-out, with the address, the entry in the file’s words and the fix', async () => {
    const detail =
      'this policy\'s network rules would block your own address 198.51.100.7 (network.ip_blocklist."0.0.0.0/0"): add it to ip_allowlist';
    const api = known().on('PUT', POLICY_PATH, FakeApi.status(409, { detail }));
    const r = await runInProcess(['access', 'apply', policyFile(FILE), '--yes'], { env: ENV, api });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /error: this policy would lock you out: your address 198\.51\.100\.7 \(as the server sees it\) would be blocked by security\.network\.ip_blocklist\."0\.0\.0\.0\/0" \(request req_test\)\nhint: add 198\.51\.100\.7 to security\.network\.ip_allowlist\n$/,
    );
  });
});
