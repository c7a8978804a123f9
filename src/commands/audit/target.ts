import type { AuditEvent } from '../../lib/api/audit.js';

/**
 * What an event acted on, in a word or two for the table's TARGET column: the secret and its scope,
 * the key, the member, the workflow. It is read from the metadata servers record for each
 * type (the emulator's routes); a field of another shape (a hostile or newer server) is skipped,
 * never printed as `[object Object]`, and the table escapes whatever is printed.
 */
export function eventTarget(e: AuditEvent): string {
  const m = e.metadata ?? {};
  const text = (key: string): string | undefined => {
    const v = m[key];
    return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
  };
  const qualified = (main: string | undefined, qualifier: string | undefined) =>
    main === undefined ? undefined : qualifier === undefined ? main : `${main} (${qualifier})`;
  switch (e.event_type) {
    case 'secret.set':
    case 'secret.deleted':
    case 'secret.rotation_changed':
      // A null environment is the shared scope, as `secret list` calls it.
      return qualified(text('name'), text('environment') ?? 'shared') ?? fallback(e);
    case 'api_key.created':
      return qualified(text('created_key_id'), text('name')) ?? fallback(e);
    case 'api_key.revoked':
      return qualified(text('revoked_key_id'), text('name')) ?? fallback(e);
    case 'member.role_changed': {
      const from = text('old_role');
      const to = text('new_role');
      return qualified(text('target_user_id'), from && to ? `${from} → ${to}` : undefined) ?? fallback(e);
    }
    case 'access.policy_changed':
      return text('new_version') ? `policy v${text('new_version')}` : 'policy';
    case 'quota.exceeded':
      return text('quota') ?? 'quota';
    case 'quota.override_set':
    case 'quota.override_rejected':
      return listed(m.set ?? m.fields) ?? 'quota';
    case 'governance.settings_changed':
      return listed(m.changed) ?? 'governance';
    case 'auth.failed': {
      const path = text('path');
      return path ? [text('method'), path].filter(Boolean).join(' ') : fallback(e);
    }
    case 'access.denied':
    case 'network.blocked':
      // The workflow refused, else the request refused (its method and route).
      return e.workflow_id || e.action || '-';
    default:
      return fallback(e);
  }
}

/** The workflow the event names, else `-`. */
function fallback(e: AuditEvent): string {
  return e.workflow_id || '-';
}

/** The strings of an array, comma-separated; undefined when there are none. */
function listed(v: unknown): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const words = v.filter((x): x is string => typeof x === 'string' && x !== '');
  return words.length > 0 ? words.join(',') : undefined;
}
