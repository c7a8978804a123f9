import type { ApiClient } from '../api/types.js';

// The one online check's only question to the API: which secret names exist in an environment and
// in the shared scope. Names and metadata come back, never values (the list endpoint, docs/api.md).

interface SecretList {
  secrets: Array<{ name: string }>;
}

/** The names of the secrets of `environment` and of the shared scope (a run may use either). */
export async function secretNames(client: ApiClient, environment: string): Promise<Set<string>> {
  const [scoped, shared] = await Promise.all([
    client.get<SecretList>('/api/v1/secrets', { query: { environment } }),
    client.get<SecretList>('/api/v1/secrets'),
  ]);
  return new Set([...scoped.secrets, ...shared.secrets].map((s) => s.name));
}
