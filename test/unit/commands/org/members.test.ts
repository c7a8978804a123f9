// `org members [set-role]` in process against a stubbed API: exact output, exit 12, escaping.
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
const api = () => new FakeApi().on('GET', '/api/v1/auth/me', ME);

describe('org members', () => {
  const MEMBERS = {
    members: [
      { user_id: 'user-1', name: 'owner', role: 'owner', created_at: '2026-01-02T03:04:05Z' },
      { user_id: 'user-2', name: 'Ann\u001b[2J', role: 'deployer', created_at: '2026-01-03T03:04:05Z' },
    ],
  };
  it('lists members as TSV when piped, the array with --json', async () => {
    const r = await runInProcess(['org', 'members'], {
      env: ENV,
      api: api().on('GET', `${BASE}/members`, MEMBERS),
    });
    expect(r.stdout).toBe(
      'user-1\towner\towner\t2026-01-02T03:04:05Z\nuser-2\tAnn\\u001b[2J\tdeployer\t2026-01-03T03:04:05Z\n',
    );
    const j = await runInProcess(['org', 'members', '--json'], {
      env: ENV,
      api: api().on('GET', `${BASE}/members`, MEMBERS),
    });
    expect(JSON.parse(j.stdout)).toEqual(MEMBERS.members);
  });

  it('set-role sends the role; a user that is no member is exit 12', async () => {
    const stub = api().on('PATCH', `${BASE}/members/user-2`, { ...MEMBERS.members[1], role: 'admin' });
    const r = await runInProcess(['org', 'members', 'set-role', 'user-2', 'admin', '--json'], {
      env: ENV,
      api: stub,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(stub.calls.at(-1)?.options.body).toEqual({ role: 'admin' });
    const missing = await runInProcess(['org', 'members', 'set-role', 'user-9', 'admin'], {
      env: ENV,
      api: api().on('PATCH', `${BASE}/members/user-9`, FakeApi.status(404, { detail: 'member not found' })),
    });
    expect(missing.code).toBe(12);
    expect(missing.stderr).toBe(
      'error: no member user-9 in organization org-42 (request req_test)\nhint: `fibonacci org members` lists the user ids\n',
    );
  });
});
