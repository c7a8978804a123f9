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
  environment: 'production',
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
    writeFileSync(
      file,
      '{"name": "etl", "version": 1, "nodes": [{"id": "extract", "type": "tool"}], "edges": []}',
    );
    const api = new FakeApi().on('POST', '/api/v1/workflows', ETL);
    const r = await runInProcess(['workflow', 'create', 'production/etl', '--file', file], { api, env: ENV });
    expect(r).toMatchObject({ code: 0, stdout: 'wf_1\n', stderr: '' });
    expect(api.calls[0]?.options.body).toEqual({
      name: 'production/etl',
      description: '',
      definition: { name: 'etl', version: 1, nodes: [{ id: 'extract', type: 'tool' }], edges: [] },
    });
  });

  it('reads a .yaml definition as YAML; a broken one is its position only, never its text', async () => {
    const dir = tempDir();
    const good = join(dir, 'etl.yaml');
    writeFileSync(good, 'name: etl\nversion: 1\nnodes:\n  - { id: extract, type: tool }\nedges: []\n');
    const api = new FakeApi().on('POST', '/api/v1/workflows', ETL);
    const r = await runInProcess(['workflow', 'create', 'production/etl', '--file', good], { api, env: ENV });
    expect(r).toMatchObject({ code: 0, stdout: 'wf_1\n' });
    expect(api.calls[0]?.options.body).toMatchObject({
      definition: { name: 'etl', version: 1, nodes: [{ id: 'extract', type: 'tool' }], edges: [] },
    });
    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'name: etl\nheaders: { Authorization: "Bearer sk-live-secret-value\n');
    const bad = await runInProcess(['workflow', 'create', 'x', '--file', broken], {
      api: new FakeApi(),
      env: ENV,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      new RegExp(`^error: --file ${broken} is not valid YAML \\(line \\d+, column \\d+\\)\\n$`),
    );
    // An alias bomb is refused by the parser, not expanded into the request.
    const bomb = join(dir, 'bomb.yaml');
    const layers = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      layers.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(10)
          .fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`)
          .join(',')}]`,
      );
    writeFileSync(bomb, `${layers.join('\n')}\n`);
    const exploded = await runInProcess(['workflow', 'create', 'x', '--file', bomb], {
      api: new FakeApi(),
      env: ENV,
    });
    expect(exploded.code).toBe(2);
    expect(exploded.stderr).toBe(
      `error: --file ${bomb} is not valid YAML: more aliases than a definition needs (at most 100)\n`,
    );
  });

  it('shows every problem of a refused definition on its own line, exit 2', async () => {
    const file = join(tempDir(), 'etl.json');
    writeFileSync(file, '{}');
    const refused = new CliError('usage', '2 problems with the request', {
      status: 422,
      requestId: 'req_1',
      details: [
        'definition.nodes.1.id: duplicate node id "a" (nodes.0 has it)',
        'definition.edges.0.to: names no node: "z"',
      ],
    });
    const api = new FakeApi().on('POST', '/api/v1/workflows', refused);
    const r = await runInProcess(['workflow', 'create', 'production/etl', '--file', file], { api, env: ENV });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error: the definition of production/etl is not valid (request req_1)\n' +
        '  definition.nodes.1.id: duplicate node id "a" (nodes.0 has it)\n' +
        '  definition.edges.0.to: names no node: "z"\n',
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
        'Run:          run_1',
        'Workflow:     production/etl (wf_1)',
        'Environment:  production',
        'Status:       completed',
        'Started:      2026-11-29T12:00:00Z',
        'Duration:     0.002s',
        'Nodes:        extract, load',
        '',
      ].join('\n'),
    );
  });

  it('sends --env as the run’s environment and --input-file (a file or -) as its input', async () => {
    const file = join(tempDir(), 'input.json');
    writeFileSync(file, '{"email": "a@example.com"}');
    for (const [args, stdin] of [
      [['--input-file', file], undefined],
      [['--input-file', '-'], '{"email": "a@example.com"}'],
    ] as const) {
      const api = new FakeApi()
        .on('GET', '/api/v1/auth/me', identity(['execute']))
        .on('POST', '/api/v1/workflows/production%2Fetl/execute', RUN);
      const r = await runInProcess(['workflow', 'run', 'production/etl', '--env', 'production', ...args], {
        api,
        env: ENV,
        ...(stdin === undefined ? {} : { stdin }),
      });
      expect(r.code, r.stderr).toBe(0);
      expect(api.calls[1]?.options.body).toEqual({
        input_data: { email: 'a@example.com' },
        environment: 'production',
      });
    }
    const notObject = await runInProcess(['workflow', 'run', 'x', '--input-file', '-'], {
      api: new FakeApi(),
      env: ENV,
      stdin: '[1]',
    });
    expect(notObject).toMatchObject({
      code: 2,
      stderr: 'error: the input on standard input must be a JSON object ({…})\n',
    });
  });

  it('prints a failed run, then exits 1 with its error and where to look', async () => {
    const failed = {
      ...RUN,
      status: 'failed',
      output_data: null,
      error_message: 'secret API_KEY is not set in staging',
      environment: 'staging',
    };
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['execute']))
      .on('POST', '/api/v1/workflows/production%2Fetl/execute', failed);
    const r = await runInProcess(['workflow', 'run', 'production/etl', '--env', 'staging'], {
      api,
      env: ENV,
      now: NOW,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\nEnvironment: {2}staging\nStatus: {7}failed\n[\s\S]*\nError: {8}secret API_KEY is not set in staging\n$/,
    );
    expect(r.stderr).toBe(
      'error: run run_1 failed: secret API_KEY is not set in staging\n' +
        'hint: `fibonacci secret list --env staging` shows the secrets set there\n',
    );
  });

  it('shows an input the schema refuses one violation per line, exit 2', async () => {
    const refused = new CliError('usage', '2 problems with the request', {
      status: 422,
      details: [
        'input_data.email: must match format "email"',
        "input_data: must have required property 'ticket'",
      ],
    });
    const api = new FakeApi()
      .on('GET', '/api/v1/auth/me', identity(['execute']))
      .on('POST', '/api/v1/workflows/production%2Fetl/execute', refused);
    const r = await runInProcess(['workflow', 'run', 'production/etl', '--input', '{"email": "x"}'], {
      api,
      env: ENV,
    });
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error: the input does not match the input_schema of production/etl\n' +
        '  input.email: must match format "email"\n' +
        "  input: must have required property 'ticket'\n",
    });
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
    expect(r.stdout).toMatch(/^Run: {10}run_1\nWorkflow: {5}production\/etl\n/);
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

  it('rephrases 404 as not found (exit 12), and refuses --input that is not a JSON object (exit 2)', async () => {
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
