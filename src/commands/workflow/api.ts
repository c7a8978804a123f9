import type { Workflow } from '../../lib/api/models.js';
import type { ApiClient } from '../../lib/api/types.js';
import { CliError, usageError } from '../../lib/errors.js';

export type { Run, Workflow } from '../../lib/api/models.js';

const PAGE = 100;

/** Every workflow the key may see, page by page (`skip`/`limit`; the API returns bare arrays). */
export async function listAllWorkflows(client: ApiClient): Promise<Workflow[]> {
  const all: Workflow[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await client.get<unknown>('/api/v1/workflows', { query: { skip, limit: PAGE } });
    if (!Array.isArray(page)) {
      throw new CliError('unexpected', "the server's response to /api/v1/workflows is not a list");
    }
    all.push(...(page as Workflow[]));
    if (page.length < PAGE) return all;
  }
}

/** Parse a flag's JSON text into an object; a usage error quoting the flag otherwise. */
export function parseJsonObject(text: string, flag: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw usageError(`${flag} is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw usageError(`${flag} must be a JSON object ({…})`);
  }
  return value as Record<string, unknown>;
}
