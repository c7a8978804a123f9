/**
 * Keyset pagination (api.md: `limit` + `cursor` in, `next_cursor` out) as an async generator that
 * yields one page at a time, so a consumer that writes as it reads keeps memory flat however long
 * the list is.
 */
import { createHash } from 'node:crypto';
import { CliError } from '../errors.js';
import type { ApiClient, QueryValue } from './types.js';

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  /** The cursor for the page after this one; null on the last page. */
  nextCursor: string | null;
  /** The cursor this page was requested with (null for the first); a checkpoint can resume from it. */
  cursor: string | null;
}

/** Options for paginate(). */
export interface PaginateOptions {
  /** Filters sent with every page (limit and cursor are added). */
  query?: Record<string, QueryValue>;
  /** The response field holding the items, e.g. 'events'. */
  itemsKey: string;
  /** Items per page (`limit`); the server's default when omitted. */
  pageSize?: number;
  /** Resume from this cursor instead of the first page. */
  startCursor?: string | null;
  signal?: AbortSignal;
  /** Ask for each body unparsed (RequestOptions.rawBody); `decode` must then turn it into the page object. */
  rawBody?: boolean;
  /** Turn each response's data into the page object (`{ [itemsKey]: [...], next_cursor }`). */
  decode?: (data: unknown) => unknown;
  /** Check each page object against the resource's shape (check.ts); throws when it does not match. */
  check?: (page: unknown, requestId: string | undefined) => void;
}

/** A cursor as remembered: a digest, so a server's long cursors cost 16 bytes each. */
function digest(cursor: string): string {
  return createHash('sha256').update(cursor).digest('base64').slice(0, 22);
}

/**
 * Yield the pages of `path` in order until `next_cursor` is null. A cursor the server already gave
 * in this walk (or the one it started from) ends it with an error: a server answering a → b → a
 * would otherwise be followed forever (`audit logs --limit 0`, an export, each poll of --follow).
 */
export async function* paginate<T>(
  client: ApiClient,
  path: string,
  options: PaginateOptions,
): AsyncGenerator<Page<T>> {
  let cursor: string | null = options.startCursor ?? null;
  const seen = new Set<string>(cursor === null ? [] : [digest(cursor)]);
  for (;;) {
    const query: Record<string, QueryValue> = { ...options.query };
    if (options.pageSize !== undefined) query.limit = options.pageSize;
    if (cursor !== null) query.cursor = cursor;
    const res = await client.request('GET', path, {
      query,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.rawBody ? { rawBody: true } : {}),
    });
    const data = (options.decode ? options.decode(res.data) : res.data) as
      | Record<string, unknown>
      | undefined;
    options.check?.(data, res.requestId);
    const items = data?.[options.itemsKey];
    const next = data?.next_cursor ?? null;
    if (!Array.isArray(items) || (next !== null && typeof next !== 'string')) {
      throw new CliError(
        'unexpected',
        `the server's response to ${path} is not a page of "${options.itemsKey}"`,
      );
    }
    yield { items: items as T[], nextCursor: next, cursor };
    if (next === null) return;
    const mark = digest(next);
    if (seen.has(mark)) {
      throw new CliError('unexpected', `the server returned the same cursor twice for ${path}`, {
        hint: 'its pages lead back to one already read, so they would repeat forever; report it to whoever runs that server',
      });
    }
    seen.add(mark);
    cursor = next;
  }
}
