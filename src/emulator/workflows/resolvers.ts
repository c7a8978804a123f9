import type { FastifyRequest } from 'fastify';
import type { RouteContext } from '../types.js';
import { findRun, findWorkflow } from './store.js';

// The workflow a request touches, for the policy table's `workflow` field (checked against the
// key's patterns after validation, before the handler).

/** `POST /workflows`: the name being created. */
export function workflowFromBody(request: FastifyRequest): string | undefined {
  const name = (request.body as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * `/workflows/{id}/…`: the stored workflow's name. A name that does not exist is still judged (so
 * a key learns nothing about workflows outside its patterns: 403, not 404); an unknown id is left
 * to the handler's 404.
 */
export function workflowFromPath(request: FastifyRequest, ctx: RouteContext): string | null {
  const id = (request.params as { id?: string }).id ?? '';
  const orgId = request.principal?.orgId ?? '';
  const found = findWorkflow(ctx.store, orgId, id);
  if (found) return found.name;
  return id.startsWith('wf_') ? null : id;
}

/** `/runs/{id}`: the name of the run's workflow; an unknown run is the handler's 404. */
export function workflowOfRun(request: FastifyRequest, ctx: RouteContext): string | null {
  const id = (request.params as { id?: string }).id ?? '';
  return findRun(ctx.store, request.principal?.orgId ?? '', id)?.workflow_name ?? null;
}
