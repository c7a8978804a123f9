// `fibonacci __complete KIND`: values that live on the server, for the completion scripts. TAB must
// never hang or prompt: no input ever, one short request without retries, a hard 1 s limit, a
// short on-disk cache, and on any failure (offline, no key, 403) simply no output.

import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { readFileAtMostSync } from '../../lib/bounded-read.js';
import { DYNAMIC_KINDS, type DynamicKind } from '../../lib/completion/values.js';
import { type Context, createContext } from '../../lib/context.js';
import { line } from '../../lib/display/messages.js';
import { escapeUnprintable } from '../../lib/errors.js';
import { writeFileAtomic } from '../../lib/files.js';
import type { GlobalOptions } from '../../lib/settings.js';
import { xdgDir } from '../../lib/xdg.js';
import type { AnyCommand, CommandDeps } from '../shared.js';
import { QuietIO } from './quiet-io.js';

/** The hard limit for one `__complete` call, the shell's `timeout 1` notwithstanding. */
export const COMPLETE_LIMIT_MS = 900;
/** How long fetched values are reused. */
export const CACHE_TTL_MS = 60_000;

async function fetchValues(kind: DynamicKind, envName: string | undefined, ctx: Context): Promise<string[]> {
  const api = await ctx.api();
  const environment = envName || ctx.settings.defaultEnvironment;
  if (kind === 'secret') {
    const r = await api.get<{ secrets: Array<{ name: string }> }>('/api/v1/secrets', {
      query: { environment },
    });
    return r.secrets.map((s) => s.name);
  }
  if (kind === 'env') {
    const r = await api.get<{ secrets: Array<{ environment: string | null }> }>('/api/v1/secrets');
    const seen = r.secrets.map((s) => s.environment).filter((e): e is string => !!e);
    return [
      ...new Set([...(ctx.settings.defaultEnvironment ? [ctx.settings.defaultEnvironment] : []), ...seen]),
    ];
  }
  if (kind === 'key') {
    const r = await api.get<{ api_keys: Array<{ id: string; revoked_at: string | null }> }>(
      '/api/v1/api-keys',
    );
    return r.api_keys.filter((k) => !k.revoked_at).map((k) => k.id);
  }
  const r = await api.get<Array<{ id: string; name: string }>>('/api/v1/workflows', {
    query: { skip: 0, limit: 100 },
  });
  return r.map((w) => (kind === 'workflow-id' ? w.id : w.name));
}

/** The cache file of one `__complete` question (exported for tests that plant something there). */
export function cachePath(env: NodeJS.ProcessEnv, parts: readonly string[]): string {
  const id = createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
  return join(xdgDir(env, 'cache'), 'fibonacci', 'completion', `${id}.json`);
}

/** A cache entry is a list of names; more than this is not one this CLI wrote. */
const CACHE_MAX_BYTES = 1024 * 1024;

function readCache(path: string, now: number): string[] | undefined {
  try {
    // Synchronous, so a FIFO at the path would block the 900 ms limit's own timer: O_NONBLOCK, and
    // the read stops at CACHE_MAX_BYTES (a link to /dev/zero is an ordinary cache miss).
    const flags = (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
    const text = readFileAtMostSync(path, { limit: CACHE_MAX_BYTES, what: path }, flags).toString('utf8');
    const c = JSON.parse(text) as { at: number; values: string[] };
    if (now - c.at < CACHE_TTL_MS && now >= c.at && Array.isArray(c.values)) return c.values;
  } catch {}
  return undefined;
}

function writeCache(path: string, now: number, values: string[]): void {
  try {
    writeFileAtomic(path, JSON.stringify({ at: now, values }), { dirMode: 0o700 });
  } catch {}
}

/** Print the values of one kind, one a line; prints nothing at all on any failure or after the limit. */
export async function runComplete(
  kind: string,
  opts: { env?: string },
  cmd: AnyCommand,
  deps: CommandDeps,
): Promise<void> {
  if (!(DYNAMIC_KINDS as readonly string[]).includes(kind)) return;
  const env = { ...deps.env, FIBONACCI_NO_INPUT: '1', FIBONACCI_TIMEOUT: '1', FIBONACCI_MAX_RETRIES: '0' };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), COMPLETE_LIMIT_MS);
  });
  const work = (async () => {
    const ctx = createContext(
      new QuietIO(deps.io),
      env,
      cmd.optsWithGlobals() as GlobalOptions,
      deps.overrides,
    );
    try {
      const credential = await ctx.credential();
      if (!credential) return undefined;
      // Names one key may see on one origin are never offered for another key or origin: the
      // entry is keyed by both (the key only as a digest), and by what else shapes the answer.
      const keyId = createHash('sha256').update(credential.key).digest('hex');
      const { origin, baseUrl, defaultEnvironment } = ctx.settings;
      const path = cachePath(env, [origin, baseUrl, keyId, kind, opts.env ?? '', defaultEnvironment ?? '']);
      const now = ctx.clock().getTime();
      const cached = readCache(path, now);
      if (cached) return cached;
      const values = await fetchValues(kind as DynamicKind, opts.env, ctx);
      writeCache(path, now, values);
      return values;
    } finally {
      await ctx.close();
    }
  })().catch(() => undefined);
  const values = await Promise.race([work, limit]);
  clearTimeout(timer);
  // A candidate is a word the shell inserts as typed: one with a character the display layer would
  // escape (or a newline, which would make two candidates) cannot be typed, so it is left out.
  for (const value of values ?? []) {
    if (typeof value === 'string' && value !== '' && escapeUnprintable(value) === value) line(deps.io, value);
  }
}
