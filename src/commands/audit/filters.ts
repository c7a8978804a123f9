import type { ExportFilters } from '../../lib/export/checkpoint.js';
import { apiTime, parseRange, type TimeRange } from '../../lib/time-range.js';

/** The filter flags `audit logs` and `audit export` share. */
export interface FilterOptions {
  since?: string | undefined;
  until?: string | undefined;
  workflow?: string | undefined;
  user?: string | undefined;
  eventType?: string[] | undefined;
  status?: 'success' | 'failure' | 'denied' | undefined;
  pageSize?: number | undefined;
}

/** Filters resolved once, against one instant: the range, and the API's own names for them. */
export interface ResolvedFilters {
  range: TimeRange;
  filters: ExportFilters;
}

/** Resolve the flags (usage errors quote the input); `now` anchors relative times. */
export function resolveFilters(opts: FilterOptions, now: Date): ResolvedFilters {
  const range = parseRange(opts.since, opts.until, now);
  return {
    range,
    filters: {
      since: apiTime(range.since) ?? null,
      until: apiTime(range.until) ?? null,
      workflow_id: opts.workflow ?? null,
      user_id: opts.user ?? null,
      event_type: [...new Set(opts.eventType ?? [])],
      status: opts.status ?? null,
    },
  };
}
