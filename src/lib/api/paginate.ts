/**
 * Keyset pagination (api.md: `limit` + `cursor` in, `next_cursor` out) as an async generator that
 * yields one page at a time, so a consumer that writes as it reads keeps memory flat however long
 * the list is.
 */
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

/** Yield the pages of `path` in order until `next_cursor` is null. */
export async function* paginate<T>(
  client: ApiClient,
  path: string,
  options: PaginateOptions,
): AsyncGenerator<Page<T>> {
  let cursor: string | null = options.startCursor ?? null;
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
    // A server handing back the same cursor would loop forever; stop loudly instead.
    if (next === cursor) {
      throw new CliError('unexpected', `the server returned the same cursor twice for ${path}`);
    }
    cursor = next;
  }
}
