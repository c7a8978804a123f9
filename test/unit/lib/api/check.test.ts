// checked(): every answer against the shape docs/api.md promises, one error form for every break.
import { describe, expect, it } from 'vitest';
import { AuditEventSchema } from '../../../../src/lib/api/audit.js';
import { checked } from '../../../../src/lib/api/check.js';
import { GovernanceSchema, QuotaSchema } from '../../../../src/lib/api/orgs.js';
import { HealthReportSchema, SecretListSchema, SecretMetaSchema } from '../../../../src/lib/api/secrets.js';
import { RunSchema } from '../../../../src/lib/api/workflows.js';
import { CliError } from '../../../../src/lib/errors.js';

const META = {
  name: 'API_KEY',
  environment: 'production',
  version: 3,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-02T00:00:00Z',
  updated_by: 'user-1',
  rotation: {
    enabled: true,
    interval_days: 30,
    notify_before_days: 7,
    next_rotation_at: '2026-12-02T00:00:00Z',
    days_remaining: 3,
    due: false,
  },
};
const QUOTA = {
  plan: 'pro',
  limits: { workflow_runs_per_hour: 1000, concurrent_executions: 10, memory_mb: 4096 },
  overrides: {},
  effective: { workflow_runs_per_hour: 1000, concurrent_executions: 10, memory_mb: 4096 },
};
const GOVERNANCE = {
  require_approval_for_external_comm: true,
  require_approval_for_public_writes: true,
  require_approval_for_permission_changes: true,
  allow_self_approval: false,
  approval_threshold: 1,
  category_flags: { finance: true },
};

/** The error checked() throws for `data`, or a failure when it accepts it. */
function refusal(schema: Parameters<typeof checked>[0], data: unknown): CliError {
  try {
    checked(schema, data, 'GET /api/v1/x', 'req_9');
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('checked() accepted it');
}
const said = (schema: Parameters<typeof checked>[0], data: unknown) =>
  refusal(schema, data).message.replace(
    "the server's answer to GET /api/v1/x is not what the API promises: ",
    '',
  );

describe('checked', () => {
  it('returns the answer as it came when it matches, extra fields and odd timestamps included', () => {
    const data = { secrets: [{ ...META, updated_at: 'yesterday', added_later: { x: 1 } }] };
    expect(checked(SecretListSchema, data, 'GET /api/v1/secrets', undefined)).toBe(data);
  });

  it('names the request, the first field that breaks the promise and the request id; exit 1', () => {
    const e = refusal(SecretListSchema, { secrets: [{ ...META, version: '3' }] });
    expect(e.message).toBe(
      "the server's answer to GET /api/v1/x is not what the API promises: /secrets/0/version: expected integer",
    );
    expect(e).toMatchObject({ kind: 'unexpected', exitCode: 1, requestId: 'req_9' });
    expect(e.hint).toBe(
      'check that --api-url (FIBONACCI_BASE_URL) is a Fibonacci API; if it is, report this with the request id',
    );
  });

  it('every number and boolean the commands print is checked, each named by its pointer', () => {
    const rotation = (field: string) => ({ ...META, rotation: { ...META.rotation, [field]: 'x' } });
    const cases: Array<[Parameters<typeof checked>[0], unknown, string]> = [
      [SecretMetaSchema, rotation('interval_days'), '/rotation/interval_days: expected integer'],
      [SecretMetaSchema, rotation('notify_before_days'), '/rotation/notify_before_days: expected integer'],
      [SecretMetaSchema, rotation('days_remaining'), '/rotation/days_remaining: expected integer'],
      [SecretMetaSchema, rotation('due'), '/rotation/due: expected boolean'],
      [SecretMetaSchema, { ...META, rotation: 'weekly' }, '/rotation: expected object or null'],
      [SecretMetaSchema, { ...META, environment: 1 }, '/environment: expected string or null'],
      [QuotaSchema, { ...QUOTA, limits: { memory_mb: '4096' } }, '/limits/memory_mb: expected integer'],
      [QuotaSchema, { ...QUOTA, overrides: { memory_mb: 1.5 } }, '/overrides/memory_mb: expected integer'],
      [QuotaSchema, { ...QUOTA, effective: { x: null } }, '/effective/x: expected integer'],
      [
        GovernanceSchema,
        { ...GOVERNANCE, allow_self_approval: 'no' },
        '/allow_self_approval: expected boolean',
      ],
      [GovernanceSchema, { ...GOVERNANCE, approval_threshold: '2' }, '/approval_threshold: expected integer'],
      [GovernanceSchema, { ...GOVERNANCE, category_flags: { f: 1 } }, '/category_flags/f: expected boolean'],
      [RunSchema, { id: 'r', workflow_id: 'w', status: 's' }, '/started_at: missing'],
    ];
    for (const [schema, data, expected] of cases) expect(said(schema, data), expected).toBe(expected);
  });

  it('checks a map value whose key holds a line break (a key `.` would not match)', () => {
    const checks = { 'list\nsecrets': 7 };
    expect(said(HealthReportSchema, { status: 'healthy', backend: 'db', checks })).toBe(
      '/checks/list\nsecrets: expected string',
    );
    const event = { id: 'e', timestamp: 't', event_type: 'x', workflow_id: null, user_id: null };
    expect(said(AuditEventSchema, { ...event, ip_address: null, action: null, status: 's' })).toBe(
      '/duration_ms: missing',
    );
  });

  it('says what the whole answer should have been when it is not even an object', () => {
    expect(said(SecretListSchema, 'Not Found')).toBe('expected object');
    expect(said(SecretListSchema, undefined)).toBe('expected object');
    expect(said(SecretListSchema, {})).toBe('/secrets: missing');
  });

  it('cuts a pointer that a hostile key makes long', () => {
    const key = 'k'.repeat(500);
    const text = said(GovernanceSchema, { ...GOVERNANCE, category_flags: { [key]: 'on' } });
    expect(text).toBe(`/category_flags/${'k'.repeat(120 - '/category_flags/'.length)}…: expected boolean`);
  });
});
