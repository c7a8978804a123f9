import type { Context } from '../../lib/context.js';
import { usageError } from '../../lib/errors.js';
import {
  ENVIRONMENT_RULE,
  isValidEnvironment,
  isValidSecretName,
  SECRET_NAME_RULE,
} from '../../lib/validate.js';
import { notFound, rephrase } from '../rephrase.js';

export type { RotationMeta, SecretMeta } from '../../lib/api/models.js';

// What every `secret` verb shares: the scope (environment) rule, name checks, paths and api.md's
// SecretMeta. Names and environments are checked here, before any request.

/** Throw a usage error quoting the rule unless `name` is a valid secret name. */
export function checkSecretName(name: string): string {
  if (!isValidSecretName(name)) throw usageError(`invalid secret name "${name}": ${SECRET_NAME_RULE}`);
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
    throw usageError(`invalid environment "${env}"${source}: ${ENVIRONMENT_RULE}`);
  }
  return env;
}

/** How a scope reads in messages and tables: the environment's name, or `shared`. */
export function scopeLabel(environment: string | null): string {
  return environment ?? 'shared';
}

/** `/api/v1/secrets/NAME` (+ a suffix such as `/rotation`). */
export function secretPath(name: string, suffix = ''): string {
  return `/api/v1/secrets/${encodeURIComponent(name)}${suffix}`;
}

/** The `environment` query parameter of a scope (absent for the shared scope). */
export function scopeQuery(environment: string | null): Record<string, string> {
  return environment === null ? {} : { environment };
}

/** Turn the client's generic 404 into "no such secret NAME in ENV" (exit 1); rethrow anything else. */
export function rephraseNotFound(e: unknown, name: string, environment: string | null): never {
  rephrase(e, notFound, 'unexpected', `no such secret ${name} in ${scopeLabel(environment)}`, {
    hint: `\`fibonacci secret list${environment === null ? '' : ` --env ${environment}`}\` shows the secrets there`,
    status: 404,
  });
}
