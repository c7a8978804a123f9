import type { FastifyInstance } from 'fastify';
import { principalOf } from '../pipeline.js';
import { type RouteContext, roleName } from '../types.js';
import { nullableTimestamp, scopeMap, timestamp, workflowPatterns } from './schemas.js';

/** api.md's Identity. */
export const identitySchema = {
  type: 'object',
  properties: {
    key_id: { type: 'string' },
    key_name: { type: 'string' },
    user_id: { type: 'string' },
    organization_id: { type: 'string' },
    // Highest first, as the OpenAPI document has always listed them.
    role: {
      type: 'string',
      description: 'owner, admin, member, viewer, or a custom role of the access policy',
    },
    scopes: scopeMap,
    workflows: workflowPatterns,
    created_at: timestamp,
    expires_at: nullableTimestamp,
  },
  required: [
    'key_id',
    'key_name',
    'user_id',
    'organization_id',
    'role',
    'scopes',
    'workflows',
    'created_at',
    'expires_at',
  ],
} as const;

/** Identity routes: who the presented key belongs to and what it may do. */
export function authRoutes(app: FastifyInstance, _ctx: RouteContext): void {
  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        summary: 'The identity behind the presented API key',
        tags: ['auth'],
        response: { 200: identitySchema },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return {
        key_id: p.keyId,
        key_name: p.keyName,
        user_id: p.userId,
        organization_id: p.orgId,
        role: roleName(p),
        scopes: p.scopeMap,
        workflows: p.workflows,
        created_at: p.createdAt,
        expires_at: p.expiresAt,
      };
    },
  );
}
