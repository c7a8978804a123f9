// lib/api/workflows.ts, orgs.ts and environments.ts through the real client over undici's MockAgent:
// skip/limit pages, the 404 wording of each, and answers that break the shape.
import { afterEach, describe, expect, it } from 'vitest';
import * as environments from '../../../../src/lib/api/environments.js';
import * as orgs from '../../../../src/lib/api/orgs.js';
import * as workflows from '../../../../src/lib/api/workflows.js';
import { CliError } from '../../../../src/lib/errors.js';
import { type Harness, harness } from './mock.js';

let h: Harness;
afterEach(async () => {
  await h.agent.close();
});

const wf = (n: number) => ({
  id: `wf_${n}`,
  name: `prod/w${n}`,
  is_active: true,
  created_at: '2026-11-01T00:00:00Z',
});
const RUN = {
  id: 'run_1',
  workflow_id: 'wf_1',
  status: 'completed',
  started_at: '2026-11-01T00:00:00Z',
  completed_at: '2026-11-01T00:00:01Z',
  duration_seconds: 1,
  input_data: {},
  output_data: { nodes_executed: [] },
  error_message: null,
};
const GOV = {
  require_approval_for_external_comm: true,
  require_approval_for_public_writes: true,
  require_approval_for_permission_changes: true,
  allow_self_approval: false,
  approval_threshold: 1,
  category_flags: {},
};

async function rejection(p: Promise<unknown>): Promise<CliError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof CliError)) throw new Error(`expected a CliError, got ${String(e)}`);
  return e;
}

describe('workflows', () => {
  it('listAll: skip/limit pages of 100 until a short one', async () => {
    h = harness();
    h.reply(
      'GET',
      '/api/v1/workflows',
      200,
      Array.from({ length: 100 }, (_, i) => wf(i)),
    );
    h.reply('GET', '/api/v1/workflows', 200, [wf(100)]);
    expect((await workflows.listAll(h.client)).map((w) => w.id)).toHaveLength(101);
    expect(h.seen.map((s) => s.path)).toEqual([
      '/api/v1/workflows?skip=0&limit=100',
      '/api/v1/workflows?skip=100&limit=100',
    ]);
  });

  it('page: anything but an array of workflows is refused, naming the field', async () => {
    h = harness();
    h.reply('GET', '/api/v1/workflows', 200, { workflows: [] });
    h.reply('GET', '/api/v1/workflows', 200, [{ ...wf(1), is_active: 'yes' }]);
    expect((await rejection(workflows.page(h.client, 0, 10))).message).toContain('promises: expected array');
    expect((await rejection(workflows.page(h.client, 0, 10))).message).toContain(
      'promises: /0/is_active: expected boolean',
    );
  });

  it('execute: POST the body to the encoded ref; a 404 is "no workflow named" what was typed (exit 12)', async () => {
    h = harness();
    h.reply('POST', '/api/v1/workflows/prod%2Fetl/execute', 200, RUN);
    const body = { input_data: { a: 1 }, environment: 'production' };
    expect(await workflows.execute(h.client, 'prod/etl', body, 'prod/etl')).toEqual(RUN);
    expect(h.seen[0]?.body).toBe('{"input_data":{"a":1},"environment":"production"}');
    h.reply('POST', '/api/v1/workflows/nope/execute', 404, { detail: 'Not Found' });
    expect(await rejection(workflows.execute(h.client, 'nope', {}, 'nope'))).toMatchObject({
      message: 'no workflow named nope',
      kind: 'not_found',
      exitCode: 12,
      hint: '`fibonacci workflow list` shows the workflows your key may see',
    });
  });

  it('execute: a 422 on input_data is the input refused, one violation per detail, as `input.…`', async () => {
    h = harness();
    const detail = [
      { loc: ['body', 'input_data', 'email'], msg: 'must match format "email"', type: 'format' },
      {
        loc: ['body', 'input_data'],
        msg: 'must NOT have additional properties',
        type: 'additionalProperties',
      },
    ];
    h.reply('POST', '/api/v1/workflows/x/execute', 422, { detail });
    expect(await rejection(workflows.execute(h.client, 'x', {}, 'x'))).toMatchObject({
      kind: 'usage',
      message: 'the input does not match the input_schema of x',
      details: ['input.email: must match format "email"', 'input: must NOT have additional properties'],
    });
    // Not every violation about the input: the server's words as they are.
    h.reply('POST', '/api/v1/workflows/x/execute', 422, {
      detail: [
        { loc: ['body', 'environment'], msg: 'String should match pattern', type: 'string_pattern_mismatch' },
      ],
    });
    expect(await rejection(workflows.execute(h.client, 'x', {}, 'x'))).toMatchObject({
      message: 'environment: String should match pattern',
      details: ['environment: String should match pattern'],
    });
  });

  it('create: a 422 on the definition is every problem, as `definition.…`', async () => {
    h = harness();
    const detail = [
      { loc: ['body', 'definition', 'nodes', 1, 'id'], msg: 'duplicate node id "a"', type: 'value_error' },
      { loc: ['body', 'definition', 'edges', 0, 'to'], msg: 'names no node: "z"', type: 'value_error' },
    ];
    h.reply('POST', '/api/v1/workflows', 422, { detail });
    expect(await rejection(workflows.create(h.client, { name: 'a/b', definition: {} }))).toMatchObject({
      kind: 'usage',
      message: 'the definition of a/b is not valid',
      details: ['definition.nodes.1.id: duplicate node id "a"', 'definition.edges.0.to: names no node: "z"'],
    });
  });

  it('create: a 422 on name says the rule in words, not the pattern, with a hint (NC12-9)', async () => {
    h = harness();
    const detail = [
      {
        loc: ['body', 'name'],
        msg: "String should match pattern '^[A-Za-z0-9]…$'",
        type: 'string_pattern_mismatch',
      },
      { loc: ['body', 'definition', 'name'], msg: 'is required', type: 'missing' },
    ];
    h.reply('POST', '/api/v1/workflows', 422, { detail });
    const e = await rejection(workflows.create(h.client, { name: 'a/b', definition: {} }));
    expect(e).toMatchObject({
      kind: 'usage',
      hint: 'a workflow name is such as production/etl or staging/etl-v2',
      details: [
        'name: up to 8 /-separated segments, each 1 to 64 letters, digits, _, . and -, starting with a letter or digit',
        'definition.name: is required',
      ],
    });
  });
});

describe('orgs', () => {
  it('quota and governance of the organization, by encoded id; PATCH sends the change', async () => {
    h = harness();
    const quota = { plan: 'pro', limits: { memory_mb: 4096 }, overrides: {}, effective: { memory_mb: 4096 } };
    h.reply('GET', '/api/v1/organizations/org%2F1/quota', 200, quota);
    h.reply('PATCH', '/api/v1/organizations/org-1/governance', 200, GOV);
    expect(await orgs.quota(h.client, 'org/1')).toEqual(quota);
    expect(await orgs.setGovernance(h.client, 'org-1', { approval_threshold: 1 })).toEqual(GOV);
    expect(h.seen.map((s) => `${s.method} ${s.path} ${s.body ?? ''}`)).toEqual([
      'GET /api/v1/organizations/org%2F1/quota ',
      'PATCH /api/v1/organizations/org-1/governance {"approval_threshold":1}',
    ]);
  });

  it('a 404 is "this server has no quota|governance for organization …"', async () => {
    h = harness();
    h.reply('GET', '/api/v1/organizations/org-1/governance', 404, { detail: 'Not Found' });
    h.reply('PATCH', '/api/v1/organizations/org-1/quota', 404, { detail: 'Not Found' });
    expect(await rejection(orgs.governance(h.client, 'org-1'))).toMatchObject({
      message: 'this server has no governance for organization org-1',
      hint: 'is FIBONACCI_BASE_URL a Fibonacci API with organization settings?',
    });
    expect((await rejection(orgs.setQuota(h.client, 'org-1', { memory_mb: 1 }))).message).toBe(
      'this server has no quota for organization org-1',
    );
  });

  it('a governance answer with a setting of the wrong type is refused, naming it', async () => {
    h = harness();
    h.reply('GET', '/api/v1/organizations/org-1/governance', 200, { ...GOV, allow_self_approval: 'no' });
    expect((await rejection(orgs.governance(h.client, 'org-1'))).message).toBe(
      "the server's answer to GET /api/v1/organizations/org-1/governance is not what the API promises: /allow_self_approval: expected boolean",
    );
  });
});

describe('environments', () => {
  it('lists them; a server without the list (404) says so', async () => {
    h = harness();
    const listed = [
      { name: 'production', secrets: 3 },
      { name: null, secrets: 1 },
    ];
    h.reply('GET', '/api/v1/environments', 200, { environments: listed });
    h.reply('GET', '/api/v1/environments', 404, { detail: 'Not Found' });
    expect(await environments.list(h.client)).toEqual(listed);
    expect(await rejection(environments.list(h.client))).toMatchObject({
      message: 'this server does not list environments',
      status: 404,
    });
  });
});
