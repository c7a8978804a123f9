import * as identity from '../lib/api/identity.js';
import type { ApiClient } from '../lib/api/types.js';
import { CliError } from '../lib/errors.js';

// A list leaves out what the caller may not see (the access policy's resource rules): an empty
// answer to a viewer is "nothing this key may read", not "nothing". The owner is never refused by
// a resource rule, so an owner's empty list is empty. The role comes from GET /auth/me, asked only
// when the answer is empty and words about it are shown: a list with rows costs no request more
// (newcomer pass 12, NC12-1).

/**
 * Whether the key's list may have left things out: every role but the owner, a key whose identity
 * the server would not give (the careful words are true for any caller), and for workflows a key
 * whose patterns do not match every name (`**`).
 */
export async function listMayBeFiltered(client: ApiClient, kind: 'secrets' | 'workflows'): Promise<boolean> {
  try {
    const me = await identity.me(client);
    return me.role !== 'owner' || (kind === 'workflows' && !me.workflows.includes('**'));
  } catch (e) {
    if (e instanceof CliError) return true;
    throw e;
  }
}
