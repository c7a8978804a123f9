import { createHash } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '../../lib/api/shapes.js';
import { recordEvent } from '../audit.js';
import { actorOf } from '../pipeline.js';
import type { RouteContext } from '../types.js';

/** What the developer shell answers: it never runs anything on the host. */
export const SHELL_ACKNOWLEDGEMENT = 'recorded; the emulator never executes developer shell commands';

// No command of the CLI calls the shell, so its shapes live here rather than under lib/api/.
const ShellBody = Type.Object(
  { command: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);
const ShellAnswer = Type.Object({ executed: Type.Boolean(), detail: Type.String(), event_id: Type.String() });

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
        body: ShellBody,
        response: { 200: ShellAnswer },
      },
    },
    async (request) => {
      const { command } = request.body as Static<typeof ShellBody>;
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
