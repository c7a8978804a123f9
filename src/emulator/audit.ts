import type { AuditEvent } from '../lib/api/models.js';
import { randomId } from './ids.js';
import type { Store } from './store.js';

export type { AuditEvent } from '../lib/api/models.js';

/** The event types api.md says a server records. */
export const AUDIT_EVENT_TYPES = [
  'workflow.execute',
  'secret.set',
  'secret.deleted',
  'secret.rotation_changed',
  'api_key.created',
  'api_key.revoked',
  'auth.failed',
  'access.denied',
  'quota.override_set',
  'quota.override_rejected',
  'quota.exceeded',
  'governance.settings_changed',
  'member.role_changed',
  'access.policy_changed',
  'network.blocked',
  'DEVELOPER_SHELL_EXECUTED',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
export type AuditStatus = 'success' | 'failure' | 'denied';

/**
 * What a caller records. Never pass a key, a secret value or a request body: metadata holds ids,
 * names, hashes and reasons only.
 */
export interface AuditEventInput {
  event_type: AuditEventType;
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

/** Record one audit event, timestamped by the store's clock; returns it as the API shows it. */
export function recordEvent(store: Store, input: AuditEventInput): AuditEvent {
  const event: AuditEvent = {
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
  };
  store
    .prepare(
      `INSERT INTO audit_events (id, org_id, timestamp, event_type, workflow_id, user_id, ip_address, action,
         status, duration_ms, metadata)
       VALUES (@id, @org_id, @timestamp, @event_type, @workflow_id, @user_id, @ip_address, @action,
         @status, @duration_ms, @metadata)`,
    )
    .run({ ...event, org_id: input.org_id ?? null, metadata: JSON.stringify(event.metadata) });
  return event;
}
