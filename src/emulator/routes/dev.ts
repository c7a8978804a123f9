import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { recordEvent } from '../audit.js';
import { actorOf } from '../pipeline.js';
import type { RouteContext } from '../types.js';

/** What the developer shell answers: it never runs anything on the host. */
export const SHELL_ACKNOWLEDGEMENT = 'recorded; the emulator never executes developer shell commands';

/**
 * Developer routes, registered only with ENABLE_DEVELOPER_ROUTES=true (404 otherwise; production
 * refuses the setting). `POST /api/v1/dev/shell` is superuser-only (policy.ts) and only records
 * DEVELOPER_SHELL_EXECUTED with a hash of the command, never the command itself.
 */
export function devRoutes(app: FastifyInstance, ctx: RouteContext): void {
  if (ctx.settings?.enableDeveloperRoutes !== true) return;
  app.post(
    '/api/v1/dev/shell',
    {
      schema: {
        summary: 'Developer shell (superuser; records the request, executes nothing)',
        tags: ['developer'],
        body: {
          type: 'object',
          properties: { command: { type: 'string', minLength: 1, maxLength: 4096 } },
          required: ['command'],
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              executed: { type: 'boolean' },
              detail: { type: 'string' },
              event_id: { type: 'string' },
            },
            required: ['executed', 'detail', 'event_id'],
          },
        },
      },
    },
    async (request) => {
      const { command } = request.body as { command: string };
      const actor = actorOf(request);
      const event = recordEvent(ctx.store, {
        ...actor,
        event_type: 'DEVELOPER_SHELL_EXECUTED',
        status: 'success',
        action: 'dev.shell',
        metadata: {
          ...actor.metadata,
          command_sha256: createHash('sha256').update(command).digest('hex'),
          command_length: command.length,
          executed: false,
        },
      });
      return { executed: false, detail: SHELL_ACKNOWLEDGEMENT, event_id: event.id };
    },
  );
}
