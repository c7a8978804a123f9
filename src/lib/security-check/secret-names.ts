import * as environments from '../api/environments.js';
import * as secrets from '../api/secrets.js';
import type { ApiClient } from '../api/types.js';

// The one online check's only questions to the API: which secret names exist in an environment and
// in the shared scope, and whether the environment exists at all (a typo'd --env would otherwise
// report every reference as missing, or none). Names and metadata come back, never values.

export interface KnownSecrets {
  names: Set<string>;
  /** The environments that hold a secret, when `environment` is not one of them; else undefined. */
  unknownAmong: string[] | undefined;
}

/** The names of the secrets of `environment` and of the shared scope (a run may use either). */
export async function secretNames(client: ApiClient, environment: string): Promise<KnownSecrets> {
  // One after the other, not side by side: with the API down, two retry series interleaved their
  // "attempt 2 of 4" lines, and the second request waited out its retries for the same failure.
  const scoped = await secrets.list(client, environment);
  const shared = await secrets.list(client, null);
  const names = new Set([...scoped, ...shared].map((s) => s.name));
  if (scoped.length > 0) return { names, unknownAmong: undefined };
  // An environment exists once a secret is set in it: an empty one may be a typo.
  const known = (await environments.list(client).catch(() => [])).flatMap((e) =>
    e.name === null ? [] : [e.name],
  );
  return { names, unknownAmong: known.includes(environment) ? undefined : known };
}
