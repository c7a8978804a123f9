import * as apiKeys from '../../lib/api/api-keys.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { printBlock } from '../../lib/display/block.js';
import { printJson } from '../../lib/display/json.js';
import { line, success, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { formatTime } from '../../lib/display/time.js';
import { CliError } from '../../lib/errors.js';
import { credentialsIn, maskedFinding } from '../../lib/uploaded-text.js';
import { looksLikeApiKey } from '../../lib/validate.js';
import { failOnClosedPipe, mustDeliver, refuseNullStdout } from '../../lib/write-errors.js';
import { PASTED_KEY_HINT } from '../name-args.js';
import { listCell } from './list-keys.js';

type KeyInfo = apiKeys.KeyInfo;

export interface CreateKeyOptions {
  /** Not blank. */
  name: string;
  /** At least one, each a scope the API defines, without repeats. */
  scopes: string[];
  /** Workflow-name patterns in the API's grammar; absent: those of the creating key. */
  workflows?: string[] | undefined;
  /** Whole days, or a key that never expires. */
  expiresIn: number | 'never';
  plain?: boolean | undefined;
  json?: boolean | undefined;
}

/**
 * A key's name is listed by list-keys and written into every audit event of the key: one that holds
 * a credential the gate's rules find (a token pasted into --name) is refused before anything is
 * sent, exit 2, the value masked. No flag overrides it: a name is a label, never a credential.
 */
async function refuseCredentialInName(name: string): Promise<void> {
  const { found } = await credentialsIn('--name', name);
  if (found.length === 0) return;
  throw new CliError('usage', '--name holds a credential: no key was created', {
    details: found.map((f) => `--name ${maskedFinding(f)}`),
    hint: 'a key name says where the key is used, e.g. "ci-cd": it is listed by list-keys and in every audit event of the key',
  });
}

/**
 * A workflow pattern is listed by list-keys and written into the api_key.created event, where a key
 * never appears: one holding an API key is refused before anything is sent, exit 2, unrepeated.
 */
function refuseKeyInPatterns(workflows: readonly string[] | undefined): void {
  const at = (workflows ?? []).findIndex(looksLikeApiKey);
  if (at < 0) return;
  const which = (workflows?.length ?? 0) > 1 ? ` (pattern ${at + 1})` : '';
  throw new CliError(
    'usage',
    `invalid --workflows${which}: it holds an API key, and a key never goes in a pattern (was the key pasted here?): no key was created`,
    { hint: PASTED_KEY_HINT },
  );
}

/** `auth create-key`: the new key is printed once, on stdout; nothing else ever prints it. */
export async function runCreateKey(opts: CreateKeyOptions, ctx: Context): Promise<void> {
  const { scopes, workflows } = opts;
  const expiresInDays = opts.expiresIn === 'never' ? null : opts.expiresIn;
  refuseKeyInPatterns(workflows);
  await refuseCredentialInName(opts.name);
  refuseNullStdout(ctx.io, 'the new key', 'fibonacci auth create-key … --plain');
  const client = await ctx.api();
  const { info, key, expires_at_capped } = await apiKeys.create(client, {
    name: opts.name,
    scopes,
    ...(workflows?.length ? { workflows } : {}),
    expires_in_days: expiresInDays,
  });
  const capped = expires_at_capped === true;
  const created: KeyInfo & { key: string; expires_at_capped?: boolean } = {
    ...info,
    key,
    ...(expires_at_capped === undefined ? {} : { expires_at_capped }),
  };
  failOnClosedPipe(lostKey(created.id, 'its reader closed it (EPIPE)'));
  if (opts.json) printJson(ctx.io, created);
  else if (opts.plain) line(ctx.io, key);
  else printCreated(ctx, created);
  if (capped) {
    // The server cut the lifetime asked for: a key never outlives the key that creates it.
    warn(
      ctx.io,
      t`the new key expires at ${created.expires_at ?? 'its creator’s expiry'}, with the key that created it: a key never outlives its creator`,
    );
  } else if (expiresInDays === null) {
    warn(ctx.io, '--expires-in never: this key will not expire; revoke it when it is no longer needed');
  }
  await delivered(ctx, created.id);
  success(ctx.io, t`Created API key ${created.name} (${created.id})`);
  await warnSharedName(ctx, client, created);
  warn(ctx.io, 'this is the only time the key is shown: store it now, it cannot be shown again');
}

/**
 * A second unrevoked key of one name is allowed, but revoke-key then refuses that name and wants
 * an id: say so now, while the ids are at hand. One GET after the key is out; whatever goes wrong
 * with it (a key that may create but not list, a network error) only leaves the warning unsaid.
 */
async function warnSharedName(ctx: Context, client: ApiClient, created: KeyInfo): Promise<void> {
  let others: KeyInfo[];
  try {
    const keys = await apiKeys.list(client);
    others = keys.filter((k) => k.name === created.name && k.revoked_at === null && k.id !== created.id);
  } catch {
    return;
  }
  if (others.length === 0) return;
  const ids = others
    .map((k) => k.id)
    .concat(created.id)
    .join(', ');
  warn(
    ctx.io,
    t`${others.length + 1} keys are now named ${created.name} (${ids}): revoke-key will need the id`,
  );
}

/**
 * The key exists on the server from the moment the POST succeeded; if stdout then fails (a full
 * disk, `> /dev/full`, a reader that went away), nobody has it and nobody ever will. Say which key
 * that is and how to revoke it, instead of exiting 0.
 */
function delivered(ctx: Context, id: string): Promise<void> {
  return mustDeliver(ctx.io, (reason, cause) => lostKey(id, reason, cause));
}

function lostKey(id: string, reason: string, cause?: unknown): CliError {
  return new CliError(
    'unexpected',
    `key ${id} was created, but it could not be written to standard output: ${reason}`,
    {
      hint: `the key cannot be shown again: revoke it with \`fibonacci auth revoke-key ${id} --yes\` and create another`,
      cause,
    },
  );
}

function printCreated(ctx: Context, k: KeyInfo & { key: string }): void {
  const expires = k.expires_at ? formatTime(ctx.io, k.expires_at, ctx.clock()) : 'never';
  printBlock(ctx.io, [
    ['ID', k.id],
    ['Name', k.name],
    ['Scopes', listCell(k.scopes)],
    ['Workflows', listCell(k.workflows)],
    ['Expires', expires],
    ['Key', k.key],
  ]);
}
