import type { Context } from '../../lib/context.js';
import { line, note } from '../../lib/display/messages.js';
import { usageError } from '../../lib/errors.js';
import { isValidKeyName, KEY_NAME_RULE } from '../../lib/validate.js';
import { resolveDataDir, withEmulatorData } from './data-dir.js';

export interface AddUserCommandOptions {
  role: 'owner' | 'admin' | 'member' | 'viewer';
  dataDir?: string | undefined;
  superuser?: boolean | undefined;
  name?: string | undefined;
  scope?: string[] | undefined;
  workflows?: string[] | undefined;
  expiresAt?: string | undefined;
}

/**
 * `emulator add-user`: write a user and its key straight into an emulator's database (even while
 * it runs) and print the key alone on stdout.
 */
export async function runAddUser(opts: AddUserCommandOptions, ctx: Context): Promise<void> {
  // The name is the key's name too: the API refuses (422) what this rule refuses.
  if (opts.name !== undefined && !isValidKeyName(opts.name)) {
    throw usageError(`invalid --name "${opts.name}"`, `a key name is ${KEY_NAME_RULE}`);
  }
  let expiresAt: string | null = null;
  if (opts.expiresAt !== undefined) {
    const t = Date.parse(opts.expiresAt);
    if (Number.isNaN(t)) throw usageError(`--expires-at "${opts.expiresAt}" is not an RFC 3339 time`);
    expiresAt = new Date(t).toISOString();
  }
  // The API refuses a pattern outside the grammar with 422; a key written here must obey it too.
  const { isValidWorkflowPattern, WORKFLOW_PATTERN_RULE } = await import('../../emulator/keys/patterns.js');
  const badPattern = opts.workflows?.find((p) => !isValidWorkflowPattern(p));
  if (badPattern !== undefined) {
    throw usageError(`invalid workflow pattern "${badPattern}"`, `a pattern is ${WORKFLOW_PATTERN_RULE}`);
  }
  const dataDir = resolveDataDir(opts.dataDir, ctx.env);
  const { addUser } = await import('../../emulator/bootstrap.js');
  const added = await withEmulatorData(() =>
    addUser(dataDir, {
      role: opts.role,
      superuser: opts.superuser === true,
      name: opts.name,
      scopes: opts.scope,
      workflows: opts.workflows,
      expiresAt,
    }),
  );
  line(ctx.io, added.key);
  if (ctx.io.stderrIsTTY) note(ctx.io, `added ${opts.role} ${added.userId} with key ${added.keyId}`);
}
