import type { RotationMeta, SecretMeta } from '../../lib/api/secrets.js';
import { DAY_MS } from '../ids.js';
import type { StoredSecret } from './backend.js';

// docs/api.md's SecretMeta, derived from what a backend stores and the emulator's clock.

/**
 * The rotation clock starts at the last value write: a rotation is a new value, so setting one
 * restarts the interval. Due once next_rotation_at has passed.
 */
export function rotationView(secret: StoredSecret, now: Date): RotationMeta | null {
  if (!secret.rotation) return null;
  const next = new Date(Date.parse(secret.updatedAt) + secret.rotation.intervalDays * DAY_MS);
  const remainingMs = next.getTime() - now.getTime();
  const days = Math.ceil(remainingMs / DAY_MS);
  return {
    enabled: true,
    interval_days: secret.rotation.intervalDays,
    notify_before_days: secret.rotation.notifyBeforeDays,
    next_rotation_at: next.toISOString(),
    days_remaining: days === 0 ? 0 : days,
    due: remainingMs <= 0,
  };
}

/** A stored secret as the API shows it (lib/api/secrets.ts defines the shape). */
export function secretMeta(secret: StoredSecret, now: Date): SecretMeta {
  return {
    name: secret.name,
    environment: secret.environment,
    version: secret.version,
    created_at: secret.createdAt,
    updated_at: secret.updatedAt,
    updated_by: secret.updatedBy,
    rotation: rotationView(secret, now),
  };
}
