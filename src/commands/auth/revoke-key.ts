import * as apiKeys from '../../lib/api/api-keys.js';
import type { ApiClient } from '../../lib/api/types.js';
import { closest } from '../../lib/closest.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { CliError, usageError } from '../../lib/errors.js';
import { mayShowName, shownName } from '../../lib/shown-value.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { type Confirmation, confirmOrYes } from '../shared.js';

export interface RevokeKeyOptions {
  /** The key's id or its name, as typed. */
  key: string;
  yes?: boolean | undefined;
}

/**
 * The one key `ref` names: the key with that id, else the one unrevoked key with that name. Two
 * keys of one name are refused with their ids: revoking the wrong one cuts off whatever uses it.
 */
async function resolveKey(client: ApiClient, ref: string): Promise<apiKeys.KeyInfo> {
  const keys = await apiKeys.list(client);
  const byId = keys.find((k) => k.id === ref);
  if (byId) return byId;
  const named = keys.filter((k) => k.name === ref && k.revoked_at === null);
  const [only] = named;
  if (only && named.length === 1) return only;
  if (named.length > 1) {
    // Ids only: the error printer masks anything key-shaped, prefixes included.
    throw usageError(
      `${named.length} keys are named "${ref}": ${named.map((k) => k.id).join(', ')}`,
      `name the one to revoke by its id, e.g. \`fibonacci auth revoke-key ${named[0]?.id}\``,
    );
  }
  // A near name of a live key (`monitorin`) is named when it may be shown; an id is never guessed.
  const near = closest(
    ref,
    keys.filter((k) => k.revoked_at === null && mayShowName(k.name, 'key')).map((k) => k.name),
  );
  const list = '`fibonacci auth list-keys` shows the ids and names';
  throw new CliError('not_found', `no API key with id or name ${shownName(ref, 'key')}`, {
    hint: near === undefined ? list : `did you mean ${near}? ${list}`,
  });
}

function confirmation(label: string): Confirmation {
  return {
    doing: `revoking ${label}`,
    verb: 'revoke',
    question: `Revoke API key ${label}? Anything using it is refused at once.`,
    cancelled: `${label} was not revoked`,
  };
}

/**
 * `auth revoke-key ID|NAME`: asks on a TTY, naming the key by name and prefix (an id alone says
 * little about what stops working); without a TTY `--yes` is required (exit 10).
 */
export async function runRevokeKey(opts: RevokeKeyOptions, ctx: Context): Promise<void> {
  // No terminal and no --yes: refused before any request, in the words the user typed when they
  // have a name's or an id's shape; a key pasted where the id goes is not repeated.
  if (!opts.yes && !ctx.io.canPrompt())
    await confirmOrYes(ctx, opts.yes, confirmation(shownName(opts.key, 'key')));
  const client = await ctx.api();
  const key = await resolveKey(client, opts.key);
  const label = `${key.name} (${key.id}, ${key.prefix}…)`;
  await confirmOrYes(ctx, opts.yes, { ...confirmation(label), cancelled: `${key.id} was not revoked` });
  await apiKeys.revoke(client, key.id);
  doneBeforeOutput(
    `API key ${label} was revoked`,
    'it is refused from now on: `fibonacci auth list-keys` shows it',
  );
  success(ctx.io, `Revoked API key ${label}`);
}
