import * as environments from '../../lib/api/environments.js';
import * as secrets from '../../lib/api/secrets.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { printJson } from '../../lib/display/json.js';
import { hint, note, warn } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { type Column, printRows } from '../../lib/display/table.js';
import { formatTime } from '../../lib/display/time.js';
import type { Style } from '../../lib/io.js';
import { listMayBeFiltered } from '../may-be-hidden.js';
import { knownEnvironments, notCheckedNote, unknownEnvironmentWarning } from '../unknown-environment.js';
import { resolveEnvironment, type SecretMeta, scopeLabel } from './common.js';

export interface ListOptions {
  env?: string | undefined;
  /** Every scope: the shared one and each environment the server lists (never with `env`). */
  all?: boolean | undefined;
  json?: boolean | undefined;
}

/** The ROTATION cell: `in 12 days`, `DUE`, or `-` without a policy. */
export function rotationText(meta: SecretMeta): string {
  const r = meta.rotation;
  if (!r) return '-';
  if (r.due) return 'DUE';
  return `in ${plural(r.days_remaining, 'day')}`;
}

function rotationStyle(meta: SecretMeta): Style | undefined {
  const r = meta.rotation;
  if (r?.due) return 'red';
  if (r && r.days_remaining <= r.notify_before_days) return 'yellow';
  return undefined;
}

/** The stable `--json` shape: SecretMeta plus top-level days_remaining and due for easy filtering. */
function jsonRow(meta: SecretMeta) {
  return {
    name: meta.name,
    environment: meta.environment,
    version: meta.version,
    created_at: meta.created_at,
    updated_at: meta.updated_at,
    updated_by: meta.updated_by,
    rotation: meta.rotation,
    days_remaining: meta.rotation ? meta.rotation.days_remaining : null,
    due: meta.rotation?.due === true,
  };
}

/** Every scope's secrets: the shared scope's first, then each environment's, as the server lists them. */
async function listAll(client: ApiClient): Promise<SecretMeta[]> {
  const scopes = (await environments.list(client)).map((e) => e.name);
  const ordered = [null, ...scopes.filter((name) => name !== null)];
  const lists = [];
  for (const environment of ordered) lists.push(await secrets.list(client, environment));
  return lists.flat();
}

/**
 * An empty named environment may be a typo: say so, with the environments that do hold secrets.
 * Asked only when the listing came back empty, since an environment exists exactly when it holds
 * a secret. `filtered`: the key's lists may leave out what it may not read (not the owner), so the
 * words claim only what this key may see.
 */
async function warnIfUnknown(
  client: ApiClient,
  environment: string,
  ctx: Context,
  filtered: boolean,
): Promise<void> {
  const known = await knownEnvironments(client);
  // The key may list secrets, so it may list environments: a listing that failed is the server's.
  if (known === undefined) return notCheckedNote(ctx.io, environment, true);
  if (!known.includes(environment)) warn(ctx.io, unknownEnvironmentWarning(environment, known, filtered));
}

function emptyNote(opts: ListOptions, environment: string | null, filtered: boolean): string {
  const none = filtered ? 'No secrets this key may read' : 'No secrets';
  if (opts.all) return `${none} in any scope`;
  // Without --env, the shared scope alone was listed: the environments may hold what was meant.
  if (environment === null)
    return `${none} in shared (\`fibonacci secret list --all\` lists every environment)`;
  return `${none} in ${environment}`;
}

/** For a key whose list may leave things out: the command that says why a secret is not shown. */
function whyHint(environment: string | null, all: boolean | undefined): string {
  const scope = all ? 'ENV' : (environment ?? 'shared');
  return `\`fibonacci access check read secrets/${scope}/NAME\` says why a secret is not listed`;
}

/** `secret list`: names and metadata of one scope (or, with --all, of every scope), never values. */
export async function runList(opts: ListOptions, ctx: Context): Promise<void> {
  const environment = opts.all ? null : resolveEnvironment(opts.env, ctx);
  const client = await ctx.api();
  const list = opts.all ? await listAll(client) : await secrets.list(client, environment);
  // Words about an empty answer (a warning, or a note at a terminal) need the role: asked then only.
  const saying = list.length === 0 && (environment !== null || (!opts.json && ctx.io.stderrIsTTY));
  const filtered = saying && (await listMayBeFiltered(client, 'secrets'));
  if (list.length === 0 && environment !== null) await warnIfUnknown(client, environment, ctx, filtered);
  if (opts.json) {
    printJson(ctx.io, list.map(jsonRow));
    return;
  }
  if (list.length === 0) {
    if (!ctx.io.stderrIsTTY) return;
    note(ctx.io, emptyNote(opts, environment, filtered));
    if (filtered) hint(ctx.io, whyHint(environment, opts.all));
    return;
  }
  const now = ctx.clock();
  const columns: Column<SecretMeta>[] = [
    { header: 'name', value: (s) => s.name },
    { header: 'environment', value: (s) => scopeLabel(s.environment) },
    // Left out on a narrow terminal, least needed first; name, scope and rotation stay whole.
    { header: 'version', value: (s) => String(s.version), drop: 1 },
    { header: 'updated', value: (s) => formatTime(ctx.io, s.updated_at, now), drop: 2 },
    { header: 'updated by', value: (s) => s.updated_by ?? '-', shrink: true, drop: 3 },
    { header: 'rotation', value: rotationText, style: rotationStyle },
  ];
  printRows(ctx.io, columns, list);
}
