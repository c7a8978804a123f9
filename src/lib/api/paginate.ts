/**
 * Keyset pagination (docs/api.md: `limit` + `cursor` in, `next_cursor` out) as an async generator that
 * yields one page at a time, so a consumer that writes as it reads keeps memory flat however long
 * the list is.
 */
import { CliError } from '../errors.js';
import { PageGuard } from './page-guard.js';
import type { ApiClient, ApiResponse, QueryValue } from './types.js';

/**
 * A page's items: an array, or a list with a length and Array's at() that `decode` made (the
 * export's events as byte ranges of the body, lib/export/raw-page.ts). A parsed body cannot pass
 * for one: JSON has no functions.
 */
export interface ItemList<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

function isItemList(items: unknown): items is ItemList<unknown> {
  if (Array.isArray(items)) return true;
  const list = items as ItemList<unknown> | null;
  return (
    typeof list === 'object' &&
    list !== null &&
    typeof list.at === 'function' &&
    Number.isSafeInteger(list.length) &&
    list.length >= 0
  );
}

/** One page of a cursor-paginated list. */
export interface Page<T, Items extends ItemList<T> = T[]> {
  items: Items;
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
  /**
   * Ask for the next page before yielding this one, so the server builds it while the consumer
   * works: at once when `peek` reads the page's cursor from the undecoded response, else as soon as
   * the page is decoded. Only for a consumer that reads every page (an export): one that stops
   * early would leave a request it never needed.
   */
  readAhead?: boolean;
  /**
   * What a response says before it is decoded: its `next_cursor` and first item (undefined on an
   * empty page), or undefined when that cannot be told cheaply. Only a guess to send the next
   * request early: the decoded page still decides, and a guess it does not confirm is abandoned.
   */
  peek?: (data: unknown) => Peek | undefined;
}

/** A page's cursor and first item, read ahead of its decode (PaginateOptions.peek). */
export interface Peek {
  nextCursor: string | null;
  first: unknown;
}

/**
 * Yield the pages of `path` in order until `next_cursor` is null. A walk that stops moving forward
 * ends with an error instead of being followed forever (`audit logs --limit 0`, an export, each poll
 * of --follow): page-guard.ts's checks, the same for every paged read.
 */
export async function* paginate<T, Items extends ItemList<T> = T[]>(
  client: ApiClient,
  path: string,
  options: PaginateOptions,
): AsyncGenerator<Page<T, Items>> {
  let cursor: string | null = options.startCursor ?? null;
  const guard = new PageGuard(path);
  guard.start(cursor);
  // A request for the page after the one being decoded, and the abort of the walk's requests.
  let ahead: Ahead | null = null;
  let requests = options.readAhead ? linkedAbort(options.signal) : null;
  const signal = () => requests?.signal ?? options.signal;
  // The same checks a page gets after it is decoded, so a request that goes out early is one the
  // walk would have made: never for a cursor already seen, nor after a page that repeats an item.
  const mayFollow = (next: string | null, first: unknown): next is string =>
    next !== null && !guard.refusesCursor(next) && (first === undefined || !guard.refusesFirst(first));
  try {
    for (;;) {
      const pending: Ahead = ahead?.cursor === cursor ? ahead : send(client, path, options, cursor, signal());
      ahead = null;
      const res = await pending.response;
      const early = options.readAhead ? options.peek?.(res.data) : undefined;
      if (early && mayFollow(early.nextCursor, early.first)) {
        ahead = send(client, path, options, early.nextCursor, signal());
      }
      const data = (options.decode ? options.decode(res.data) : res.data) as
        | Record<string, unknown>
        | undefined;
      options.check?.(data, res.requestId);
      const items = data?.[options.itemsKey];
      const next = data?.next_cursor ?? null;
      if (!isItemList(items) || (next !== null && typeof next !== 'string')) {
        throw new CliError(
          'unexpected',
          `the server's response to ${path} is not a page of "${options.itemsKey}"`,
        );
      }
      // Checked before the page is handed on: a consumer that writes it and saves its cursor (an
      // export's checkpoint) must never hold a cursor the walk refuses, or a resume would follow it.
      guard.keyset(items.at(0), items.at(-1), next, items.length === 0);
      // The decoded cursor is the one followed: a guess that differs from it is dropped unread.
      if (ahead && ahead.cursor !== next) {
        requests?.abort();
        requests = linkedAbort(options.signal);
        ahead = null;
      }
      if (!ahead && options.readAhead && next !== null) {
        ahead = send(client, path, options, next, signal());
      }
      yield { items: items as Items, nextCursor: next, cursor };
      if (next === null) return;
      cursor = next;
    }
  } finally {
    // A page that failed its checks, a consumer that stopped: the request ahead is not needed.
    requests?.abort();
  }
}

/** A request on its way: the cursor it asked with, and its response. */
interface Ahead {
  cursor: string | null;
  response: Promise<ApiResponse<unknown>>;
}

function send(
  client: ApiClient,
  path: string,
  options: PaginateOptions,
  cursor: string | null,
  signal: AbortSignal | undefined,
): Ahead {
  const query: Record<string, QueryValue> = { ...options.query };
  if (options.pageSize !== undefined) query.limit = options.pageSize;
  if (cursor !== null) query.cursor = cursor;
  const response = client.request('GET', path, {
    query,
    ...(signal ? { signal } : {}),
    ...(options.rawBody ? { rawBody: true } : {}),
  });
  // Its failure is taken when it is awaited; an abandoned one is never awaited.
  response.catch(() => {});
  return { cursor, response };
}

/**
 * One abort for all the requests of a walk that reads ahead, following the caller's signal: not
 * an AbortSignal.any() per request, which (like its controller) outlived a scavenge, was promoted
 * and stayed until a full GC: the export's old generation grew with its length (bench/RESULTS.md).
 * Abandoning the request ahead is the one time a request is aborted alone; the walk then takes a
 * new one.
 */
function linkedAbort(outer: AbortSignal | undefined): { signal: AbortSignal; abort(): void } {
  const own = new AbortController();
  const follow = () => own.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  return {
    signal: own.signal,
    abort: () => {
      outer?.removeEventListener('abort', follow);
      own.abort();
    },
  };
}
