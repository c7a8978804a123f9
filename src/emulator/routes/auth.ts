import type { FastifyInstance } from 'fastify';
import { type IdentityBody, IdentitySchema } from '../../lib/api/identity.js';
import { principalOf } from '../pipeline.js';
import { type RouteContext, roleName } from '../types.js';

/** Identity routes: who the presented key belongs to and what it may do. */
export function authRoutes(app: FastifyInstance, _ctx: RouteContext): void {
  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        summary: 'The identity behind the presented API key',
        tags: ['auth'],
        response: { 200: IdentitySchema },
      },
    },
    async (request): Promise<IdentityBody> => {
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
