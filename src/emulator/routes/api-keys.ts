import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ApiKeyListSchema,
  CreatedKeySchema,
  CreateKeyBody,
  type CreateKeyRequest,
} from '../../lib/api/api-keys.js';
import { ErrorDetail, IdParams } from '../../lib/api/shapes.js';
import { normalizeScopes, scopeSatisfies } from '../../lib/scopes.js';
import { looksLikeApiKey } from '../../lib/validate.js';
import { type ApiKeyRow, apiKeyView, createApiKey, getUser } from '../accounts.js';
import type { ChangeEventInput } from '../audit.js';
import { ApiError } from '../errors.js';
import { parseJsonColumn } from '../json-column.js';
import { childExpiry, revokeWithDescendants } from '../keys/lifetime.js';
import { isValidWorkflowPattern, uncoveredPatterns, WORKFLOW_PATTERN_RULE } from '../keys/patterns.js';
import { actorOf, deny, principalOf } from '../pipeline.js';
import { apiKeyRef, resolvedParam } from '../resolution.js';
import type { Principal, RouteContext } from '../types.js';
import { roleAtLeast } from '../types.js';

/** A key event with the actor's fields; recorded by the caller's `work.record`, with the change. */
function keyEvent(request: FastifyRequest, event: ChangeEventInput): ChangeEventInput {
  const actor = actorOf(request);
  return { ...actor, ...event, metadata: { ...actor.metadata, ...event.metadata } };
}

const KEY_IN_PATTERN =
  'Pattern holds an API key, and a key never goes in a pattern (was the key pasted here?)';

/**
 * A key may only hand out what it holds: every requested scope must be met by its own scopes and
 * every requested workflow pattern covered by one of its own (docs/authorization.md).
 */
function refuseEscalation(
  ctx: RouteContext,
  request: FastifyRequest,
  p: Principal,
  body: CreateKeyRequest,
  workflows: string[],
) {
  const scopes = body.scopes.filter((s) => !scopeSatisfies(p.scopes, s));
  const patterns = uncoveredPatterns(p.workflows, workflows);
  if (scopes.length === 0 && patterns.length === 0) return;
  const detail =
    scopes.length > 0
      ? `cannot create a key with scopes wider than the creating key's: ${scopes.join(', ')}`
      : `cannot create a key with workflow patterns wider than the creating key's: ${patterns.join(', ')}`;
  deny(ctx, request, detail, null, null, { requested_scopes: body.scopes, requested_workflows: workflows });
}

/**
 * The patterns of a key that reach beyond the caller's (empty when the caller's cover them all):
 * "no wider than the caller" holds for listing and revoking keys as for creating them, so a key
 * confined to `production/*` neither sees nor revokes a `**` key, its creator's included.
 */
function beyondReach(p: Principal, row: ApiKeyRow): string[] {
  return uncoveredPatterns(p.workflows, parseJsonColumn<string[]>(row.workflows, []));
}

/** API-key routes: create (the only time a key is shown), list, revoke. */
export function apiKeyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: CreateKeyRequest }>(
    '/api/v1/api-keys',
    {
      schema: {
        summary: 'Create an API key (the response is the only time the key is shown)',
        tags: ['api-keys'],
        body: CreateKeyBody,
        response: { 201: CreatedKeySchema, 403: ErrorDetail },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const body = request.body;
      const workflows = body.workflows ?? p.workflows;
      // A pattern is listed by GET /api-keys and written into the api_key.created event, where a
      // key never appears: one holding a key is refused as a name holding one is, never repeated.
      const bad = workflows.flatMap((w, i) =>
        looksLikeApiKey(w)
          ? [{ loc: ['body', 'workflows', i], msg: KEY_IN_PATTERN, type: 'value_error' }]
          : isValidWorkflowPattern(w)
            ? []
            : [
                {
                  loc: ['body', 'workflows', i],
                  msg: `Pattern should be ${WORKFLOW_PATTERN_RULE}`,
                  type: 'value_error',
                },
              ],
      );
      if (bad.length > 0) throw new ApiError(422, bad);
      refuseEscalation(ctx, request, p, body, workflows);
      // A child never outlives its creator: a longer or absent expiry is capped at the creator's.
      const expiry = childExpiry(ctx.now(), body.expires_in_days, p.expiresAt);
      const { key, row } = ctx.store.mutate(p, (work) => {
        const made = createApiKey(ctx.store, {
          orgId: p.orgId,
          userId: p.userId,
          name: body.name,
          scopes: normalizeScopes(body.scopes),
          workflows: [...new Set(workflows)],
          expiresAt: expiry.expiresAt,
          createdBy: p.userId,
          createdByKey: p.keyId,
        });
        work.record(
          keyEvent(request, {
            event_type: 'api_key.created',
            status: 'success',
            action: 'create',
            metadata: {
              created_key_id: made.row.id,
              name: made.row.name,
              scopes: normalizeScopes(apiKeyView(made.row).scopes),
              workflows: apiKeyView(made.row).workflows,
              expires_at: made.row.expires_at,
              ...(expiry.capped ? { expires_at_capped: true } : {}),
            },
          }),
        );
        return made;
      });
      reply.code(201);
      return { ...apiKeyView(row), key, expires_at_capped: expiry.capped };
    },
  );

  app.get(
    '/api/v1/api-keys',
    {
      schema: {
        summary: "List API keys: the organization's for admins and owners, one's own otherwise",
        tags: ['api-keys'],
        response: { 200: ApiKeyListSchema },
      },
    },
    async (request) => {
      const p = principalOf(request);
      // Visibility, not permission: the policy row already decided the caller may list keys.
      const all = roleAtLeast(p.role, 'admin');
      const rows = ctx.store.db
        .prepare(
          `SELECT * FROM api_keys WHERE org_id = ? ${all ? '' : 'AND user_id = ?'} ORDER BY created_at, rowid`,
        )
        .all(...(all ? [p.orgId] : [p.orgId, p.userId])) as ApiKeyRow[];
      return { api_keys: rows.filter((row) => beyondReach(p, row).length === 0).map(apiKeyView) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/api-keys/:id',
    {
      schema: {
        summary: 'Revoke an API key at once',
        tags: ['api-keys'],
        params: IdParams,
        response: { 403: ErrorDetail, 404: ErrorDetail },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const row = resolvedParam(request, 'id', apiKeyRef); // the caller's organization's, or 404
      // No one revokes upwards: an admin may not cut off an owner (as with creating, no escalation).
      const holder = getUser(ctx.store, row.user_id);
      if (holder && !roleAtLeast(p.role, holder.role)) {
        const detail = `cannot revoke a key of a user whose role (${holder.role}) is above yours (${p.role})`;
        deny(ctx, request, detail, null, null, { revoked_key_id: row.id });
      }
      // The refusal names none of its patterns: they are what the caller may not list.
      if (beyondReach(p, row).length > 0) {
        const detail = "cannot revoke a key whose workflow patterns reach beyond your key's";
        deny(ctx, request, detail, null, null, { revoked_key_id: row.id });
      }
      // Idempotent: revoking a revoked key is 204 again (DELETE is retried), audited once. The keys
      // it created, at any depth, are revoked with it, each with its own event, in one transaction.
      ctx.store.mutate(p, (work) => {
        for (const revoked of revokeWithDescendants(ctx.store, row.id)) {
          work.record(
            keyEvent(request, {
              event_type: 'api_key.revoked',
              status: 'success',
              action: 'revoke',
              metadata: {
                revoked_key_id: revoked.id,
                name: revoked.name,
                ...(revoked.id === row.id ? {} : { cascade_from: row.id }),
              },
            }),
          );
        }
      });
      return reply.code(204).send();
    },
  );
}
