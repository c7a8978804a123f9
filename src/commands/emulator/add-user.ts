import type { Context } from '../../lib/context.js';
import { line } from '../../lib/display/messages.js';
import { CliError, usageError } from '../../lib/errors.js';
import { looksLikeApiKey } from '../../lib/validate.js';
import { failOnClosedPipe, mustDeliver, refuseNullStdout } from '../../lib/write-errors.js';
import { PASTED_KEY_HINT } from '../name-args.js';
import { keyLine, resolveDataDir, withEmulatorData } from './data-dir.js';

export interface AddUserCommandOptions {
  /** A built-in role or a custom role of the emulator's access policy. */
  role: string;
  dataDir?: string | undefined;
  superuser?: boolean | undefined;
  /** A valid key name (the API's rule). */
  name?: string | undefined;
  /** Scopes the API defines; absent: the role's. */
  scope?: string[] | undefined;
  /** Workflow-name patterns in the API's grammar; absent: `**`. */
  workflows?: string[] | undefined;
  expiresAt?: Date | undefined;
  /** Print the key alone, for `$(…)`. */
  plain?: boolean | undefined;
}

/**
 * `emulator add-user`: write a user and its key straight into an emulator's database (even while
 * it runs) and print the key once on stdout, in the first start's owner-key line with the user
 * and key ids (`--plain`: the key alone).
 */
export async function runAddUser(opts: AddUserCommandOptions, ctx: Context): Promise<void> {
  // The name, the scopes and the patterns were checked by the API's own rules at the argv boundary:
  // a key written here must obey what the API would refuse with 422.
  const expiresAt = opts.expiresAt?.toISOString() ?? null;
  // A pattern is listed by list-keys and written into events: a pasted key never goes there.
  if ((opts.workflows ?? []).some(looksLikeApiKey)) {
    throw usageError(
      'invalid --workflows: it holds an API key, and a key never goes in a pattern (was the key pasted here?): nobody was added',
      PASTED_KEY_HINT,
    );
  }
  refuseNullStdout(ctx.io, "the new user's key", 'fibonacci emulator add-user … --plain');
  const dataDir = resolveDataDir(opts.dataDir, ctx.env);
  const { addUser, UnknownRoleError } = await import('../../emulator/bootstrap.js');
  const added = await withEmulatorData(
    () => {
      try {
        return addUser(dataDir, {
          role: opts.role,
          superuser: opts.superuser === true,
          name: opts.name,
          scopes: opts.scope,
          workflows: opts.workflows,
          expiresAt,
        });
      } catch (e) {
        if (!(e instanceof UnknownRoleError)) throw e;
        throw usageError(
          `--role "${e.role}" is neither a built-in role nor one of the access policy's`,
          `roles: ${e.known.join(', ')}`,
        );
      }
    },
    { flag: opts.dataDir, env: ctx.env },
  );
  const who = [`user ${added.userId}`, `key ${added.keyId}`];
  if (opts.superuser === true) who.push('superuser');
  // The key is shown once: lost on the way (a full disk, a reader gone), nobody has it.
  const lost = (reason: string, cause?: unknown) =>
    new CliError(
      'unexpected',
      `user ${added.userId} and key ${added.keyId} were added, but the key could not be written to standard output: ${reason}`,
      {
        hint: `the key cannot be shown again: revoke it with \`fibonacci auth revoke-key ${added.keyId} --yes\` (against the running emulator) and add another`,
        cause,
      },
    );
  failOnClosedPipe(lost('its reader closed it (EPIPE)'));
  line(ctx.io, opts.plain === true ? added.key : keyLine(opts.role, who, added.key));
  await mustDeliver(ctx.io, lost);
}
