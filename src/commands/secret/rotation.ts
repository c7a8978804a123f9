import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { plural } from '../../lib/display/plural.js';
import { doneBeforeOutput } from '../../lib/write-errors.js';
import { withWhereItIs } from '../where-it-is.js';
import { resolveEnvironment, scopeLabel } from './common.js';

/** A rotation policy as the flags gave it: off, or every N days (reminder M days before, M < N). */
export type RotationPolicy = { off: true } | { everyDays: number; notifyBeforeDays?: number | undefined };

export interface RotationOptions {
  /** A valid secret name. */
  name: string;
  /** A valid environment; absent: config.json's default, else the shared scope. */
  env?: string | undefined;
  policy: RotationPolicy;
}

/** The request body of a policy (docs/api.md). */
export function rotationBody(policy: RotationPolicy): secrets.RotationRequest {
  if ('off' in policy) return { enabled: false };
  const body = { enabled: true, interval_days: policy.everyDays };
  return policy.notifyBeforeDays === undefined
    ? body
    : { ...body, notify_before_days: policy.notifyBeforeDays };
}

/** `secret rotation NAME --every 30d [--notify-before 7d] | --off`. */
export async function runRotation(opts: RotationOptions, ctx: Context): Promise<void> {
  const { name } = opts;
  const environment = resolveEnvironment(opts.env, ctx);
  const body = rotationBody(opts.policy);
  const client = await ctx.api();
  const meta = await withWhereItIs(client, name, environment, () =>
    secrets.setRotation(client, name, environment, body),
  );
  const scope = scopeLabel(environment);
  const r = meta.rotation;
  doneBeforeOutput(
    `the rotation policy of ${name} (${scope}) was ${r ? 'set' : 'turned off'}`,
    '`fibonacci secret list` shows it',
  );
  if (!r) {
    success(ctx.io, `Rotation of ${name} (${scope}) turned off`);
    return;
  }
  const next = r.due ? 'due now' : `next due in ${plural(r.days_remaining, 'day')}`;
  success(
    ctx.io,
    `Rotation of ${name} (${scope}): every ${plural(r.interval_days, 'day')}, reminder ${plural(r.notify_before_days, 'day')} before; ${next}`,
  );
}
