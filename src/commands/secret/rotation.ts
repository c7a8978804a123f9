import * as secrets from '../../lib/api/secrets.js';
import type { Context } from '../../lib/context.js';
import { success } from '../../lib/display/messages.js';
import { parseDays } from '../../lib/duration.js';
import { usageError } from '../../lib/errors.js';
import { checkSecretName, resolveEnvironment, scopeLabel } from './common.js';

export interface RotationOptions {
  env?: string | undefined;
  every?: string | undefined;
  notifyBefore?: string | undefined;
  off?: boolean | undefined;
}

/** The request body, validated before any request: `--every` (and `--notify-before`) or `--off`. */
export function rotationBody(opts: RotationOptions): secrets.RotationRequest {
  if (opts.off) return { enabled: false };
  if (opts.every === undefined) {
    throw usageError(
      'give --every DAYS (e.g. --every 30d) or --off',
      'fibonacci secret rotation NAME --every 30d',
    );
  }
  const interval = parseDays(opts.every, '--every');
  if (opts.notifyBefore === undefined) return { enabled: true, interval_days: interval };
  const notify = parseDays(opts.notifyBefore, '--notify-before', { min: 0 });
  if (notify >= interval) {
    throw usageError(
      `--notify-before (${notify} days) must be shorter than --every (${interval} days)`,
      'e.g. --every 30d --notify-before 7d',
    );
  }
  return { enabled: true, interval_days: interval, notify_before_days: notify };
}

/** `secret rotation NAME --every 30d [--notify-before 7d] | --off`. */
export async function runRotation(name: string, opts: RotationOptions, ctx: Context): Promise<void> {
  checkSecretName(name);
  const environment = resolveEnvironment(opts.env, ctx);
  const body = rotationBody(opts);
  const client = await ctx.api();
  const meta = await secrets.setRotation(client, name, environment, body);
  const scope = scopeLabel(environment);
  const r = meta.rotation;
  if (!r) {
    success(ctx.io, `Rotation of ${name} (${scope}) turned off`);
    return;
  }
  const next = r.due ? 'due now' : `next due in ${r.days_remaining} day${r.days_remaining === 1 ? '' : 's'}`;
  success(
    ctx.io,
    `Rotation of ${name} (${scope}): every ${r.interval_days} days, reminder ${r.notify_before_days} days before; ${next}`,
  );
}
