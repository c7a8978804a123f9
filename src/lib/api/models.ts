/**
 * The JSON shapes of api.md that both sides use: the CLI reads them, the emulator writes them.
 * Types only, so the emulator may share them (style.md: it shares pure helpers from lib).
 */

/** A secret's rotation policy and where it stands (`SecretMeta.rotation`). */
export interface RotationMeta {
  enabled: boolean;
  interval_days: number;
  notify_before_days: number;
  next_rotation_at: string;
  /** Whole days until next_rotation_at, rounded up; 0 or less once due. */
  days_remaining: number;
  due: boolean;
}

/** api.md's SecretMeta: everything about a secret but its value. */
export interface SecretMeta {
  name: string;
  /** null for the shared scope. */
  environment: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  rotation: RotationMeta | null;
}

/** api.md's AuditEvent. */
export interface AuditEvent {
  id: string;
  timestamp: string;
  event_type: string;
  workflow_id: string | null;
  user_id: string | null;
  ip_address: string | null;
  action: string | null;
  status: string;
  duration_ms: number | null;
  metadata: Record<string, unknown>;
}

/** api.md's workflow. */
export interface Workflow {
  id: string;
  name: string;
  description?: string;
  is_active: boolean;
  created_at: string;
}

/** api.md's run. */
export interface Run {
  id: string;
  workflow_id: string;
  status: string;
  started_at: string | null;
  completed_at: string | null;
  duration_seconds: number | null;
  input_data: unknown;
  output_data: unknown;
  error_message: string | null;
}
