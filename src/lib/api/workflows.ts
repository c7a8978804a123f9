/**
 * Workflows and their runs (api.md "Workflows"): create, list (skip/limit pages of a bare array, as
 * the Python SDK expects), execute. `fibonacci workflow …` calls these; src/emulator/routes/workflows.ts
 * serves the same shapes.
 */
import type { Static } from '@sinclair/typebox';
import { WORKFLOW_NAME } from '../validate.js';
import { checked } from './check.js';
import { notFound, rephrase } from './rephrase.js';
import { Dictionary, Nullable, NullableString, NullableTimestamp, Timestamp, Type } from './shapes.js';
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
});

// What the server accepts.
export const CreateWorkflowBody = Type.Object(
  {
    name: Type.String({ pattern: WORKFLOW_NAME.source }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    definition: Type.Optional(Dictionary(Type.Unknown())),
  },
  { additionalProperties: false },
);
export const ExecuteBody = Type.Object(
  { input_data: Type.Optional(Dictionary(Type.Unknown())) },
  { additionalProperties: false },
);
export const WorkflowPageQuery = Type.Object({
  skip: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export type Workflow = Static<typeof WorkflowSchema>;
export type Run = Static<typeof RunSchema>;
export type CreateWorkflowRequest = Static<typeof CreateWorkflowBody>;

const WORKFLOWS = '/api/v1/workflows';
/** Workflows per page when listing them all. */
export const PAGE_SIZE = 100;

/** One page of the workflows the key's patterns match, by name. */
export async function page(client: ApiClient, skip: number, limit: number): Promise<Workflow[]> {
  const res = await client.request('GET', WORKFLOWS, { query: { skip, limit } });
  return checked(WorkflowListSchema, res.data, `GET ${WORKFLOWS}`, res.requestId);
}

/** Every workflow the key may see, page by page until a short page. */
export async function listAll(client: ApiClient): Promise<Workflow[]> {
  const all: Workflow[] = [];
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const got = await page(client, skip, PAGE_SIZE);
    all.push(...got);
    if (got.length < PAGE_SIZE) return all;
  }
}

/**
 * Create a workflow; 409 when the name is taken (said in the CLI's words, whatever the server's
 * detail), 422 for a bad definition.
 */
export async function create(client: ApiClient, body: CreateWorkflowRequest): Promise<Workflow> {
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('POST', WORKFLOWS, { body });
  } catch (e) {
    rephrase(e, (x) => x.status === 409, 'usage', `a workflow named ${body.name} already exists`, {
      hint: 'choose another name; `fibonacci workflow list` shows the names in use',
      status: 409,
    });
  }
  return checked(WorkflowSchema, res.data, `POST ${WORKFLOWS}`, res.requestId);
}

/**
 * Execute a workflow by id or name (`ref`) and return its run; `name` is what the user typed, for
 * the CLI's own 404.
 */
export async function execute(
  client: ApiClient,
  ref: string,
  input: Record<string, unknown>,
  name: string,
): Promise<Run> {
  const path = `${WORKFLOWS}/${encodeURIComponent(ref)}/execute`;
  let res: ApiResponse<unknown>;
  try {
    res = await client.request('POST', path, { body: { input_data: input } });
  } catch (e) {
    rephrase(e, notFound, 'not_found', `no workflow named ${name}`, {
      hint: '`fibonacci workflow list` shows the workflows your key may see',
    });
  }
  return checked(RunSchema, res.data, `POST ${path}`, res.requestId);
}
