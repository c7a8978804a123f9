import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { WORKFLOW_NAME } from '../keys/patterns.js';
import type { ParamResolver } from '../resolution.js';
import {
  findRun,
  findWorkflowById,
  findWorkflowByName,
  RUN_ID,
  type RunRow,
  WORKFLOW_ID,
  type WorkflowRow,
} from './store.js';

// What a workflow request touches, for the policy table: the key's workflow patterns are checked
// on the canonical name of what these resolve to, before the handler runs.

/** Text that is a workflow name as it stands: follows the name rule and is not shaped like an id. */
function canonicalName(raw: string): string | undefined {
  return WORKFLOW_NAME.test(raw) && !WORKFLOW_ID.test(raw) ? raw : undefined;
}

/**
 * `/workflows/{id}`: an id (the exact id shape) or else a canonical name, never both and never a
 * normalised guess (`wf_/../staging/x` and `production/../staging/x` name nothing).
 */
export const workflowRef: ParamResolver<WorkflowRow> = {
  kind: 'workflow',
  resolve(raw, principal, ctx) {
    if (WORKFLOW_ID.test(raw)) return findWorkflowById(ctx.store, principal.orgId, raw);
    const name = canonicalName(raw);
    return name === undefined ? undefined : findWorkflowByName(ctx.store, principal.orgId, name);
  },
  guard: { nameOf: (workflow) => workflow.name, nameIn: canonicalName },
  unresolved: () => new ApiError(404, 'Workflow not found'),
};

/** `/runs/{id}`: a run of the caller's organization by its exact id, judged by its workflow's name. */
export const runRef: ParamResolver<RunRow & { workflow_name: string }> = {
  kind: 'run',
  resolve: (raw, principal, ctx) => (RUN_ID.test(raw) ? findRun(ctx.store, principal.orgId, raw) : undefined),
  // A run id is no workflow name: a key restricted by patterns learns nothing from an unknown one.
  guard: { nameOf: (run) => run.workflow_name, nameIn: () => undefined },
  unresolved: () => new ApiError(404, 'Run not found'),
};

/** `POST /workflows`: the name being created (validated against the name rule by then). */
export function workflowFromBody(request: FastifyRequest): string | undefined {
  const name = (request.body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}
