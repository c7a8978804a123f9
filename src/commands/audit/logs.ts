import { paginate } from '../../lib/api/paginate.js';
import type { ApiClient } from '../../lib/api/types.js';
import type { Context } from '../../lib/context.js';
import { note } from '../../lib/display/messages.js';
import type { ExportFilters } from '../../lib/export/checkpoint.js';
import type { AuditEvent } from '../../lib/export/writers.js';
import { describeRange } from '../../lib/time-range.js';
import { EVENTS_PATH, type FilterOptions, filterQuery, resolveFilters } from './filters.js';
import { followEvents, type Position } from './follow.js';
import { MAX_PAGE } from './limits.js';
import { EventPrinter, followPrinter, type LogsFormat } from './render.js';

export interface LogsOptions extends FilterOptions {
  /** At most this many events; 0 = all. */
  limit: number;
  json?: boolean | undefined;
  format?: LogsFormat | undefined;
  follow?: boolean | undefined;
}

/** Fetch up to `limit` events (0 = all) in `order`, handing each page to `onPage`. */
async function fetchEvents(
  client: ApiClient,
  filters: ExportFilters,
  order: 'asc' | 'desc',
  limit: number,
  pageSize: number | undefined,
  onPage: (events: AuditEvent[]) => Promise<void>,
): Promise<void> {
  let left = limit === 0 ? Number.POSITIVE_INFINITY : limit;
  const size = pageSize ?? (limit === 0 ? MAX_PAGE : Math.min(limit, MAX_PAGE));
  for await (const page of paginate<AuditEvent>(client, EVENTS_PATH, {
    query: filterQuery(filters, order),
    itemsKey: 'events',
    pageSize: size,
  })) {
    const items = page.items.slice(0, left);
    left -= items.length;
    if (items.length) await onPage(items);
    if (left <= 0) return;
  }
}

/**
 * `audit logs`: the newest events first (default 50), or with --follow the history oldest first and
 * then each new event once, until Ctrl-C (exit 130).
 */
export async function runLogs(opts: LogsOptions, ctx: Context): Promise<number | undefined> {
  const now = ctx.clock();
  const { range, filters } = resolveFilters(opts, now);
  const format: LogsFormat = opts.json ? 'json' : (opts.format ?? 'table');
  const client = await ctx.api();
  if (range.since || range.until) note(ctx.io, describeRange(range));
  if (!opts.follow) {
    const printer = new EventPrinter(ctx.io, format, now);
    // Each page is written before the next is asked for: memory stays at a page when stdout is slow,
    // and a stdout that failed stops the listing there.
    await fetchEvents(client, filters, 'desc', opts.limit, opts.pageSize, async (events) => {
      printer.add(events);
      await ctx.io.flushOut();
    });
    printer.end();
    return undefined;
  }
  return follow(opts, ctx, client, filters, format);
}

async function follow(
  opts: LogsOptions,
  ctx: Context,
  client: ApiClient,
  filters: ExportFilters,
  format: LogsFormat,
): Promise<number> {
  const controller = new AbortController();
  const undo = ctx.io.onInterrupt(() => controller.abort());
  const printer = followPrinter(ctx.io, format, ctx.clock);
  // Awaited: a stdout that fails (`> /dev/full`) ends the follow at once with its error, instead of
  // polling on until Ctrl-C; a closed pipe (`| head`) is the quiet exit 0 as everywhere.
  const print = async (events: AuditEvent[]) => {
    printer.print(events);
    await ctx.io.flushOut();
  };
  try {
    printer.header();
    // The history, oldest first: all of it ascending, or the newest `limit` reversed.
    let last: Position | null = null;
    const keep = async (events: AuditEvent[]) => {
      await print(events);
      last = events[events.length - 1] ?? last;
    };
    if (opts.limit === 0) {
      await fetchEvents(client, filters, 'asc', 0, opts.pageSize, keep);
    } else {
      const newest: AuditEvent[] = [];
      await fetchEvents(client, filters, 'desc', opts.limit, opts.pageSize, async (e) => {
        newest.push(...e);
      });
      if (newest.length) await keep(newest.reverse());
    }
    if (ctx.io.stderrIsTTY) note(ctx.io, 'Following new events; Ctrl-C to stop', 'gray');
    await followEvents({
      client,
      filters,
      pageSize: opts.pageSize ?? MAX_PAGE,
      last,
      signal: controller.signal,
      print,
      // Announced like the client's retry waits: yellow, no prefix.
      warn: (text) => note(ctx.io, text, 'yellow'),
    });
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  } finally {
    undo();
  }
  return 130;
}
