// `workflow create` and `workflow list`: the definition read (JSON, YAML, bounded) and sent, a refused one
// every problem per line; the list piped and as JSON. `workflow run` is run.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeApi } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { ENV, ETL, NOW, STAGING } from './fixtures.js';

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
      new RegExp(
        `^error: --file ${broken} is not valid YAML \\(line \\d+, column \\d+: [a-z ,]+\\)\\nhint: see \`fibonacci workflow create --help\`\\n$`,
      ),
    );
    // JSON too: the place and fixed words, never V8's message, which quotes the file's text.
    for (const [name, text, at] of [
      ['key.json', 'fib_test_S3cr3tCanaryValue1234', 'line 1, column 1: unexpected character'],
      [
        'tok.json',
        '{"name": "x",\n "token": sk_live_SECRETCANARY}',
        'line 2, column 11: unexpected character',
      ],
      ['comma.json', '{"nodes": [\n{"t": "x"}\n,]}', 'line 3, column 2: a value was expected'],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = await runInProcess(['workflow', 'create', 'x', '--file', file], {
        api: new FakeApi(),
        env: ENV,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: --file ${file} is not valid JSON (${at})\nhint: see \`fibonacci workflow create --help\`\n`,
      );
    }
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
      `error: --file ${bomb} is not valid YAML (line 3, column 34: more alias expansions than a definition needs (at most 100))\nhint: see \`fibonacci workflow create --help\`\n`,
    );
  });

  // security check lists such a file as skipped (not text): the upload must not take what the gate did not read.
  it.each([
    [
      'wf.yaml',
      'a Latin-1 byte',
      Buffer.from('name: d\n# caf\xe9\nnodes: []\nedges: []\n', 'latin1'),
      'is not valid UTF-8',
    ],
    [
      'wf.json',
      'a Latin-1 byte',
      Buffer.from('{"name":"caf\xe9","nodes":[],"edges":[]}', 'latin1'),
      'is not valid UTF-8',
    ],
    [
      'wf.yaml',
      'a NUL',
      Buffer.from('name: d\n# x\0y\nnodes: []\nedges: []\n'),
      'holds a NUL byte, which no JSON or YAML text has',
    ],
  ])('refuses a %s with %s before any request (exit 2)', async (name, _what, bytes, words) => {
    const file = join(tempDir(), name);
    writeFileSync(file, bytes);
    const r = await runInProcess(['workflow', 'create', 'x', '--file', file], {
      api: new FakeApi(),
      env: ENV,
    });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `error: --file ${file} ${words}\nhint: see \`fibonacci workflow create --help\`\n`,
    ]);
  });

  // JSON.parse keeps the last of two keys: a definition whose nodes vanished, created and run as
  // "completed". YAML refuses a duplicate key; JSON is held to the same.
  it('refuses a JSON definition that gives a key twice in one object (exit 2), before any request', async () => {
    const file = join(tempDir(), 'dup.json');
    writeFileSync(
      file,
      '{"name": "d",\n "nodes": [{"id": "a", "type": "llm"}],\n "nodes": [],\n "edges": []}',
    );
    const r = await runInProcess(['workflow', 'create', 'x', '--file', file], {
      api: new FakeApi(),
      env: ENV,
    });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `error: --file ${file} is not valid JSON (line 3, column 2: a key given twice in one object)\nhint: see \`fibonacci workflow create --help\`\n`,
    ]);
    // The same key in two objects is no duplicate.
    writeFileSync(
      file,
      '{"name": "d", "nodes": [{"id": "a", "type": "llm"}, {"id": "b", "type": "tool"}], "edges": []}',
    );
    const api = new FakeApi().on('POST', '/api/v1/workflows', () => ({
      status: 201,
      body: { id: 'wf_1', name: 'x' },
    }));
    expect(
      (await runInProcess(['workflow', 'create', 'x', '--file', file], { api, env: ENV })).stderr,
    ).not.toMatch(/twice/);
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
      stderr: `error: --file ${file} must be a JSON object ({…})\nhint: see \`fibonacci workflow create --help\`\n`,
    });
    const missing = await runInProcess(['workflow', 'create', 'x', '--file', '/nonexistent/def.json'], {
      api,
      env: ENV,
    });
    expect(missing).toMatchObject({
      code: 2,
      stderr:
        'error: cannot read --file /nonexistent/def.json: no such file\nhint: see `fibonacci workflow create --help`\n',
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
