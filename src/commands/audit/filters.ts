import * as identity from '../../lib/api/identity.js';
import type { ApiClient } from '../../lib/api/types.js';
import * as workflows from '../../lib/api/workflows.js';
import { AUDIT_EVENT_TYPES, isKnownEventType } from '../../lib/audit-event-types.js';
import { closest } from '../../lib/closest.js';
import { hint, note, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';
import type { ExportFilters } from '../../lib/export/checkpoint.js';
import type { IO } from '../../lib/io.js';
import { scopeSatisfies } from '../../lib/scopes.js';
import { shownName } from '../../lib/shown-value.js';
import { apiTime, parseRange, type TimeRange } from '../../lib/time-range.js';
import { WORKFLOW_ID } from '../../lib/validate.js';

/** The filter flags `audit logs` and `audit export` share. */
export interface FilterOptions {
  since?: string | undefined;
  until?: string | undefined;
  /** A workflow name, or its id (events record the name: an id is resolved to it). */
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

/**
 * An event type the CLI does not know is sent anyway (a newer server may record it), with a
 * warning: a typo would otherwise match nothing and exit 0 without a word.
 */
function warnUnknownEventTypes(io: IO, types: readonly string[]): void {
  for (const type of types) {
    if (isKnownEventType(type)) continue;
    const near = closest(type, AUDIT_EVENT_TYPES);
    if (near) {
      warn(io, t`unknown event type ${shownName(type, 'event type')}, did you mean ${near}?`);
    } else {
      warn(io, t`unknown event type ${shownName(type, 'event type')}: no event may match it`);
      hint(io, t`the event types are ${AUDIT_EVENT_TYPES.join(', ')}`);
    }
  }
}

/**
 * Resolve the flags (usage errors quote the input; nothing is asked of the server); `now` anchors
 * relative times. A `--workflow` id is resolved afterwards by `resolveWorkflowId`.
 */
export function resolveFilters(opts: FilterOptions, now: Date, io: IO): ResolvedFilters {
  const range = parseRange(opts.since, opts.until, now);
  const eventTypes = [...new Set(opts.eventType ?? [])];
  warnUnknownEventTypes(io, eventTypes);
  return {
    range,
    filters: {
      since: apiTime(range.since) ?? null,
      until: apiTime(range.until) ?? null,
      workflow_id: opts.workflow ?? null,
      user_id: opts.user ?? null,
      event_type: eventTypes,
      status: opts.status ?? null,
    },
  };
}

/**
 * Events record a workflow by name (an event's `workflow_id` is the name), so a `--workflow` id is
 * turned into its name through the workflows list, which is what the key may see. A key that may
 * not list workflows cannot tell: exit 5 asking for the name, never a filter that matches nothing.
 * The scopes are asked first, as `workflow run` does: a refused list leaves an access.denied event.
 */
export async function resolveWorkflowId(
  client: ApiClient,
  filters: ExportFilters,
  io: IO,
): Promise<ExportFilters> {
  const id = filters.workflow_id;
  if (id === null || !WORKFLOW_ID.test(id)) return filters;
  const cannotList = (requestId?: string) =>
    new CliError(
      'forbidden',
      `--workflow ${id} is an id, and this key may not list workflows to find its name`,
      {
        hint: 'pass the workflow’s name instead (--workflow NAME): events record workflows by name',
        requestId,
      },
    );
  const { scopes } = await identity.me(client);
  if (!scopeSatisfies(scopes, 'workflows:read')) throw cannotList();
  let found: workflows.Workflow | undefined;
  try {
    found = (await workflows.listAll(client)).find((w) => w.id === id);
  } catch (e) {
    if (e instanceof CliError && e.kind === 'forbidden') throw cannotList(e.requestId);
    throw e;
  }
  if (!found) {
    throw new CliError('not_found', `no workflow ${id} among the workflows this key may see`, {
      hint: '`fibonacci workflow list` shows them; --workflow takes a name or an id',
    });
  }
  note(io, t`Workflow ${id} is ${found.name}`);
  return { ...filters, workflow_id: found.name };
}
