import type { Client, Sdk } from './aws-sdk.js';
import type { RotationPolicy, SecretRef, SecretResolution, StoredSecret } from './backend.js';

// How the `aws_secrets_manager` backend lays secrets out in AWS. Each secret is one AWS secret named
// `{AWS_SECRETS_PREFIX}{org_id}/{environment or _shared}/{NAME}` whose SecretString is the plaintext
// value (AWS encrypts it at rest with KMS). Our metadata (version, times, updated_by, rotation) rides
// in the secret's Description as JSON, so a list is one ListSecrets call and never reads a value.

/** Metadata kept in the AWS secret's Description. */
interface Meta {
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  rotation: { interval_days: number; notify_before_days: number } | null;
}

export const SHARED = '_shared';

export const byName = (a: StoredSecret, b: StoredSecret) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The AWS name prefix of one scope (an environment, or the shared scope for null). */
export function scopePrefix(prefix: string, orgId: string, environment: string | null): string {
  return `${prefix}${orgId}/${environment ?? SHARED}/`;
}

/** The secret a Description describes, or null when the emulator did not write it. */
export function toStored(ref: SecretRef, description: string | undefined): StoredSecret | null {
  let m: Meta;
  try {
    m = JSON.parse(description ?? '') as Meta;
  } catch {
    return null; // not written by us: invisible to the API
  }
  if (typeof m?.version !== 'number') return null;
  const rotation: RotationPolicy | null = m.rotation
    ? { intervalDays: m.rotation.interval_days, notifyBeforeDays: m.rotation.notify_before_days }
    : null;
  return {
    ...ref,
    version: m.version,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    updatedBy: m.updated_by,
    rotation,
  };
}

/** The Description that carries a secret's metadata. */
export function describe(s: StoredSecret): string {
  const r = s.rotation;
  const meta: Meta = {
    version: s.version,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    updated_by: s.updatedBy,
    rotation: r ? { interval_days: r.intervalDays, notify_before_days: r.notifyBeforeDays } : null,
  };
  return JSON.stringify(meta);
}

/** Every secret whose AWS name starts with `prefix`, as `rest` (what follows it) and Description. */
export async function listPrefix(
  sdk: Sdk,
  client: Client,
  prefix: string,
): Promise<Array<{ rest: string; description: string | undefined }>> {
  const out: Array<{ rest: string; description: string | undefined }> = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new sdk.ListSecretsCommand({
        Filters: [{ Key: 'name', Values: [prefix] }],
        MaxResults: 100,
        NextToken,
      }),
    );
    for (const s of page.SecretList ?? []) {
      // AWS's name filter is a case-insensitive prefix match: keep exact matches only.
      const rest = s.Name?.startsWith(prefix) ? s.Name.slice(prefix.length) : undefined;
      if (rest) out.push({ rest, description: s.Description });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/** Each name's value, the environment's over the shared scope's; `read` answers undefined when unset. */
export async function resolveValues(
  orgId: string,
  environment: string | null,
  names: readonly string[],
  read: (ref: SecretRef) => Promise<string | undefined>,
): Promise<SecretResolution> {
  const values = new Map<string, string>();
  const missing: string[] = [];
  for (const name of names) {
    let found: string | undefined;
    for (const env of environment === null ? [null] : [environment, null]) {
      found = await read({ orgId, environment: env, name });
      if (found !== undefined) break;
    }
    if (found === undefined) missing.push(name);
    else values.set(name, found);
  }
  return { values, missing };
}
