// The filters `audit logs` and `audit export` share, as a user sees them: a mistyped event type is
// warned about (with the nearest known one), and --workflow takes a name or an id.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const EVENTS = '/api/v1/audit/events';
const ID = 'wf_0123456789abcdef01234567';
const ETL = { id: ID, name: 'production/etl', is_active: true, created_at: '2026-11-29T11:00:00Z' };
const OTHER = { ...ETL, id: 'wf_ffffffffffffffffffffffff', name: 'staging/etl' };
const identity = (scopes: string[]) => ({
  key_id: 'key_1',
  user_id: 'user-1',
  organization_id: 'org_1',
  role: 'member',
  scopes,
  workflows: ['**'],
});
const EMPTY = { events: [], next_cursor: null };

describe('--event-type', () => {
  it.each([
    ['secret.sett', 'warning: unknown event type "secret.sett", did you mean secret.set?\n'],
    ['secret.delete', 'warning: unknown event type "secret.delete", did you mean secret.deleted?\n'],
    [
      'developer_shell_executed',
      'warning: unknown event type "developer_shell_executed", did you mean DEVELOPER_SHELL_EXECUTED?\n',
    ],
    [
      'banana',
      'warning: unknown event type "banana": no event may match it\n' +
        'hint: the event types are workflow.created, workflow.execute, secret.set, secret.deleted, ' +
        'secret.rotation_changed, api_key.created, api_key.revoked, quota.override_set, ' +
        'governance.settings_changed, member.role_changed, access.policy_changed, auth.failed, ' +
        'access.denied, network.blocked, quota.override_rejected, quota.exceeded, DEVELOPER_SHELL_EXECUTED\n',
    ],
  ])('%j is sent as typed (a newer server may know it), with a warning', async (type, warning) => {
    const api = new FakeApi().on('GET', EVENTS, EMPTY);
    const r = await runInProcess(['audit', 'logs', '--event-type', type, '--json'], {
      api,
      env: ENV,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
    expect(r.stderr).toBe(warning);
    expect(api.calls[0]?.options.query?.event_type).toEqual([type]);
  });

  it('says nothing about known types; export warns the same way', async () => {
    const api = new FakeApi().on('GET', EVENTS, EMPTY);
    const r = await runInProcess(
      ['audit', 'logs', '--event-type', 'secret.set', '--event-type', 'access.denied', '--json'],
      { api, env: ENV, now: NOW },
    );
    expect(r.stderr).toBe('');
    const exp = new FakeApi().on('GET', EVENTS, EMPTY);
    const out = `${tempDir()}/a.ndjson`;
    const e = await runInProcess(['audit', 'export', '--event-type', 'auth.faild', '--output', out], {
      api: exp,
      env: ENV,
      now: NOW,
    });
    expect(e.code).toBe(0);
    expect(e.stderr).toBe(
      `warning: unknown event type "auth.faild", did you mean auth.failed?\nExported 0 events to ${out}\n`,
    );
  });
});

describe('--workflow', () => {
  it('sends a name as it is, asking nothing before (after an empty result, only what the key may list)', async () => {
    const api = new FakeApi().on('GET', EVENTS, EMPTY).on('GET', '/api/v1/auth/me', identity(['audit:read']));
    const r = await runInProcess(['audit', 'logs', '--workflow', 'production/etl', '--json'], {
      api,
      env: ENV,
      now: NOW,
    });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '[]\n', '']);
    expect(api.calls.map((c) => c.path)).toEqual([EVENTS, '/api/v1/auth/me']);
    expect(api.calls[0]?.options.query?.workflow_id).toBe('production/etl');
  });

  it('turns an id into the name events record, and says which workflow it is', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['read']))
      .on('GET', '/api/v1/workflows', [OTHER, ETL])
      .on('GET', EVENTS, EMPTY);
    const r = await runInProcess(['audit', 'logs', '--workflow', ID, '--json'], { api, env: ENV, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Workflow ${ID} is production/etl\n`);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/v1/auth/me', '/api/v1/workflows', EVENTS]);
    expect(api.calls[2]?.options.query?.workflow_id).toBe('production/etl');
  });

  it('exports by id too, the checkpoint keeping the name', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['audit:read', 'workflows:read']))
      .on('GET', '/api/v1/workflows', [ETL])
      .on('GET', EVENTS, EMPTY);
    const out = `${tempDir()}/a.csv`;
    const r = await runInProcess(['audit', 'export', '--workflow', ID, '--output', out], {
      api,
      env: ENV,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Workflow ${ID} is production/etl\nExported 0 events to ${out}\n`);
    expect(api.calls[2]?.options.query?.workflow_id).toBe('production/etl');
  });

  it('an id no listed workflow has is exit 12, before any event is asked for', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['admin']))
      .on('GET', '/api/v1/workflows', [OTHER]);
    const r = await runInProcess(['audit', 'logs', '--workflow', ID], { api, env: ENV, now: NOW });
    expect(r.code).toBe(12);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: no workflow ${ID} among the workflows this key may see\n` +
        'hint: `fibonacci workflow list` shows them; --workflow takes a name or an id\n',
    );
  });

  it('a key that may not list workflows is told to pass the name (exit 5), and lists nothing', async () => {
    const api = new FakeApi().on('GET', '/api/v1/auth/me', identity(['audit:read']));
    const r = await runInProcess(['audit', 'logs', '--workflow', ID], { api, env: ENV, now: NOW });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(
      `error: --workflow ${ID} is an id, and this key may not list workflows to find its name\n` +
        'hint: pass the workflow’s name instead (--workflow NAME): events record workflows by name\n',
    );
  });

  it('a 403 on the list (role, patterns) says the same', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['read']))
      .on('GET', '/api/v1/workflows', new CliError('forbidden', 'role viewer may not', { status: 403 }));
    const r = await runInProcess(['audit', 'logs', '--workflow', ID], { api, env: ENV, now: NOW });
    expect(r.code).toBe(5);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: --workflow ${ID} is an id, and this key may not list workflows to find its name`,
    );
  });
});
