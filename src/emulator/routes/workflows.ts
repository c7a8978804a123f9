import type { FastifyInstance } from 'fastify';
import { workflowMatcher } from '../../lib/access-policy/workflow-glob.js';
import { ErrorDetail, NonEmptyIdParams } from '../../lib/api/shapes.js';
import {
  CreateWorkflowBody,
  type CreateWorkflowRequest,
  ExecuteBody,
  type ExecuteRequest,
  RunSchema,
  WorkflowListSchema,
  WorkflowPageQuery,
  WorkflowSchema,
} from '../../lib/api/workflows.js';
import { secretNames } from '../../lib/secret-refs.js';
import { READ_ALL, readableBy } from '../access/steps.js';
import { deny } from '../denial.js';
import { ApiError } from '../errors.js';
import { actorOf, principalOf } from '../pipeline.js';
import { checkRunQuota } from '../quota.js';
import { resolvedParam } from '../resolution.js';
import { parseJsonColumn } from '../store.js';
import type { RouteContext } from '../types.js';
import { type BodyValidator, createProblems, inputViolations } from '../workflows/definition.js';
import { executeWorkflow, inputHash } from '../workflows/execute.js';
import { runRef, workflowRef } from '../workflows/resolvers.js';
import { insertWorkflow, listWorkflows, runView, workflowView } from '../workflows/store.js';

/** Workflow routes: create, list (a bare array, as the SDK expects), execute, and get a run. */
export function workflowRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: CreateWorkflowRequest }>(
    '/api/v1/workflows',
    {
      schema: {
        summary: 'Create a workflow',
        tags: ['workflows'],
        body: CreateWorkflowBody,
        response: { 201: WorkflowSchema, 409: ErrorDetail },
      },
      // The body judged whole before the route's schema answers alone: its shape and what a shape
      // cannot say (node ids, edges, input_schema, a name of the id shape) in ONE 422. Where the
      // schema's own answer came: after the key and its role, before its workflow patterns.
      preValidation: async (request) => {
        const shape = request.getValidationFunction('body') as BodyValidator | undefined;
        if (request.body === undefined || !shape) return;
        const problems = await createProblems(request.body, shape);
        if (problems.length > 0) throw new ApiError(422, problems);
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      // Judged whole by preValidation; what is left to refuse depends on what is stored (409).
      const { name, description = '', definition } = request.body;
      const row = ctx.store.mutate(p, (work) => {
        const created = insertWorkflow(ctx.store, {
          orgId: p.orgId,
          name,
          description,
          definition: definition ?? {},
        });
        if (!created) throw new ApiError(409, `a workflow named ${name} already exists`);
        const actor = actorOf(request);
        work.record({
          ...actor,
          event_type: 'workflow.created',
          status: 'success',
          workflow_id: created.name,
          action: 'create',
          metadata: { ...actor.metadata, created_workflow_id: created.id },
        });
        return created;
      });
      reply.code(201);
      return workflowView(row);
    },
  );

  app.get<{ Querystring: { skip: number; limit: number } }>(
    '/api/v1/workflows',
    {
      schema: {
        summary: "List the workflows the key's patterns match, by name",
        tags: ['workflows'],
        querystring: WorkflowPageQuery,
        response: { 200: WorkflowListSchema },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { skip, limit } = request.query;
      // Visibility, not permission: a key sees only the workflows its patterns match, and a role
      // only those the access policy's resource rules let it read.
      const allowed = workflowMatcher(p.workflows);
      const readable = readableBy(ctx, p);
      const visible = listWorkflows(ctx.store, p.orgId).filter(
        (w) => allowed(w.name) && readable({ kind: 'workflows', name: w.name }),
      );
      return visible.slice(skip, skip + limit).map(workflowView);
    },
  );

  app.post<{ Params: { id: string }; Body: ExecuteRequest | undefined }>(
    '/api/v1/workflows/:id/execute',
    {
      schema: {
        summary:
          'Execute a workflow (by id or name) in an environment; the emulator records a completed run, or a failed one when a secret it references is not set',
        tags: ['workflows'],
        params: NonEmptyIdParams,
        body: ExecuteBody,
        response: { 200: RunSchema, 404: ErrorDetail },
      },
      // A bodiless execute means "no input" (the SDK may send none).
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const p = principalOf(request);
      // Resolved and authorised by the pipeline (policy row `params`): never looked up again here.
      const workflow = resolvedParam(request, 'id', workflowRef);
      const input = request.body?.input_data ?? {};
      const environment = request.body?.environment ?? null;
      const definition = parseJsonColumn<unknown>(workflow.definition, {});
      const violations = await inputViolations(workflow, definition, input);
      if (violations.length > 0) {
        throw new ApiError(
          422,
          violations.map((v) => ({ ...v, loc: ['body', 'input_data', ...v.loc] })),
        );
      }
      // A run reads the secrets it references on the caller's behalf: the resource rules that keep
      // them from the caller's `secret list` keep them from the caller's runs too (and the run's
      // "not set" error would otherwise tell which exist). Refused before anything is stored.
      const names = secretNames(definition);
      const readable = readableBy(ctx, p);
      if (readable !== READ_ALL) {
        for (const name of names) {
          for (const scope of environment === null ? [null] : [environment, null]) {
            if (!readable({ kind: 'secrets', environment: scope, name })) {
              deny(
                ctx,
                request,
                `the organization's access policy does not allow this key's role to read secrets/${scope ?? 'shared'}/${name}, which ${workflow.name} references`,
                null,
                workflow.name,
                { step: 'resource', resource: `secrets/${scope ?? 'shared'}/${name}`, action: 'read' },
              );
            }
          }
        }
      }
      // Whether the environment asked for exists, counted as GET /environments counts it (only the
      // secrets the caller may read): an execute-only key cannot list environments, and its
      // `--env prodution` would otherwise run on the shared scope unwarned. Asked before the run is
      // stored, so a store that fails here leaves no run behind an error.
      const found =
        environment === null
          ? undefined
          : (await ctx.secrets.listAll(p.orgId)).some(
              (s) =>
                s.environment === environment && readable({ kind: 'secrets', environment, name: s.name }),
            );
      // Values are read inside the run's transaction (db) or fetched just before it (a remote
      // store); either way they live in memory for this run only.
      const resolve = await ctx.secrets.prepareResolution(p.orgId, environment, names);
      // The quota count, the stored run and its workflow.execute event: one transaction.
      const run = ctx.store.mutate(p, (work) => {
        checkRunQuota(ctx, p.orgId, request); // 429 + quota.exceeded over workflow_runs_per_hour
        const { run, nodesExecuted, durationMs } = executeWorkflow(ctx.store, workflow, {
          input,
          environment,
          secrets: resolve(),
        });
        const actor = actorOf(request);
        work.record({
          ...actor,
          event_type: 'workflow.execute',
          status: run.error_message === null ? 'success' : 'failure',
          // The workflow's name, as access.denied events record it, so one filter finds both.
          workflow_id: workflow.name,
          action: 'execute',
          duration_ms: durationMs,
          metadata: {
            input_hash: inputHash(input),
            nodes_executed: nodesExecuted,
            ...actor.metadata, // api_key_id third, as stored events have always had it
            run_id: run.id,
            environment,
            ...(run.error_message === null ? {} : { error: run.error_message }),
          },
        });
        return run;
      });
      return found === undefined ? runView(run) : { ...runView(run), environment_found: found };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/runs/:id',
    {
      schema: {
        summary: 'A workflow run',
        tags: ['workflows'],
        params: NonEmptyIdParams,
        response: { 200: RunSchema, 404: ErrorDetail },
      },
    },
    async (request) => runView(resolvedParam(request, 'id', runRef)),
  );
}
