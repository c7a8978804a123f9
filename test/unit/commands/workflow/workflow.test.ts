import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const ENV = { FIBONACCI_API_KEY: 'fib_test_ownerownerownerowner', FIBONACCI_BASE_URL: 'https://emu.test' };
const NOW = new Date('2026-11-29T12:00:00Z');
const ETL = {
  id: 'wf_1',
  name: 'production/etl',
  description: '',
  is_active: true,
  created_at: '2026-11-29T11:00:00Z',
};
const STAGING = { ...ETL, id: 'wf_2', name: 'staging/etl' };
const identity = (scopes: string[]) => ({
  key_id: 'key_1',
  user_id: 'user-1',
  organization_id: 'org_1',
  role: 'member',
  scopes,
  workflows: ['production/*'],
});
const OWNER = identity(['admin']);
const RUN = {
  id: 'run_1',
  workflow_id: 'wf_1',
  status: 'completed',
  started_at: '2026-11-29T12:00:00Z',
  completed_at: '2026-11-29T12:00:00.002Z',
  duration_seconds: 0.002,
  input_data: { day: '2026-01-23' },
  output_data: { nodes_executed: ['extract', 'load'] },
  error_message: null,
};

describe('workflow create', () => {
  it('posts the definition file and prints the new id', async () => {
    const file = join(tempDir(), 'etl.json');
    writeFileSync(file, '{"nodes": [{"name": "extract"}]}');
    const api = new FakeApi().on('POST', '/api/v1/workflows', ETL);
    const r = await runInProcess(['workflow', 'create', 'production/etl', '--file', file], { api, env: ENV });
    expect(r).toMatchObject({ code: 0, stdout: 'wf_1\n', stderr: '' });
    expect(api.calls[0]?.options.body).toEqual({
      name: 'production/etl',
      description: '',
      definition: { nodes: [{ name: 'extract' }] },
    });
  });

  it('refuses a file that is missing or not a JSON object (exit 2), before any request', async () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, '[1, 2]');
    const api = new FakeApi();
    const notObject = await runInProcess(['workflow', 'create', 'x', '--file', file], { api, env: ENV });
    expect(notObject).toMatchObject({
      code: 2,
      stderr: `error: --file ${file} must be a JSON object ({…})\n`,
    });
    const missing = await runInProcess(['workflow', 'create', 'x', '--file', '/nonexistent/def.json'], {
      api,
      env: ENV,
    });
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'error: cannot read --file /nonexistent/def.json: ENOENT\n',
    });
    expect(api.calls).toHaveLength(0);
  });
});

describe('workflow list', () => {
  it('prints rows piped, JSON with --json, [] when empty', async () => {
    const api = new FakeApi().on('GET', '/api/v1/workflows', [ETL, STAGING]);
    const r = await runInProcess(['workflow', 'list'], { api, env: ENV, now: NOW });
    expect(r.stdout).toBe(
      'wf_1\tproduction/etl\tyes\t2026-11-29T11:00:00Z\nwf_2\tstaging/etl\tyes\t2026-11-29T11:00:00Z\n',
    );
    expect(api.calls[0]?.options.query).toEqual({ skip: 0, limit: 100 });
    const json = await runInProcess(['workflow', 'list', '--json'], { api, env: ENV });
    expect(JSON.parse(json.stdout)).toEqual([ETL, STAGING]);
    const empty = new FakeApi().on('GET', '/api/v1/workflows', []);
    expect((await runInProcess(['workflow', 'list', '--json'], { api: empty, env: ENV })).stdout).toBe(
      '[]\n',
    );
  });
});

describe('workflow run', () => {
  it('resolves the name to the id through the list and prints the run', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', OWNER)
      .on('GET', '/api/v1/workflows', [STAGING, ETL])
      .on('POST', '/api/v1/workflows/wf_1/execute', RUN);
    const r = await runInProcess(['workflow', 'run', 'production/etl', '--input', '{"day": "2026-01-23"}'], {
      api,
      env: ENV,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(api.calls[2]?.options.body).toEqual({ input_data: { day: '2026-01-23' } });
    expect(r.stdout).toBe(
      [
        'Run:        run_1',
        'Workflow:   production/etl (wf_1)',
        'Status:     completed',
        'Started:    2026-11-29T12:00:00Z',
        'Duration:   0.002s',
        'Nodes:      extract, load',
        '',
      ].join('\n'),
    );
  });

  it('passes the name itself, without trying to list, when the key may not list; prints JSON', async () => {
    for (const scopes of [['execute'], ['workflows:execute', 'runs:read']]) {
      const api = new FakeApi()
        .on('GET', '/api/v1/auth/me', identity(scopes))
        .on('POST', '/api/v1/workflows/production%2Fetl/execute', RUN);
      const r = await runInProcess(['workflow', 'run', 'production/etl', '--json'], { api, env: ENV });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(RUN);
      expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        'GET /api/v1/auth/me',
        'POST /api/v1/workflows/production%2Fetl/execute',
      ]);
      expect(api.calls[1]?.options.body).toEqual({ input_data: {} });
    }
  });

  it('still passes the name when a key that should list is refused', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['read', 'execute']))
      .on(
        'GET',
        '/api/v1/workflows',
        new CliError('forbidden', 'not allowed: requires scope workflows:read', { status: 403 }),
      )
      .on('POST', '/api/v1/workflows/production%2Fetl/execute', RUN);
    const r = await runInProcess(['workflow', 'run', 'production/etl'], { api, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Run: {8}run_1\nWorkflow: {3}production\/etl\n/);
  });

  it('exits 5 with the server’s reason when the pattern does not match', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', OWNER)
      .on('GET', '/api/v1/workflows', [])
      .on(
        'POST',
        '/api/v1/workflows/staging%2Fetl/execute',
        new CliError('forbidden', 'not allowed: API key is not allowed to access workflow staging/etl', {
          status: 403,
        }),
      );
    const r = await runInProcess(['workflow', 'run', 'staging/etl'], { api, env: ENV });
    expect(r).toMatchObject({ code: 5, stdout: '' });
    expect(r.stderr).toContain('error: not allowed: API key is not allowed to access workflow staging/etl');
  });

  it('rephrases 404, and refuses --input that is not a JSON object (exit 2)', async () => {
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', OWNER)
      .on('GET', '/api/v1/workflows', [])
      .on('POST', '/api/v1/workflows/nope/execute', new CliError('unexpected', 'not found', { status: 404 }));
    const r = await runInProcess(['workflow', 'run', 'nope'], { api, env: ENV });
    expect(r).toMatchObject({
      code: 12,
      stderr:
        'error: no workflow named nope\nhint: `fibonacci workflow list` shows the workflows your key may see\n',
    });
    const bad = await runInProcess(['workflow', 'run', 'x', '--input', '{oops'], {
      api: new FakeApi(),
      env: ENV,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid --input: not valid JSON: /);
  });
});
