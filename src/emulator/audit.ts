import type { AuditEvent } from '../lib/api/audit.js';
import {
  AUDIT_EVENT_TYPES,
  type AuditEventType,
  CHANGE_EVENT_TYPES,
  STANDALONE_EVENT_TYPES,
} from '../lib/audit-event-types.js';
import { randomId } from './ids.js';
import type { Store } from './store.js';

export type { AuditEvent } from '../lib/api/audit.js';

/** The event types a server records (the lists live in lib/, shared with the CLI). */
export { AUDIT_EVENT_TYPES, type AuditEventType, CHANGE_EVENT_TYPES, STANDALONE_EVENT_TYPES };

export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];
export type StandaloneEventType = (typeof STANDALONE_EVENT_TYPES)[number];
export type AuditStatus = 'success' | 'failure' | 'denied';

/**
 * What a caller records. Never pass a key, a secret value or a request body: metadata holds ids,
 * names, hashes and reasons only.
 */
export interface AuditEventInput<T extends AuditEventType = AuditEventType> {
  event_type: T;
  status: AuditStatus;
  /** The organization the event belongs to; null when unknown (e.g. an unknown key). */
  org_id?: string | null;
  user_id?: string | null;
  workflow_id?: string | null;
  ip_address?: string | null;
  action?: string | null;
  duration_ms?: number | null;
  metadata?: Record<string, unknown>;
}

/** The event of a state change (see CHANGE_EVENT_TYPES). */
export type ChangeEventInput = AuditEventInput<ChangeEventType>;
/** An event that stands alone (see STANDALONE_EVENT_TYPES). */
export type StandaloneEventInput = AuditEventInput<StandaloneEventType>;

/**
 * The audit event of a change, built from what the change did: the functions that change state take
 * one and record it inside their own `store.mutate`, so a caller cannot change state without naming
 * the event that says so.
 */
export type AuditOf<R> = (outcome: R) => ChangeEventInput;

/** An event as it will be stored: the API's shape plus the organization it belongs to. */
export interface PreparedEvent {
  event: AuditEvent;
  orgId: string | null;
}

/** Give an event its id and timestamp (the store's clock); nothing is written yet. */
export function prepareEvent(store: Pick<Store, 'nowIso'>, input: AuditEventInput): PreparedEvent {
  return {
    orgId: input.org_id ?? null,
    event: {
      id: randomId('evt_', 12),
      timestamp: store.nowIso(),
      event_type: input.event_type,
      workflow_id: input.workflow_id ?? null,
      user_id: input.user_id ?? null,
      ip_address: input.ip_address ?? null,
      action: input.action ?? null,
      status: input.status,
      duration_ms: input.duration_ms == null ? null : Math.round(input.duration_ms),
      metadata: input.metadata ?? {},
    },
  };
}

/** Insert prepared events; the caller owns the transaction (store.ts). */
export function insertEvents(store: Pick<Store, 'prepare'>, events: readonly PreparedEvent[]): void {
  const insert = store.prepare(
    `INSERT INTO audit_events (id, org_id, timestamp, event_type, workflow_id, user_id, ip_address, action,
       status, duration_ms, metadata)
     VALUES (@id, @org_id, @timestamp, @event_type, @workflow_id, @user_id, @ip_address, @action,
       @status, @duration_ms, @metadata)`,
  );
  for (const { event, orgId } of events) {
    insert.run({ ...event, org_id: orgId, metadata: JSON.stringify(event.metadata) });
  }
}

/**
 * Record an event that changed nothing and is the answer (the developer shell's); returns it as the
 * API shows it; a full disk throws (507). A change's own event goes through `store.mutate` instead:
 * the types keep the two apart.
 */
export function recordEvent(store: Store, input: StandaloneEventInput): AuditEvent {
  return store.record(input);
}

/**
 * Record the event of a refusal (auth.failed, access.denied, network.blocked, quota.exceeded, a
 * rejected change). Best effort on a full disk: the event is lost (the emulator logs it) and the
 * refusal keeps its own status; a 401 must not become a 507.
 */
export function recordRefusal(store: Store, input: StandaloneEventInput): void {
  store.record(input, { refusal: true });
}
