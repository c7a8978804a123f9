import * as audit from '../../lib/api/audit.js';
import type { ApiClient } from '../../lib/api/types.js';
import { pushAll } from '../../lib/arrays.js';
import type { Context } from '../../lib/context.js';
import { note } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { CliError } from '../../lib/errors.js';
import type { ExportFilters } from '../../lib/export/checkpoint.js';
import { describeRange, rangeText, type TimeRange } from '../../lib/time-range.js';
import { type FilterOptions, resolveFilters, resolveWorkflowId } from './filters.js';
import { followEvents, type Position } from './follow.js';
import { MAX_PAGE } from './limits.js';
import { EventPrinter, followPrinter, type LogsFormat } from './render.js';

export interface LogsOptions extends FilterOptions {
  /** At most this many events; 0 = all. */
  limit: number;
  format: LogsFormat;
  follow?: boolean | undefined;
}

/**
 * Fetch up to `limit` events (0 = all) in `order`, handing each page to `onPage`; resolves with
 * whether the limit cut the result (more events match than were fetched).
 */
async function fetchEvents(
  client: ApiClient,
  filters: ExportFilters,
  order: audit.Order,
  limit: number,
  pageSize: number | undefined,
  onPage: (events: audit.AuditEvent[]) => Promise<void>,
): Promise<{ count: number; cut: boolean }> {
  let left = limit === 0 ? Number.POSITIVE_INFINITY : limit;
  let count = 0;
  const size = pageSize ?? (limit === 0 ? MAX_PAGE : Math.min(limit, MAX_PAGE));
  for await (const page of audit.eventPages(client, filters, { order, pageSize: size })) {
    const items = page.items.slice(0, left);
    left -= items.length;
    count += items.length;
    if (items.length) await onPage(items);
    if (left <= 0) return { count, cut: items.length < page.items.length || page.nextCursor !== null };
  }
  return { count, cut: false };
}

/**
 * What the person at the terminal is told after the table: that nothing matched (in which range),
 * or that --limit cut the list. Only with the table, on a terminal: a script reads stdout.
 */
function afterTable(ctx: Context, opts: LogsOptions, range: TimeRange, got: { count: number; cut: boolean }) {
  if (opts.format !== 'table' || !ctx.io.stderrIsTTY) return;
  if (got.count === 0) {
    const filtered = opts.workflow || opts.user || opts.status || (opts.eventType ?? []).length > 0;
    const within = range.since || range.until ? ` in ${rangeText(range)}` : '';
    note(ctx.io, `No events${filtered ? ' matching the filters' : ''}${within}`);
  } else if (got.cut) {
    note(ctx.io, `Showing the newest ${plural(got.count, 'event')}; there are more: use --limit 0 for all`);
  }
}

/**
 * `audit logs`: the newest events first (default 50), or with --follow the history oldest first and
 * then each new event once, until Ctrl-C (exit 130).
 */
export async function runLogs(opts: LogsOptions, ctx: Context): Promise<void> {
  const now = ctx.clock();
  const resolved = resolveFilters(opts, now, ctx.io);
  const { range } = resolved;
  const { format } = opts;
  const client = await ctx.api();
  const filters = await resolveWorkflowId(client, resolved.filters, ctx.io);
  if (range.since || range.until) note(ctx.io, describeRange(range));
  if (!opts.follow) {
    const printer = new EventPrinter(ctx.io, format, now);
    // Each page is written before the next is asked for: memory stays at a page when stdout is slow,
    // and a stdout that failed stops the listing there.
    const got = await fetchEvents(client, filters, 'desc', opts.limit, opts.pageSize, async (events) => {
      printer.add(events);
      await ctx.io.flushOut();
    });
    printer.end();
    afterTable(ctx, opts, range, got);
    return;
  }
  await follow(opts, ctx, client, filters, range);
}

async function follow(
  opts: LogsOptions,
  ctx: Context,
  client: ApiClient,
  filters: ExportFilters,
  range: TimeRange,
): Promise<never> {
  const controller = new AbortController();
  const undo = ctx.io.onInterrupt(() => controller.abort());
  const printer = followPrinter(ctx.io, opts.format, ctx.clock());
  // Awaited: a stdout that fails (`> /dev/full`) ends the follow at once with its error, instead of
  // polling on until Ctrl-C; a closed pipe (`| head`) is the quiet exit 0 as everywhere.
  const print = async (events: audit.AuditEvent[]) => {
    printer.print(events);
    await ctx.io.flushOut();
  };
  try {
    // The history, oldest first: all of it ascending, or the newest `limit` reversed.
    let last: Position | null = null;
    const keep = async (events: audit.AuditEvent[]) => {
      await print(events);
      last = events[events.length - 1] ?? last;
    };
    let got: { count: number; cut: boolean };
    if (opts.limit === 0) {
      got = await fetchEvents(client, filters, 'asc', 0, opts.pageSize, keep);
    } else {
      const newest: audit.AuditEvent[] = [];
      got = await fetchEvents(client, filters, 'desc', opts.limit, opts.pageSize, async (e) => {
        pushAll(newest, e);
      });
      if (newest.length) await keep(newest.reverse());
    }
    printer.ready();
    if (got.cut) afterTable(ctx, opts, range, got);
    if (ctx.io.stderrIsTTY) note(ctx.io, 'Following new events; Ctrl-C to stop', 'gray');
    await followEvents({
      client,
      filters,
      pageSize: opts.pageSize ?? MAX_PAGE,
      last,
      signal: controller.signal,
      sleep: ctx.sleep,
      print,
      // Announced like the client's retry waits: yellow, no prefix.
      warn: (text) => note(ctx.io, text, 'yellow'),
    });
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  } finally {
    undo();
  }
  // Following ends only on Ctrl-C: exit 130, with nothing more to say than the events printed.
  throw new CliError('interrupted', 'stopped following on Ctrl-C', { silent: true });
}
