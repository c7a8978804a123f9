import type { RotationMeta, SecretMeta } from '../../lib/api/models.js';
import { DAY_MS } from '../ids.js';
import type { StoredSecret } from './backend.js';

// api.md's SecretMeta, derived from what a backend stores and the emulator's clock.

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

/** A stored secret as the API shows it. */
export type { RotationMeta, SecretMeta };

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

/** JSON schema of SecretMeta, for responses and the OpenAPI document. */
export const secretMetaSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    environment: { type: ['string', 'null'] },
    version: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    updated_by: { type: ['string', 'null'] },
    rotation: {
      type: ['object', 'null'],
      properties: {
        enabled: { type: 'boolean' },
        interval_days: { type: 'integer' },
        notify_before_days: { type: 'integer' },
        next_rotation_at: { type: 'string', format: 'date-time' },
        days_remaining: { type: 'integer' },
        due: { type: 'boolean' },
      },
      required: [
        'enabled',
        'interval_days',
        'notify_before_days',
        'next_rotation_at',
        'days_remaining',
        'due',
      ],
    },
  },
  required: ['name', 'environment', 'version', 'created_at', 'updated_at', 'updated_by', 'rotation'],
} as const;
