/**
 * The event types a server records: one list for the emulator (which records them),
 * the CLI's `--event-type` check and its shell completion. Pure, with no imports, so the completion
 * generator and the argv boundary can load it without the API's shapes.
 */
export const AUDIT_EVENT_TYPES = [
  'workflow.created',
  'workflow.execute',
  'secret.set',
  'secret.deleted',
  'secret.rotation_changed',
  'api_key.created',
  'api_key.revoked',
  'quota.override_set',
  'governance.settings_changed',
  'member.role_changed',
  'access.policy_changed',
  'auth.failed',
  'access.denied',
  'network.blocked',
  'quota.override_rejected',
  'quota.exceeded',
  'DEVELOPER_SHELL_EXECUTED',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Whether `text` is one of the known event types (exactly: the server compares them as given). */
export function isKnownEventType(text: string): text is AuditEventType {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(text);
}
