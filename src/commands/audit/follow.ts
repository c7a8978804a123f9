import { setTimeout as delay } from 'node:timers/promises';
import * as audit from '../../lib/api/audit.js';
import type { ApiClient } from '../../lib/api/types.js';
import { CliError } from '../../lib/errors.js';
import type { ExportFilters } from '../../lib/export/checkpoint.js';

type AuditEvent = audit.AuditEvent;

/** Waits between polls while nothing new arrives: 1 s, 2 s, then 5 s; back to 1 s on news. */
export const IDLE_WAITS_MS = [1000, 2000, 5000] as const;
/** Wait before trying again when the server stays unreachable after the client's own retries. */
export const OUTAGE_WAIT_MS = 5000;

/** The newest event printed so far: polling continues strictly after it. */
export type Position = Pick<AuditEvent, 'timestamp' | 'id'>;

export interface FollowOptions {
  client: ApiClient;
  filters: ExportFilters;
  pageSize: number;
  /** The newest event already printed (null: nothing yet). */
  last: Position | null;
  signal: AbortSignal;
  /** Resolves once the events were written; a rejection (stdout failed) ends the follow. */
  print: (events: AuditEvent[]) => Promise<void>;
  warn: (line: string) => void;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The server's order: timestamp, then id; both compare as plain text (RFC 3339 with `Z` sorts). */
export function isAfter(e: Position, last: Position): boolean {
  return e.timestamp > last.timestamp || (e.timestamp === last.timestamp && e.id > last.id);
}

/** Failures worth waiting out: the network, rate limiting, or the server's own 5xx. */
function transient(e: unknown): e is CliError {
  return (
    e instanceof CliError &&
    (e.kind === 'network' || e.kind === 'rate_limited' || (e.status !== undefined && e.status >= 500))
  );
}

const sleepFor = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal });

/**
 * Poll for events after `last`, oldest first, until the signal aborts. Each poll asks for
 * `since = last.timestamp` in ascending order and follows the cursor across pages; the few events
 * sharing that timestamp come back and are skipped, so each event is printed exactly once.
 */
export async function followEvents(o: FollowOptions): Promise<void> {
  const sleep = o.sleep ?? sleepFor;
  let last = o.last;
  let idle = 0;
  while (!o.signal.aborted) {
    let wait: number;
    try {
      let fresh = 0;
      const since = last ? last.timestamp : o.filters.since;
      const pages = audit.eventPages(
        o.client,
        { ...o.filters, since },
        {
          order: 'asc',
          pageSize: o.pageSize,
          signal: o.signal,
        },
      );
      for await (const page of pages) {
        const from = last;
        const news = from ? page.items.filter((e) => isAfter(e, from)) : page.items;
        if (news.length === 0) continue;
        await o.print(news);
        last = news[news.length - 1] as AuditEvent;
        fresh += news.length;
      }
      idle = fresh > 0 ? 0 : Math.min(idle + 1, IDLE_WAITS_MS.length - 1);
      wait = IDLE_WAITS_MS[idle] as number;
    } catch (e) {
      if (o.signal.aborted) return;
      if (!transient(e)) throw e;
      // The client already retried with announced waits; a follower keeps going rather than die.
      o.warn(`${e.message}; still following, next try in ${OUTAGE_WAIT_MS / 1000}s`);
      wait = OUTAGE_WAIT_MS;
    }
    try {
      await sleep(wait, o.signal);
    } catch {
      return; // aborted while waiting
    }
  }
}
