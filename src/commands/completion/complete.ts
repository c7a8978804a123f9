// `fibonacci __complete KIND`: values that live on the server, for the completion scripts. TAB must
// never hang or prompt: no input ever, one short request without retries, a hard 1 s limit, a
// short on-disk cache, and on any failure (offline, no key, 403) simply no output.

import { BUILTIN_ROLES, ROLE_NAME } from '../../lib/access-policy/names.js';
import * as accessPolicy from '../../lib/api/access-policy.js';
import * as apiKeys from '../../lib/api/api-keys.js';
import * as environments from '../../lib/api/environments.js';
import * as identity from '../../lib/api/identity.js';
import * as orgs from '../../lib/api/orgs.js';
import { notFound } from '../../lib/api/rephrase.js';
import * as secrets from '../../lib/api/secrets.js';
import * as workflows from '../../lib/api/workflows.js';
import {
  environmentNames,
  namesCachePath,
  readNamesCache,
  trustedCacheDir,
  writeNamesCache,
} from '../../lib/completion/names-cache.js';
import {
  configStamp,
  shellCacheGeneration,
  shellCachePath,
  writeShellCache,
} from '../../lib/completion/shell-cache.js';
import { DYNAMIC_KINDS, type DynamicKind } from '../../lib/completion/values.js';
import { type Context, createContext } from '../../lib/context.js';
import { line } from '../../lib/display/messages.js';
import { CliError } from '../../lib/errors.js';
import {
  isValidEnvironment,
  isValidSecretName,
  isValidWorkflowName,
  RESOURCE_ID,
} from '../../lib/validate.js';
import type { CommandDeps } from '../shared.js';
import { QuietIO } from './quiet-io.js';

/** The hard limit for one `__complete` call, the shell's `timeout 1` notwithstanding. */
export const COMPLETE_LIMIT_MS = 900;

/** The API's rule for each kind of value (lib/validate.ts): what a real name or id can be. */
const CANDIDATE_RULES: Record<DynamicKind, (value: string) => boolean> = {
  secret: isValidSecretName,
  env: isValidEnvironment,
  workflow: isValidWorkflowName,
  'workflow-id': (v) => RESOURCE_ID.test(v),
  key: (v) => RESOURCE_ID.test(v),
  role: (v) => ROLE_NAME.test(v),
  user: (v) => RESOURCE_ID.test(v),
};

async function fetchValues(kind: DynamicKind, envName: string | undefined, ctx: Context): Promise<string[]> {
  const api = await ctx.api();
  const environment = envName || ctx.settings.defaultEnvironment;
  if (kind === 'secret') return (await secrets.list(api, environment || null)).map((s) => s.name);
  if (kind === 'env') {
    // A server without the environments list (the emulator) still completes the default one.
    const listed = await environments.list(api).catch((e: unknown) => {
      if (e instanceof CliError && notFound(e)) return [];
      throw e;
    });
    const seen = listed.flatMap((e) => (e.name ? [e.name] : []));
    return environmentNames(seen, ctx.settings.defaultEnvironment);
  }
  if (kind === 'role' || kind === 'user') {
    const { organization_id: orgId } = await identity.me(api);
    if (kind === 'user') return (await orgs.members(api, orgId)).map((m) => m.user_id);
    // The policy is for admins to read; anyone may still complete the built-in roles.
    const custom = await accessPolicy.accessPolicy(api, orgId).then(
      (p) => p.access_control.roles.map((r) => r.name),
      () => [],
    );
    return [...BUILTIN_ROLES, ...custom];
  }
  if (kind === 'key') return (await apiKeys.list(api)).filter((k) => !k.revoked_at).map((k) => k.id);
  const page = await workflows.page(api, 0, workflows.PAGE_SIZE);
  return page.map((w) => (kind === 'workflow-id' ? w.id : w.name));
}

export interface CompleteOptions {
  /** Any word: one that is not a DynamicKind prints nothing. */
  kind: string;
  /** The environment, for secret names (as typed: a bad one simply completes nothing). */
  env?: string | undefined;
}

/** Print the values of one kind, one a line; prints nothing at all on any failure or after the limit. */
export async function runComplete(opts: CompleteOptions, deps: CommandDeps): Promise<void> {
  const { kind } = opts;
  if (!(DYNAMIC_KINDS as readonly string[]).includes(kind)) return;
  const env = { ...deps.env, FIBONACCI_NO_INPUT: '1', FIBONACCI_TIMEOUT: '1', FIBONACCI_MAX_RETRIES: '0' };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), COMPLETE_LIMIT_MS);
  });
  // Taken before anything is resolved, so a config.json edit or a login meanwhile is noticed.
  const stamp = configStamp(deps.env);
  const generation = shellCacheGeneration(deps.env);
  const work = (async () => {
    const ctx = createContext(new QuietIO(deps.io), env, deps.globals(), deps.overrides);
    try {
      const credential = await ctx.credential();
      if (!credential) return undefined;
      // Names one key may see on one origin are never offered for another key or origin: the
      // entry is keyed by both (the key only as a digest), and by what else shapes the answer.
      const path = namesCachePath(env, ctx.settings, credential.key, kind as DynamicKind, opts.env);
      const now = ctx.clock().getTime();
      let entry = readNamesCache(path, now);
      if (!entry) {
        entry = { at: now, values: await fetchValues(kind as DynamicKind, opts.env, ctx) };
        writeNamesCache(path, now, entry.values);
      }
      return entry;
    } finally {
      await ctx.close();
    }
  })().catch(() => undefined);
  const entry = await Promise.race([work, limit]);
  clearTimeout(timer);
  // A candidate is a word the shell puts on the command line as it is, to be run when the user
  // presses Enter (or, in a careless script, expanded at once): a server can answer anything, so
  // only a word that follows its kind's rule is offered, and none of the rules allows a character
  // a shell gives meaning to ($, `, ;, quotes, spaces, newlines, globs) or one a terminal would.
  const valid = CANDIDATE_RULES[kind as DynamicKind];
  const values = (entry?.values ?? []).filter((v) => typeof v === 'string' && valid(v));
  for (const value of values) line(deps.io, value);
  // Only names that pass the rule reach the shell's file: one a line is unambiguous. The file is
  // found by the environment alone, so not when a flag chose another API or TLS identity (the
  // scripts forward those flags from the line, and read no file while one is there).
  const g = deps.globals();
  const byEnvOnly = [g.apiUrl, g.caCert, g.clientCert, g.clientKey].every((v) => v === undefined);
  if (entry && byEnvOnly && stamp !== undefined && generation !== undefined) {
    const at = entry.at;
    const where = shellCachePath(deps.env, kind, opts.env);
    writeShellCache(deps.env, { path: where, at, stamp, generation, values }, trustedCacheDir);
  }
}
