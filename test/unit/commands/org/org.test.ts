// `fibonacci org quota|governance [set]` in-process against a stubbed API: exact output and exit codes.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
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
const QUOTA_PATH = '/api/v1/organizations/org-42/quota';
const GOV_PATH = '/api/v1/organizations/org-42/governance';
const QUOTA = {
  plan: 'pro',
  limits: { workflow_runs_per_hour: 1000, concurrent_executions: 10, memory_mb: 4096 },
  overrides: { workflow_runs_per_hour: 5000 },
  effective: { workflow_runs_per_hour: 5000, concurrent_executions: 10, memory_mb: 4096 },
};
const GOV = {
  require_approval_for_external_comm: true,
  require_approval_for_public_writes: true,
  require_approval_for_permission_changes: true,
  allow_self_approval: false,
  approval_threshold: 2,
  category_flags: { finance: true },
};

const api = () => new FakeApi().on('GET', '/api/v1/auth/me', ME);

describe('org quota', () => {
  it('prints an aligned table on a TTY', async () => {
    const r = await runInProcess(['org', 'quota'], {
      env: ENV,
      api: api().on('GET', QUOTA_PATH, QUOTA),
      stdoutIsTTY: true,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'LIMIT                   PRO DEFAULT  OVERRIDE  EFFECTIVE',
        'workflow_runs_per_hour  1000         5000      5000',
        'concurrent_executions   10           -         10',
        'memory_mb               4096         -         4096',
        '',
      ].join('\n'),
    );
  });

  it('prints TSV without a header when piped, and the body with --json', async () => {
    const piped = await runInProcess(['org', 'quota'], { env: ENV, api: api().on('GET', QUOTA_PATH, QUOTA) });
    expect(piped.stdout).toBe(
      'workflow_runs_per_hour\t1000\t5000\t5000\nconcurrent_executions\t10\t-\t10\nmemory_mb\t4096\t-\t4096\n',
    );
    const json = await runInProcess(['org', 'quota', '--json'], {
      env: ENV,
      api: api().on('GET', QUOTA_PATH, QUOTA),
    });
    expect(JSON.parse(json.stdout)).toEqual(QUOTA);
    expect(json.stderr).toBe('');
  });

  it('set sends whole numbers, and warns about any the server still says it discarded', async () => {
    const fake = api().on('PATCH', QUOTA_PATH, {
      ...QUOTA,
      discarded: [{ field: 'memory_mb', value: 0, reason: "below this server's minimum" }],
    });
    const r = await runInProcess(['org', 'quota', 'set', 'workflow_runs_per_hour=5000', 'memory_mb=0'], {
      env: ENV,
      api: fake,
      stderrIsTTY: true,
    });
    expect(r.code).toBe(0);
    expect(fake.calls[1]?.options.body).toEqual({ workflow_runs_per_hour: 5000, memory_mb: 0 });
    expect(r.stderr).toBe(
      "warning: memory_mb=0 was discarded (below this server's minimum); the pro default 4096 applies\n✓ Quota of org-42 updated\n",
    );
    expect(r.stdout).toContain('workflow_runs_per_hour\t1000\t5000\t5000\n');
  });

  it('a malformed pair is a usage error before any request; a 422 is exit 2 with the server detail', async () => {
    const bad = await runInProcess(['org', 'quota', 'set', 'memory_mb'], { env: ENV, api: new FakeApi() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'error: invalid setting "memory_mb": expected KEY=VALUE\nhint: e.g. workflow_runs_per_hour=5000\n',
    );
    const fake = api().on(
      'PATCH',
      QUOTA_PATH,
      new CliError(
        'usage',
        'memory_mb: 409601 is above the ceiling 409600 (100× the pro plan default 4096)',
        { status: 422 },
      ),
    );
    const r = await runInProcess(['org', 'quota', 'set', 'memory_mb=409601'], { env: ENV, api: fake });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: memory_mb: 409601 is above the ceiling 409600 (100× the pro plan default 4096)\n',
    );
  });
});

describe('org governance', () => {
  it('prints one setting per row, category flags flattened; --json prints the body', async () => {
    const r = await runInProcess(['org', 'governance'], { env: ENV, api: api().on('GET', GOV_PATH, GOV) });
    expect(r.stdout).toBe(
      [
        'require_approval_for_external_comm\ttrue',
        'require_approval_for_public_writes\ttrue',
        'require_approval_for_permission_changes\ttrue',
        'allow_self_approval\tfalse',
        'approval_threshold\t2',
        'category_flags.finance\ttrue',
        '',
      ].join('\n'),
    );
    const json = await runInProcess(['org', 'governance', '--json'], {
      env: ENV,
      api: api().on('GET', GOV_PATH, GOV),
    });
    expect(JSON.parse(json.stdout)).toEqual(GOV);
  });

  it('set types each value and sends a partial update', async () => {
    const fake = api().on('PATCH', GOV_PATH, GOV);
    const r = await runInProcess(
      [
        'org',
        'governance',
        'set',
        'allow_self_approval=true',
        'approval_threshold=2',
        'category_flags.finance=true',
        'category_flags.legal=unset',
      ],
      { env: ENV, api: fake },
    );
    expect(r.code).toBe(0);
    expect(fake.calls[1]?.options.body).toEqual({
      allow_self_approval: true,
      approval_threshold: 2,
      category_flags: { finance: true, legal: null },
    });
  });

  it.each([
    [
      ['allow_self_approval=yes'],
      'error: invalid setting "allow_self_approval=yes": allow_self_approval must be true or false\nhint: see `fibonacci org governance set --help`\n',
    ],
    [
      ['approval_threshold=two'],
      'error: invalid setting "approval_threshold=two": approval_threshold must be a whole number\nhint: see `fibonacci org governance set --help`\n',
    ],
    [
      ['quorum=2'],
      'error: invalid setting "quorum=2": quorum is not a governance setting\nhint: settings: require_approval_for_external_comm, require_approval_for_public_writes, require_approval_for_permission_changes, allow_self_approval, approval_threshold, category_flags.NAME\n',
    ],
  ])('refuses %j with exit 2 before any request', async (args, stderr) => {
    const fake = new FakeApi();
    const r = await runInProcess(['org', 'governance', 'set', ...args], { env: ENV, api: fake });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(fake.calls).toHaveLength(0);
  });

  it('a 403 for a non-owner is exit 5 with the server detail', async () => {
    const fake = api().on(
      'PATCH',
      GOV_PATH,
      new CliError('forbidden', 'not allowed: requires role owner', { status: 403 }),
    );
    const r = await runInProcess(['org', 'governance', 'set', 'approval_threshold=3'], {
      env: ENV,
      api: fake,
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('error: not allowed: requires role owner\n');
  });
});

describe('set --json (the flag its parent declares too)', () => {
  it('org quota set K=V --json prints the JSON body, not the table', async () => {
    const r = await runInProcess(['org', 'quota', 'set', 'workflow_runs_per_hour=5000', '--json'], {
      env: ENV,
      api: api().on('PATCH', QUOTA_PATH, QUOTA),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(QUOTA);
  });

  it('org governance set K=V --json prints the JSON body, not the table', async () => {
    const r = await runInProcess(['org', 'governance', 'set', 'approval_threshold=2', '--json'], {
      env: ENV,
      api: api().on('PATCH', GOV_PATH, GOV),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(GOV);
  });
});
