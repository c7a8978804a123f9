import type { Context } from '../../lib/context.js';
import { usageError } from '../../lib/errors.js';
import { meantSecretName, shownName } from '../../lib/shown-value.js';
import {
  ENVIRONMENT_RULE,
  isValidEnvironment,
  isValidSecretName,
  RESERVED_ENVIRONMENT,
  SECRET_NAME_RULE,
  SHARED_SCOPE_NAME,
} from '../../lib/validate.js';

export type { RotationMeta, SecretMeta } from '../../lib/api/secrets.js';
export { scopeLabel } from '../../lib/api/secrets.js';

// What every `secret` verb shares: the scope (environment) rule and name checks, before any
// request. The requests themselves, and their 404 wording, are lib/api/secrets.ts's.

/** Throw a usage error quoting the rule unless `name` is a valid secret name. */
export function checkSecretName(name: string): string {
  if (!isValidSecretName(name)) {
    const meant = meantSecretName(name);
    const shown = meant.shown === undefined ? shownName(name, 'secret') : `"${meant.shown}"`;
    throw usageError(`invalid secret name ${shown}: ${SECRET_NAME_RULE}`, meant.hint);
  }
  return name;
}

/**
 * The scope a command works in: `--env` (already checked by its argument parser), else config.json's
 * default_environment (checked here, before any request), else the shared scope (null).
 */
export function resolveEnvironment(flag: string | undefined, ctx: Context): string | null {
  const env = flag ?? ctx.settings.defaultEnvironment;
  if (env === undefined) return null;
  if (!isValidEnvironment(env)) {
    const source = flag === undefined ? ' (default_environment in config.json)' : '';
    const why = env === SHARED_SCOPE_NAME ? RESERVED_ENVIRONMENT : ENVIRONMENT_RULE;
    throw usageError(`invalid environment ${shownName(env, 'environment')}${source}: ${why}`);
  }
  return env;
}
