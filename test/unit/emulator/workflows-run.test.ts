// docs/api.md's workflows as the emulator serves it: definitions judged at create (every problem, by
// loc), input_data judged against input_schema at execute (one loc per violation), every
// {{secrets.NAME}} resolved in the run's environment over the shared scope, a run that cannot
// resolve one stored as failed with the name and never a value, and the events that say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOrganization } from '../../../src/emulator/accounts.js';
import { insertWorkflow } from '../../../src/emulator/workflows/store.js';
import { apiRequest } from '../../helpers/api-request.js';
import { auditRows, type InProcessEmulator, startInProcess } from '../../helpers/in-process-emulator.js';

let emu: InProcessEmulator;
const VALUE = 'sk-canary-shared-0f3a9';
const PROD_VALUE = 'sk-canary-production-77b1';

/** A valid definition: a tool node whose header references API_KEY, and an email-only input. */
const triage = {
  name: 'support-triage',
  version: 1,
  input_schema: {
    type: 'object',
    properties: { email: { type: 'string', format: 'email' }, ticket: { type: 'string' } },
    required: ['email'],
    additionalProperties: false,
  },
  nodes: [
    { id: 'classify', type: 'llm', prompt: 'Classify {{input.ticket}}' },
    { id: 'lookup', type: 'tool', headers: { Authorization: 'Bearer {{secrets.API_KEY}}' } },
  ],
  edges: [{ from: 'classify', to: 'lookup' }],
};

const create = (name: string, definition: unknown) =>
  apiRequest(emu, 'POST', '/api/v1/workflows', { body: { name, definition } });
const execute = (name: string, body: unknown) =>
  apiRequest(emu, 'POST', `/api/v1/workflows/${encodeURIComponent(name)}/execute`, { body });
const setSecret = (name: string, value: string, environment?: string) =>
  apiRequest(emu, 'PUT', `/api/v1/secrets/${name}${environment ? `?environment=${environment}` : ''}`, {
    body: { value },
  });

beforeAll(async () => {
  emu = await startInProcess();
  expect((await create('prod/triage', triage)).status).toBe(201);
});
afterAll(async () => {
  await emu.close();
});

describe('create: the definition is judged, every problem listed with its loc', () => {
  it('lists shape problems: a node type outside the four, a missing id, an unknown field', async () => {
    const res = await create('bad/shape', {
      name: 'x',
      version: true,
      nodes: [{ id: 'a', type: 'agent' }, { type: 'llm' }],
      edges: [],
      extra: true,
    });
    expect(res.status).toBe(422);
    const locs = (res.body as { detail: Array<{ loc: unknown[] }> }).detail.map((d) => d.loc.join('.'));
    expect(locs).toEqual(
      expect.arrayContaining([
        'body.definition.nodes.0.type',
        'body.definition.nodes.1.id',
        'body.definition.extra',
      ]),
    );
  });

  it('a definition of any wrong shape is a 422 naming the shape, never a 500 from the semantic checks', async () => {
    const cases: Array<[unknown, string[]]> = [
      [null, ['body.definition']],
      [[], ['body.definition']],
      [{ name: 'x', version: 1, nodes: 'a', edges: [{ from: 'a', to: 'b' }] }, ['body.definition.nodes']],
      [
        { name: 'x', version: 1, nodes: [null, { id: 7, type: 'llm' }], edges: [1, { from: 7, to: 'y' }] },
        [
          'body.definition.nodes.0',
          'body.definition.nodes.1.id',
          'body.definition.edges.0',
          'body.definition.edges.1.from',
          'body.definition.edges.1.to', // "y" names no node: the one semantic problem here
        ],
      ],
    ];
    for (const [definition, locs] of cases) {
      const res = await create('bad/any-shape', definition);
      expect(res.status, JSON.stringify(definition)).toBe(422);
      const got = (res.body as { detail: Array<{ loc: unknown[] }> }).detail.map((d) => d.loc.join('.'));
      expect([...new Set(got)].sort(), JSON.stringify(definition)).toEqual(locs.sort());
    }
  });

  it('lists every semantic problem at once: duplicate ids, edges naming no node, a bad input_schema', async () => {
    const res = await create('bad/graph', {
      name: 'x',
      version: '2',
      input_schema: { type: 'object', requird: ['email'] },
      nodes: [
        { id: 'a', type: 'llm' },
        { id: 'a', type: 'critic' },
      ],
      edges: [
        { from: 'a', to: 'ghost' },
        { from: 'nobody', to: 'a' },
      ],
    });
    expect(res.status).toBe(422);
    expect((res.body as { detail: unknown }).detail).toEqual([
      {
        loc: ['body', 'definition', 'nodes', 1, 'id'],
        msg: 'duplicate node id "a" (nodes.0 has it)',
        type: 'value_error',
      },
      { loc: ['body', 'definition', 'edges', 0, 'to'], msg: 'names no node: "ghost"', type: 'value_error' },
      {
        loc: ['body', 'definition', 'edges', 1, 'from'],
        msg: 'names no node: "nobody"',
        type: 'value_error',
      },
      {
        loc: ['body', 'definition', 'input_schema', 'requird'],
        msg: 'strict mode: unknown keyword: "requird"',
        type: 'value_error',
      },
    ]);
    const names = ((await apiRequest(emu, 'GET', '/api/v1/workflows')).body as Array<{ name: string }>).map(
      (w) => w.name,
    );
    expect(names).not.toContain('bad/graph');
  });

  it('an input_schema whose $schema is not draft 2020-12 is a 422 at its $schema, never a 500', async () => {
    const hostile = 'http://127.0.0.1:45999/meta-Zq8wLk29XpR4vTn7.json';
    for (const [i, meta] of [
      'x',
      'https://json-schema.org/draft/2019-09/schema',
      'http://json-schema.org/draft-07/schema#',
      hostile,
      5,
    ].entries()) {
      const res = await create(`bad/meta${i}`, {
        name: 'x',
        version: '1',
        input_schema: { $schema: meta, type: 'object' },
        nodes: [{ id: 'a', type: 'llm' }],
        edges: [],
      });
      expect(res.status).toBe(422);
      expect((res.body as { detail: unknown }).detail).toEqual([
        {
          loc: ['body', 'definition', 'input_schema', '$schema'],
          msg: 'only draft 2020-12 is supported (https://json-schema.org/draft/2020-12/schema, or no $schema)',
          type: 'value_error',
        },
      ]);
    }
    for (const meta of [
      'https://json-schema.org/draft/2020-12/schema',
      'https://json-schema.org/draft/2020-12/schema#',
    ]) {
      const def = { ...triage, input_schema: { ...triage.input_schema, $schema: meta } };
      expect((await create(`ok/meta${meta.length}`, def)).status).toBe(201);
    }
  });

  it('records workflow.created for a valid one', () => {
    const created = auditRows(emu.store).filter((e) => e.event_type === 'workflow.created');
    expect(created.map((e) => e.workflow_id)).toEqual(['prod/triage', 'ok/meta44', 'ok/meta45']);
  });
});

describe('execute: input_data against input_schema', () => {
  it('answers 422 with one loc per violation, formats and additionalProperties honoured, and stores no run', async () => {
    const runsBefore = emu.store.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number };
    const res = await execute('prod/triage', { input_data: { email: 'not-an-email', extra: 1 } });
    expect(res.status).toBe(422);
    expect((res.body as { detail: unknown }).detail).toEqual([
      {
        loc: ['body', 'input_data', 'extra'],
        msg: 'is not a property the input_schema allows',
        type: 'additionalProperties',
      },
      {
        loc: ['body', 'input_data', 'email'],
        msg: 'must match format "email"',
        type: 'format',
      },
    ]);
    const missing = await execute('prod/triage', { input_data: {} });
    expect((missing.body as { detail: unknown }).detail).toEqual([
      { loc: ['body', 'input_data', 'email'], msg: 'is required', type: 'required' },
    ]);
    expect(emu.store.db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual(runsBefore);
  });

  it('a violation quotes none of the schema’s text: a pattern holding a token is said by its length', async () => {
    const token = 'ghp_Zk3bQ9xW2mR7tY5uP8sL4vN6cH1jF0gD3aKe';
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: `^${token}$` } } };
    expect((await create('prod/pattern', { ...triage, input_schema: schema })).status).toBe(201);
    const res = await execute('prod/pattern', { input_data: { code: 'nope' } });
    expect(res.status).toBe(422);
    expect((res.body as { detail: unknown }).detail).toEqual([
      {
        loc: ['body', 'input_data', 'code'],
        msg: 'must match the pattern a value of 42 characters',
        type: 'pattern',
      },
    ]);
  });
});

describe('execute: secrets resolve in the environment, then the shared scope', () => {
  it('fails the run when API_KEY is set nowhere, naming it, and the event records it', async () => {
    const res = await execute('prod/triage', {
      input_data: { email: 'a@example.com' },
      environment: 'production',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'failed',
      environment: 'production',
      output_data: null,
      error_message: 'secret API_KEY is not set in production',
    });
    const event = auditRows(emu.store).at(-1)!;
    expect({ ...event, metadata: JSON.parse(event.metadata as string) }).toMatchObject({
      event_type: 'workflow.execute',
      status: 'failure',
      workflow_id: 'prod/triage',
      metadata: {
        environment: 'production',
        nodes_executed: [],
        error: 'secret API_KEY is not set in production',
        run_id: (res.body as { id: string }).id,
      },
    });
    const shared = await execute('prod/triage', { input_data: { email: 'a@example.com' } });
    expect(shared.body).toMatchObject({
      status: 'failed',
      environment: null,
      error_message: 'secret API_KEY is not set in the shared scope',
    });
  });

  it('uses the shared value where the environment has none, the environment’s where it has one', async () => {
    expect((await setSecret('API_KEY', VALUE)).status).toBeLessThan(300);
    const viaShared = await execute('prod/triage', {
      input_data: { email: 'a@example.com' },
      environment: 'staging',
    });
    expect(viaShared.body).toMatchObject({
      status: 'completed',
      environment: 'staging',
      output_data: { nodes_executed: ['classify', 'lookup'] },
      error_message: null,
    });
    expect((await setSecret('API_KEY', PROD_VALUE, 'production')).status).toBeLessThan(300);
    const own = await execute('prod/triage', {
      input_data: { email: 'a@example.com' },
      environment: 'production',
    });
    expect(own.body).toMatchObject({ status: 'completed', environment: 'production' });
    const got = await apiRequest(emu, 'GET', `/api/v1/runs/${(own.body as { id: string }).id}`);
    // The execute answer alone says whether its environment was found; the stored run is the rest.
    const { environment_found, ...stored } = own.body as Record<string, unknown>;
    expect(environment_found).toBe(true);
    expect(got.body).toEqual(stored);
    expect(auditRows(emu.store).at(-1)).toMatchObject({ event_type: 'workflow.execute', status: 'success' });
  });

  it('a node id that references a secret is listed as written, never rendered', async () => {
    const orgId = defaultOrganization(emu.store)!.id;
    insertWorkflow(emu.store, {
      orgId,
      name: 'prod/sneaky',
      description: '',
      definition: { nodes: [{ id: '{{secrets.API_KEY}}', type: 'tool' }] },
    });
    const res = await execute('prod/sneaky', { environment: 'production' });
    expect(res.body).toMatchObject({
      status: 'completed',
      output_data: { nodes_executed: ['{{secrets.API_KEY}}'] },
    });
    const everything = JSON.stringify([
      res.body,
      auditRows(emu.store),
      emu.store.db.prepare('SELECT * FROM runs').all(),
    ]);
    expect(everything).not.toContain(VALUE);
    expect(everything).not.toContain(PROD_VALUE);
  });

  it('an old row (defined before definitions were judged) still runs: nodes by name', async () => {
    const orgId = defaultOrganization(emu.store)!.id;
    insertWorkflow(emu.store, {
      orgId,
      name: 'prod/legacy',
      description: '',
      definition: { nodes: [{ name: 'extract' }, { name: 'load' }] },
    });
    const res = await execute('prod/legacy', { input_data: { day: 1 } });
    expect(res.body).toMatchObject({
      status: 'completed',
      output_data: { nodes_executed: ['extract', 'load'] },
    });
  });

  it('refuses an environment outside the name rule (422) before anything runs', async () => {
    const res = await execute('prod/triage', { input_data: { email: 'a@example.com' }, environment: 'Prod' });
    expect(res.status).toBe(422);
    expect((res.body as { detail: Array<{ loc: unknown[] }> }).detail[0]?.loc).toEqual([
      'body',
      'environment',
    ]);
  });
});
