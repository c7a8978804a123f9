// `workflow create` and `workflow run` through the built CLI against a spawned emulator, with the
// demo's own file (docs/examples/support-triage.yaml): a definition refused with every problem on
// its own line (exit 2), an input refused one violation per line (exit 2), a run in an
// environment lacking API_KEY printed and then exit 1, a good run exit 0, input from a file and
// from standard input.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let work: string;
const FIXED = join(REPO_ROOT, 'docs/examples/support-triage.yaml');

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  work = tempDir();
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

describe('workflow create: the definition as the server judges it', () => {
  it('creates the demo’s YAML workflow and refuses a broken one, every problem on its own line', async () => {
    const ok = await runCli(['workflow', 'create', 'production/support-triage', '--file', FIXED], {
      env: emu.env,
    });
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^wf_[0-9a-f]{24}\n$/) });

    const broken = join(work, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({
        name: 'b',
        version: 1,
        nodes: [
          { id: 'a', type: 'llm' },
          { id: 'a', type: 'tool' },
        ],
        edges: [{ from: 'a', to: 'ghost' }],
      }),
    );
    const refused = await runCli(['workflow', 'create', 'production/broken', '--file', broken], {
      env: emu.env,
    });
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toMatch(
      /^error: the definition of production\/broken is not valid \(request req_\w+\)\n {2}definition\.nodes\.1\.id: duplicate node id "a" \(nodes\.0 has it\)\n {2}definition\.edges\.0\.to: names no node: "ghost"\n$/,
    );
  });
});

describe('workflow create: a token pasted into the input_schema never comes back', () => {
  const TOKEN = `ghp_${'Zk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gD3aKe'}`;
  const PASSWORD = 'Tr0ub4dor-3-horse-battery';
  const definition = (input_schema: unknown) => ({
    name: 's',
    version: '1',
    nodes: [{ id: 'a', type: 'llm' }],
    edges: [],
    input_schema,
  });
  it.each([
    // the schema's text as Ajv quotes it: an unknown keyword, a format name, a property path
    [
      'an unknown keyword',
      { type: 'object', [TOKEN]: 1 },
      'definition.input_schema: strict mode: unknown keyword: a value of 40 characters (inside a key not repeated here)',
    ],
    [
      'a format name',
      { type: 'object', properties: { a: { type: 'string', format: PASSWORD } } },
      'definition.input_schema.properties.a.format: unknown format a value of 25 characters',
    ],
    [
      'a path in a strict-types message',
      { type: 'object', properties: { [PASSWORD]: { format: 'email' } } },
      // The schema's own words ("number,string") are shown; the path holding the password is not.
      'definition.input_schema.properties: strict mode: missing type "number,string" for keyword "format" (strictTypes) (inside a key not repeated here)',
    ],
    [
      'a property name on the place',
      { type: 'object', properties: { [TOKEN]: { type: 5 } } },
      'definition.input_schema.properties: 5 is not a JSON Schema type (array, boolean, integer, null, number, object, string) (inside a key not repeated here)',
    ],
    ['a node id', { type: 'object' }, null],
    [
      'an unknown key of the definition',
      { type: 'object' },
      'definition: is not a field allowed here (inside a key not repeated here)',
    ],
  ])('%s: the 422 and the CLI say where, in fixed words', async (label, schema, expected) => {
    const def: Record<string, unknown> & ReturnType<typeof definition> = definition(schema);
    if (label === 'a node id')
      def.nodes = [
        { id: TOKEN, type: 'llm' },
        { id: TOKEN, type: 'tool' },
      ];
    if (label === 'an unknown key of the definition') def[TOKEN] = 1;
    const file = join(work, 'pasted.json');
    writeFileSync(file, JSON.stringify(def));
    const r = await runCli(
      ['workflow', 'create', 'staging/pasted', '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect([r.code, r.stdout]).toEqual([2, '']);
    // After create's own warnings about the hardcoded token (masked): the server's refusal.
    const all = r.stderr.trimEnd().split('\n');
    const lines = all.slice(all.findIndex((l) => l.startsWith('error:')) + 1).map((l) => l.trim());
    if (expected) expect(lines).toEqual([expected]);
    else
      expect(lines).toEqual([
        'definition.nodes.1.id: duplicate node id a value of 40 characters (nodes.0 has it)',
      ]);
    const api = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'pasted', definition: def },
    });
    expect(api.status).toBe(422);
    for (const text of [r.stderr, JSON.stringify(api.body)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PASSWORD);
    }
  });
});

describe('workflow run: a token used as a property name never comes back in a violation', () => {
  const TOKEN = `ghp_${'Zq8Wm2Kx7Rt4Yb9Nc3Vd6Lf1Hj5Gs0Pa2Ek7U'}`;
  const create = async (name: string, input_schema: unknown) => {
    const file = join(work, `${name}.json`);
    const def = { name, version: '1', nodes: [{ id: 'a', type: 'llm' }], edges: [], input_schema };
    writeFileSync(file, JSON.stringify(def));
    const r = await runCli(
      ['workflow', 'create', `staging/${name}`, '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect(r.code, r.stderr).toBe(0);
  };
  it.each([
    [
      'a required property (pushed on the loc, cut there)',
      'propreq',
      { type: 'object', properties: { [TOKEN]: { type: 'string' } }, required: [TOKEN] },
      {},
      'input: is required (inside a key not repeated here)',
    ],
    [
      'a dependent property (named by Ajv without quotes)',
      'propdep',
      { type: 'object', dependentRequired: { a: [TOKEN] } },
      { a: 1 },
      'input: is required when property a is present (inside a key not repeated here)',
    ],
    [
      "the input's own extra key",
      'propextra',
      { type: 'object', additionalProperties: false },
      { [TOKEN]: 'y' },
      'input: is not a property the input_schema allows (inside a key not repeated here)',
    ],
    [
      'an extra key shaped like a field name: a prefix and lowercase hex (a Shopify token)',
      'prophex',
      { type: 'object', additionalProperties: false },
      { 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: 'y' },
      'input: is not a property the input_schema allows (inside a key not repeated here)',
    ],
  ])('%s', async (_label, name, schema, input, expected) => {
    await create(name, schema);
    const r = await runCli(['workflow', 'run', `staging/${name}`, '--input', JSON.stringify(input)], {
      env: emu.env,
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(
      r.stderr
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual([expected]);
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.stderr).not.toContain('79d89a0da0c41aebb8f010b8e9a5b5ab');
  });
});

/** Problems of both kinds at once: two of shape (schema), three of meaning (definition.ts). */
const MIXED = {
  name: 'mixed',
  version: 1,
  input_schema: { type: 'object', requird: ['email'] },
  nodes: [{ id: 'a', type: 'llm' }, { id: 'a', type: 'tool' }, { id: 'c', type: 'planner' }, { id: 'd' }],
  edges: [{ from: 'a', to: 'ghost' }],
};

describe('workflow create: shape and meaning refused in one answer', () => {
  it('the API answers ONE 422 with a loc per problem, shape and semantic together', async () => {
    const res = await apiRequest(emu, 'POST', '/api/v1/workflows', {
      body: { name: 'wf_0123456789abcdef01234567', definition: MIXED },
    });
    expect(res.status).toBe(422);
    const detail = (res.body as { detail: Array<{ loc: unknown[]; msg: string }> }).detail;
    expect(detail.map((d) => d.loc.join('.')).sort()).toEqual(
      [
        'body.definition.nodes.2.type', // not one of the four types
        'body.definition.nodes.3.type', // missing
        'body.name', // the shape of a workflow id
        'body.definition.nodes.1.id', // duplicate
        'body.definition.edges.0.to', // names no node
        'body.definition.input_schema.requird', // an unknown keyword, at its place
      ].sort(),
    );
    // Nothing was stored.
    const list = await apiRequest(emu, 'GET', '/api/v1/workflows');
    expect((list.body as Array<{ name: string }>).map((w) => w.name)).not.toContain(
      'wf_0123456789abcdef01234567',
    );
  });

  it('the CLI prints every problem on its own line, exit 2', async () => {
    const file = join(work, 'mixed.json');
    writeFileSync(file, JSON.stringify(MIXED));
    const r = await runCli(
      ['workflow', 'create', 'production/mixed', '--file', file, '--allow-hardcoded-credentials'],
      { env: emu.env },
    );
    expect(r).toMatchObject({ code: 2, stdout: '' });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: the definition of production\/mixed is not valid \(request req_\w+\)$/);
    expect(lines.slice(1).sort()).toEqual(
      [
        '  definition.nodes.2.type: must be one of "llm", "tool", "critic", "condition", not "planner"',
        '  definition.nodes.3.type: is required',
        '  definition.nodes.1.id: duplicate node id "a" (nodes.0 has it)',
        '  definition.edges.0.to: names no node: "ghost"',
        '  definition.input_schema.requird: strict mode: unknown keyword: "requird"',
      ].sort(),
    );
  });
});

describe('workflow run: input, environment, secrets', () => {
  it('a mistyped name is exit 12 with the near name the key may see, and never one it may not', async () => {
    const typo = await runCli(['workflow', 'run', 'producton/support-triage'], { env: emu.env });
    expect([typo.code, typo.stdout, typo.stderr]).toEqual([
      12,
      '',
      expect.stringMatching(
        /^error: no workflow named producton\/support-triage \(request req_\w+\)\nhint: did you mean production\/support-triage\?\n$/,
      ),
    ]);
    // This key sees only production/x*: the same slip of a name outside its patterns gets no name.
    const narrow = await emu.addUser('member', [
      '--scope',
      'read',
      '--scope',
      'execute',
      '--workflows',
      'production/x*',
    ]);
    const blind = await runCli(['workflow', 'run', 'production/xsupport-triage'], {
      env: { ...emu.env, FIBONACCI_API_KEY: narrow },
    });
    expect([blind.code, blind.stdout, blind.stderr]).toEqual([
      12,
      '',
      expect.stringMatching(
        /^error: no workflow named production\/xsupport-triage \(request req_\w+\)\nhint: `fibonacci workflow list` shows the workflows your key may see\n$/,
      ),
    ]);
  });

  it('refuses a bad email, one violation per line, exit 2', async () => {
    const r = await runCli(
      [
        'workflow',
        'run',
        'production/support-triage',
        '--env',
        'production',
        '--input',
        '{"email":"nope","x":1}',
      ],
      { env: emu.env },
    );
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(
      /^error: the input does not match the input_schema of production\/support-triage \(request req_\w+\)\n {2}input\.ticket: is required\n {2}input\.x: is not a property the input_schema allows\n {2}input\.email: must match format "email"\n$/,
    );
  });

  it('a run where API_KEY is not set is printed, then exit 1 with the message; once set it completes', async () => {
    const input = join(work, 'input.json');
    writeFileSync(input, '{"email": "ana@example.com", "ticket": "my order is late"}');
    const failed = await runCli(
      ['workflow', 'run', 'production/support-triage', '--env', 'staging', '--input-file', input],
      { env: emu.env },
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /\nEnvironment: {2}staging\nStatus: {7}failed\n[\s\S]*\nError: {8}secret API_KEY is not set in staging\n$/,
    );
    expect(failed.stderr).toMatch(
      /^warning: there is no environment staging \(it exists once a secret is set in it\); [^\n]+\nerror: run run_\w+ failed: secret API_KEY is not set in staging\nhint: `fibonacci secret list --env staging` shows the secrets set there\n$/,
    );

    const set = await runCli(['secret', 'set', 'API_KEY', '--env', 'production'], {
      env: emu.env,
      input: 'sk-e2e-canary-value\n',
    });
    expect(set.code, set.stderr).toBe(0);
    const ok = await runCli(
      ['workflow', 'run', 'production/support-triage', '--env', 'production', '--input-file', '-', '--json'],
      { env: emu.env, input: '{"email": "ana@example.com", "ticket": "late"}' },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'completed',
      environment: 'production',
      output_data: { nodes_executed: ['classify', 'lookup'] },
      error_message: null,
    });
    expect(ok.stdout + failed.stdout + failed.stderr).not.toContain('sk-e2e-canary-value');
  });
});
