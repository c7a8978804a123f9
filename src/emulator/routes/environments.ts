import type { FastifyInstance } from 'fastify';
import { type Environment, EnvironmentListSchema } from '../../lib/api/environments.js';
import { isValidEnvironment } from '../../lib/validate.js';
import { readableBy } from '../access/steps.js';
import { principalOf } from '../pipeline.js';
import type { RouteContext } from '../types.js';

// docs/api.md: every named environment that holds a secret, sorted, then the shared scope
// (`name: null`, listed even when empty). The CLI completes `--env` from it and warns about an
// environment that does not exist.

/** The Environments route, over the context's secrets backend. */
export function environmentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/api/v1/environments',
    {
      schema: {
        summary: 'The environments that hold secrets, with how many each, and the shared scope',
        tags: ['secrets'],
        response: { 200: EnvironmentListSchema },
      },
    },
    async (request) => {
      const p = principalOf(request);
      // Counted as `GET /secrets?environment=E` lists: only what the access policy's resource rules
      // let the caller read. An environment whose every secret is hidden is left out, so this never
      // tells more than the listings themselves would.
      const readable = readableBy(ctx, p);
      const counts = new Map<string, number>();
      let shared = 0;
      for (const s of await ctx.secrets.listAll(p.orgId)) {
        if (!readable({ kind: 'secrets', environment: s.environment, name: s.name })) continue;
        if (s.environment === null) shared++;
        else if (isValidEnvironment(s.environment))
          counts.set(s.environment, (counts.get(s.environment) ?? 0) + 1);
      }
      const named: Environment[] = [...counts]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, secrets]) => ({ name, secrets }));
      return { environments: [...named, { name: null, secrets: shared }] };
    },
  );
}
