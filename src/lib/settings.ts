import { join } from 'node:path';
import { closest } from './closest.js';
import { configDir, readConfigFile } from './config-file.js';
import { CliError, usageError } from './errors.js';
import { truthy } from './io.js';
import { apiOrigin, DEFAULT_ORIGIN } from './origin.js';
import { shownName } from './shown-value.js';

export { CONFIG_MAX_BYTES, configDir, readConfigFile } from './config-file.js';

export const DEFAULT_BASE_URL = DEFAULT_ORIGIN;
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_RETRIES = 3;

/** Global options as commander parses them from the root program. */
export interface GlobalOptions {
  apiUrl?: string | undefined;
  caCert?: string | undefined;
  clientCert?: string | undefined;
  clientKey?: string | undefined;
  timeout?: string | undefined;
  retries?: string | undefined;
  color?: boolean | undefined;
  input?: boolean | undefined;
  debug?: boolean | undefined;
}

/** Resolved, validated settings: flags > environment > config file > defaults. */
export interface Settings {
  baseUrl: string;
  /** The canonical origin of baseUrl (lib/origin.ts): which stored key is used, and where it may go. */
  origin: string;
  caCertPath: string | undefined;
  clientCertPath: string | undefined;
  clientKeyPath: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** The retry count was set (flag, environment or config), not the default. */
  retriesAsked: boolean;
  debug: boolean;
  noInput: boolean;
  /** What turned prompts off, in words for an error (`--no-input`, `CI is set`); undefined when nothing did. */
  noInputBy?: string | undefined;
  defaultEnvironment: string | undefined;
  configDir: string;
  /**
   * Where each PEM path came from, for its errors: the flag, the environment variable or the
   * config field the user would fix (`FIBONACCI_CA_CERT`, not `--ca-cert`, when that was not given).
   */
  sources: { apiUrl: string; caCert: string; clientCert: string; clientKey: string };
}

/**
 * Which of flag, environment variable and config field a setting came from, in the words that
 * find it: `--timeout`, `FIBONACCI_TIMEOUT`, `"timeout" in …/config.json`.
 */
function sourceOf(
  flagValue: unknown,
  flag: string,
  envValue: unknown,
  envName: string,
  field: string,
  dir: string,
): string {
  if (flagValue !== undefined) return flag;
  if (envValue !== undefined) return envName;
  return `"${field}" in ${join(dir, 'config.json')}`;
}

/**
 * Where a global setting is documented, by where it came from: a global flag is in the root's
 * help (not the verb's), a variable in `help environment`, a config key in config.json itself.
 */
function settingHint(from: string): string {
  if (from.startsWith('--')) return `\`fibonacci --help\` lists ${from} with the other global flags`;
  if (from.startsWith('FIBONACCI_')) return `\`fibonacci help environment\` describes ${from}`;
  return 'fix the value in config.json, or remove the key for the default';
}

/**
 * Every FIBONACCI_ variable the CLI and the emulator read (`help environment` describes each;
 * test/unit/lib/settings-sources.test.ts holds the two lists together).
 */
export const KNOWN_VARIABLES: readonly string[] = [
  'FIBONACCI_API_KEY',
  'FIBONACCI_BASE_URL',
  'FIBONACCI_CA_CERT',
  'FIBONACCI_CLIENT_CERT',
  'FIBONACCI_CLIENT_KEY',
  'FIBONACCI_TIMEOUT',
  'FIBONACCI_MAX_RETRIES',
  'FIBONACCI_VERIFY_SSL',
  'FIBONACCI_DEBUG',
  'FIBONACCI_NO_INPUT',
  'FIBONACCI_EMULATOR_RATE_LIMIT',
  'FIBONACCI_EMULATOR_MASTER_KEY',
];

/** The guesses a person makes from the flag or config field's name (`--api-url`, `retries`). */
const MEANT: Readonly<Record<string, string>> = {
  FIBONACCI_API_URL: 'FIBONACCI_BASE_URL',
  FIBONACCI_URL: 'FIBONACCI_BASE_URL',
  FIBONACCI_API_BASE_URL: 'FIBONACCI_BASE_URL',
  FIBONACCI_TOKEN: 'FIBONACCI_API_KEY',
  FIBONACCI_API_TOKEN: 'FIBONACCI_API_KEY',
  FIBONACCI_KEY: 'FIBONACCI_API_KEY',
  FIBONACCI_RETRIES: 'FIBONACCI_MAX_RETRIES',
};

/**
 * One warning per FIBONACCI_ variable that is no setting but near one (newcomer pass 14, NC-21:
 * FIBONACCI_API_URL was ignored and the user was sent to log in to production). Only the name is
 * said, never the value, which may be a key. A name near none is left alone: the project's own
 * scripts set FIBONACCI_TEST_* and FIBONACCI_DEMO_* variables.
 */
export function misspeltVariables(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(KNOWN_VARIABLES);
  const suffixes = KNOWN_VARIABLES.map((v) => v.slice('FIBONACCI_'.length));
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    if (!/^FIBONACCI_[A-Z0-9_]{1,64}$/i.test(name) || known.has(name) || env[name] === undefined) continue;
    const upper = name.toUpperCase();
    const near =
      MEANT[upper] ??
      (known.has(upper) ? upper : undefined) ??
      (() => {
        const s = closest(upper.slice('FIBONACCI_'.length), suffixes);
        return s === undefined ? undefined : `FIBONACCI_${s}`;
      })();
    if (near === undefined) continue;
    warnings.push(`warning: ${name} is not a setting and is ignored; did you mean ${near}?`);
  }
  return warnings;
}

/** The most retries a request may be given: 11 attempts, about a minute and a half of backoff. */
export const MAX_RETRIES_LIMIT = 10;

/**
 * A decimal number as a person writes one: digits, for seconds a fraction too. Number() took `1e3`,
 * `0x5`, ` 3` and `3 ` (hostile pass 14, H14b-4): `--retries 1e3` was a thousand retries.
 */
/** What --timeout takes, in words (`10s` or `0` taken for it was refused with "a number ≥ 0"). */
const TIMEOUT_FORM = 'a number of seconds more than 0, without a unit (30, 2.5)';

function parsePositiveNumber(raw: string, what: string, integer: boolean): number {
  const form = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const n = Number(raw);
  if (!form.test(raw) || !Number.isFinite(n) || (integer && n > MAX_RETRIES_LIMIT)) {
    // Repeated by shown-value.ts's rule: a token pasted after --timeout is not echoed (A-SHOWN).
    throw usageError(
      `invalid ${what} ${shownName(raw, 'value')}: expected ${integer ? `a whole number from 0 to ${MAX_RETRIES_LIMIT}` : TIMEOUT_FORM}`,
      settingHint(what),
    );
  }
  return n;
}

/** Resolve global settings from flags, environment and the config file. */
export function resolveSettings(opts: GlobalOptions, env: NodeJS.ProcessEnv): Settings {
  const dir = configDir(env);
  const file = readConfigFile(join(dir, 'config.json'));
  const clientCertPath = opts.clientCert ?? env.FIBONACCI_CLIENT_CERT ?? file.client_cert;
  const clientKeyPath = opts.clientKey ?? env.FIBONACCI_CLIENT_KEY ?? file.client_key;
  // An empty FIBONACCI_BASE_URL is unset, as an empty FIBONACCI_API_KEY is (`FIBONACCI_BASE_URL=`
  // broke every command, the offline `security check` too, with `invalid API URL ""`).
  const envUrl = env.FIBONACCI_BASE_URL === '' ? undefined : env.FIBONACCI_BASE_URL;
  const sources = {
    apiUrl: sourceOf(opts.apiUrl, '--api-url', envUrl, 'FIBONACCI_BASE_URL', 'api_url', dir),
    caCert: sourceOf(opts.caCert, '--ca-cert', env.FIBONACCI_CA_CERT, 'FIBONACCI_CA_CERT', 'ca_cert', dir),
    clientCert: sourceOf(
      opts.clientCert,
      '--client-cert',
      env.FIBONACCI_CLIENT_CERT,
      'FIBONACCI_CLIENT_CERT',
      'client_cert',
      dir,
    ),
    clientKey: sourceOf(
      opts.clientKey,
      '--client-key',
      env.FIBONACCI_CLIENT_KEY,
      'FIBONACCI_CLIENT_KEY',
      'client_key',
      dir,
    ),
  };
  if ((clientCertPath === undefined) !== (clientKeyPath === undefined)) {
    throw usageError(
      `--client-cert and --client-key go together: only ${clientCertPath ? sources.clientCert : sources.clientKey} was given`,
      'pass both (or set both FIBONACCI_CLIENT_CERT and FIBONACCI_CLIENT_KEY), or neither',
    );
  }
  const baseUrl = (opts.apiUrl ?? envUrl ?? file.api_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let origin: string;
  try {
    origin = apiOrigin(baseUrl);
  } catch (e) {
    // The error names where the URL came from, as every other setting's does.
    const from = sources.apiUrl;
    if (!(e instanceof CliError) || from === '--api-url') throw e;
    throw new CliError(e.kind, `${e.message} (from ${from})`, { hint: e.hint, cause: e });
  }
  const timeoutRaw = opts.timeout ?? env.FIBONACCI_TIMEOUT ?? file.timeout?.toString();
  const retriesRaw = opts.retries ?? env.FIBONACCI_MAX_RETRIES ?? file.retries?.toString();
  const timeoutFrom = sourceOf(
    opts.timeout,
    '--timeout',
    env.FIBONACCI_TIMEOUT,
    'FIBONACCI_TIMEOUT',
    'timeout',
    dir,
  );
  const retriesFrom = sourceOf(
    opts.retries,
    '--retries',
    env.FIBONACCI_MAX_RETRIES,
    'FIBONACCI_MAX_RETRIES',
    'retries',
    dir,
  );
  const timeoutSeconds =
    timeoutRaw === undefined ? DEFAULT_TIMEOUT_SECONDS : parsePositiveNumber(timeoutRaw, timeoutFrom, false);
  if (timeoutSeconds === 0)
    throw usageError(
      `invalid ${timeoutFrom} ${shownName(timeoutRaw ?? '', 'value')}: expected ${TIMEOUT_FORM}`,
      settingHint(timeoutFrom),
    );
  return {
    baseUrl,
    origin,
    caCertPath: opts.caCert ?? env.FIBONACCI_CA_CERT ?? file.ca_cert,
    clientCertPath,
    clientKeyPath,
    // At least 1 ms: --timeout 0.0001 rounded to 0, which undici reads as no deadline at all.
    timeoutMs: Math.max(1, Math.round(timeoutSeconds * 1000)),
    maxRetries:
      retriesRaw === undefined ? DEFAULT_MAX_RETRIES : parsePositiveNumber(retriesRaw, retriesFrom, true),
    retriesAsked: retriesRaw !== undefined,
    debug: opts.debug === true || truthy(env.FIBONACCI_DEBUG),
    noInput: opts.input === false || truthy(env.FIBONACCI_NO_INPUT) || truthy(env.CI),
    noInputBy:
      opts.input === false
        ? '--no-input'
        : truthy(env.FIBONACCI_NO_INPUT)
          ? 'FIBONACCI_NO_INPUT is set'
          : truthy(env.CI)
            ? 'CI is set'
            : undefined,
    defaultEnvironment: file.default_environment,
    configDir: dir,
    sources,
  };
}
