/**
 * Workflows and their runs (docs/api.md): create, list (skip/limit pages of a bare array, as
 * the Python SDK expects), execute. `fibonacci workflow …` calls these; src/emulator/routes/workflows.ts
 * serves the same shapes.
 */
import type { Static } from '@sinclair/typebox';
import { pushAll } from '../arrays.js';
import { CliError } from '../errors.js';
import { shownNameBare } from '../shown-value.js';
import { ENVIRONMENT_NAME, WORKFLOW_NAME, WORKFLOW_NAME_HINT, WORKFLOW_NAME_RULE } from '../validate.js';
import { checked } from './check.js';
import { rethrowForbidden } from './forbidden.js';
import { PageGuard } from './page-guard.js';
import { notFound, rephrase } from './rephrase.js';
import { segment } from './segment.js';
import {
  Dictionary,
  Nullable,
  NullableString,
  NullableTimestamp,
  StringEnum,
  Timestamp,
  Type,
} from './shapes.js';
import type { ApiClient, ApiResponse } from './types.js';

export const WorkflowSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  is_active: Type.Boolean(),
  created_at: Timestamp,
});

export const WorkflowListSchema = Type.Array(WorkflowSchema);

/** One execution of a workflow. */
export const RunSchema = Type.Object({
  id: Type.String(),
  workflow_id: Type.String(),
  status: Type.String({ description: 'e.g. `completed`, `failed`' }),
  environment: Type.Optional(NullableString),
  started_at: NullableTimestamp,
  completed_at: NullableTimestamp,
  duration_seconds: Nullable(Type.Number()),
  input_data: Type.Unknown(),
  output_data: Type.Unknown(),
  error_message: NullableString,
  /**
   * An emulator extension, only in the execute route's answer and only when the body named an
   * environment: whether that environment holds a secret the caller may read (the same count
   * GET /environments makes). The CLI warns from it when false, with no request more; a server
   * that does not send it is asked nothing about it.
   */
  environment_found: Type.Optional(Type.Boolean()),
});

/** What a node does; the emulator runs none of them, it marks them executed. */
export const NODE_TYPES = ['llm', 'tool', 'critic', 'condition'] as const;
/** Nodes and edges a definition may have: far beyond a real workflow, short of a hostile one. */
export const MAX_NODES = 1000;
export const MAX_EDGES = 10_000;

const NodeId = Type.String({ minLength: 1, maxLength: 128 });

/** A node: an id and a type; its other fields (model, prompt, url, headers…) are free. */
export const WorkflowNode = Type.Object(
  { id: NodeId, type: StringEnum(NODE_TYPES) },
  { additionalProperties: true },
);
export const WorkflowEdge = Type.Object({ from: NodeId, to: NodeId }, { additionalProperties: false });

/**
 * A workflow's definition, the shape the Python SDK sends. The emulator checks the shape (this
 * schema, the route's) and what a shape cannot say (node ids unique, edges naming nodes,
 * input_schema a valid draft 2020-12 schema) together: one 422, every problem with its loc.
 */
export const Definition = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    // A union of two types, as anyOf: Ajv's strict mode refuses a `type` array that is not T|null.
    version: Type.Union([Type.Integer(), Type.String()]),
    nodes: Type.Array(WorkflowNode, { maxItems: MAX_NODES }),
    edges: Type.Array(WorkflowEdge, { maxItems: MAX_EDGES }),
    input_schema: Type.Optional(
      Type.Unknown({ description: 'a JSON Schema (draft 2020-12) for input_data' }),
    ),
  },
  { additionalProperties: false },
);

// What the server accepts.
export const CreateWorkflowBody = Type.Object(
  {
    name: Type.String({ pattern: WORKFLOW_NAME.source }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    /** Absent: a workflow with nothing to run yet. */
    definition: Type.Optional(Definition),
  },
  { additionalProperties: false },
);
export const ExecuteBody = Type.Object(
  {
    input_data: Type.Optional(Dictionary(Type.Unknown())),
    /** Where `{{secrets.NAME}}` resolve: this environment, then the shared scope. Absent: shared only. */
    environment: Type.Optional(Type.String({ pattern: ENVIRONMENT_NAME.source })),
  },
  { additionalProperties: false },
);
export const WorkflowPageQuery = Type.Object({
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export type Workflow = Static<typeof WorkflowSchema>;
export type Run = Static<typeof RunSchema>;
export type CreateWorkflowRequest = Static<typeof CreateWorkflowBody>;
export type WorkflowDefinition = Static<typeof Definition>;
export type ExecuteRequest = Static<typeof ExecuteBody>;

const WORKFLOWS = '/api/v1/workflows';
/** Workflows per page when listing them all. */
export const PAGE_SIZE = 100;

/** One page of the workflows the key's patterns match, by name. */
export async function page(client: ApiClient, skip: number, limit: number): Promise<Workflow[]> {
  const res = await client.request('GET', WORKFLOWS, { query: { skip, limit } });
  return checked(WorkflowListSchema, res.data, `GET ${WORKFLOWS}`, res.requestId);
}

/** Pages of workflows a list may take: 100,000 workflows, far past any real organization's. */
export const MAX_WORKFLOW_PAGES = 1000;

/**
 * Every workflow the key may see, page by page until a short page. A server that ignores `skip`
 * (the same page again), repeats a workflow or never ends its pages is stopped (page-guard.ts).
 */
export async function listAll(client: ApiClient): Promise<Workflow[]> {
  const all: Workflow[] = [];
  const guard = new PageGuard(WORKFLOWS, MAX_WORKFLOW_PAGES);
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const got = await page(client, skip, PAGE_SIZE);
    guard.offset(got, (w) => w.id);
    pushAll(all, got);
    if (got.length < PAGE_SIZE) return all;
  }
}

/**
 * A 422 whose every violation lies under `field` (`definition`, `input_data`), in the user's words:
 * one message for the whole, the violations below it as `shown.loc: msg`; anything else as it is.
 */
function refusedField(e: unknown, field: string, shown: string, message: string): never {
  if (
    e instanceof CliError &&
    e.status === 422 &&
    e.details.length > 0 &&
    e.details.every((d) => ['.', ':', '['].some((next) => d.startsWith(`${field}${next}`)))
  ) {
    throw new CliError('usage', message, {
      details: e.details.map((d) => `${shown}${d.slice(field.length)}`),
      status: e.status,
      requestId: e.requestId,
    });
  }
  throw e;
}

/**
 * A 422 on `name` (a server whose rule the CLI's check did not foresee) in the words the CLI's own
 * refusal uses, not the server's regular expression; its other violations as they are.
 */
function namedRule(e: CliError): void {
  if (!e.details.some((d) => d.startsWith('name:'))) return;
  throw new CliError('usage', e.message, {
    details: e.details.map((d) => (d.startsWith('name:') ? `name: ${WORKFLOW_NAME_RULE}` : d)),
    hint: WORKFLOW_NAME_HINT,
    status: e.status,
    requestId: e.requestId,
  });
}

/** What the CLI sends: the definition as the user wrote it (the server judges its shape). */
export type CreateRequest = Omit<CreateWorkflowRequest, 'definition'> & {
  definition?: Record<string, unknown>;
};

/** Create a workflow; 409 when the name is taken, 422 (every problem, by loc) for a bad definition. */
export async function create(client: ApiClient, body: CreateRequest): Promise<Workflow> {
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('POST', WORKFLOWS, { body });
  } catch (e) {
    if (e instanceof CliError && e.status === 422) {
      namedRule(e);
      refusedField(e, 'definition', 'definition', `the definition of ${body.name} is not valid`);
    }
    if (e instanceof CliError && e.kind === 'forbidden')
      rethrowForbidden(e, { action: 'write', resource: `workflows/${body.name}` });
    rephrase(e, (x) => x.status === 409, 'usage', `a workflow named ${body.name} already exists`, {
      // The API has no update or delete: a user iterating on a definition must be told the way on.
      hint: `a workflow cannot be changed or deleted through this API: create the new version under a new name (e.g. ${body.name}-v2); \`fibonacci workflow list\` shows the names taken`,
      status: 409,
    });
  }
  return checked(WorkflowSchema, res.data, `POST ${WORKFLOWS}`, res.requestId);
}

/**
 * Execute a workflow by id or name (`ref`) and return its run (a run that failed too: its status
 * says so); `name` is what the user typed, for the CLI's own 404.
 */
export async function execute(
  client: ApiClient,
  ref: string,
  body: ExecuteRequest,
  name: string,
): Promise<Run> {
  const path = `${WORKFLOWS}/${segment(ref, 'workflow')}/execute`;
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('POST', path, { body });
  } catch (e) {
    if (e instanceof CliError && e.status === 422)
      refusedField(e, 'input_data', 'input', `the input does not match the input_schema of ${name}`);
    // Named as typed: the id a listed name was resolved to is what the server quotes back.
    if (e instanceof CliError && e.kind === 'forbidden')
      rethrowForbidden(e, {
        action: 'execute',
        resource: `workflows/${name}`,
        sent: { as: ref, typed: name },
      });
    rephrase(e, notFound, 'not_found', `no workflow named ${shownNameBare(name, 'workflow')}`, {
      hint: '`fibonacci workflow list` shows the workflows your key may see',
    });
  }
  return checked(RunSchema, res.data, `POST ${path}`, res.requestId);
}
