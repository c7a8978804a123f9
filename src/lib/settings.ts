import { closeSync, constants, fstatSync, openSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputTooLarge, readFdAtMostSync, sizeLabel } from './bounded-read.js';
import { closest } from './closest.js';
import { CliError, usageError } from './errors.js';
import { type TrustRule, untrusted } from './file-trust.js';
import { truthy } from './io.js';
import { apiOrigin, DEFAULT_ORIGIN } from './origin.js';
import { xdgDir } from './xdg.js';

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
  debug: boolean;
  noInput: boolean;
  defaultEnvironment: string | undefined;
  configDir: string;
  /**
   * Where each PEM path came from, for its errors: the flag, the environment variable or the
   * config field the user would fix (`FIBONACCI_CA_CERT`, not `--ca-cert`, when that was not given).
   */
  sources: { caCert: string; clientCert: string; clientKey: string };
}

/** Non-secret settings that may live in $XDG_CONFIG_HOME/fibonacci/config.json. */
interface ConfigFile {
  api_url?: string;
  ca_cert?: string;
  client_cert?: string;
  client_key?: string;
  timeout?: number;
  retries?: number;
  default_environment?: string;
}

const CONFIG_KEYS = new Set([
  'api_url',
  'ca_cert',
  'client_cert',
  'client_key',
  'timeout',
  'retries',
  'default_environment',
]);

export function configDir(env: NodeJS.ProcessEnv): string {
  return join(xdgDir(env, 'config'), 'fibonacci');
}

/**
 * config.json names the API the key is sent to, the CA that vouches for it and the client key, so
 * it is believed only when nobody else could have written it: a regular file of this user (or
 * root) that others may not write, in directories others may not write (the one holding the name,
 * and the one holding the file a symbolic link leads to: a linked dotfile is fine, a link into a
 * directory another user controls is not).
 */
const CONFIG_TRUST: TrustRule = { othersMayRead: true, systemOwned: true };

function refuseConfig(path: string, why: string, fix: string): CliError {
  return new CliError('config', `refusing the config file ${path}: ${why}`, { hint: fix });
}

function checkConfigTrust(path: string, st: Stats): void {
  const why = untrusted(st, 'file', CONFIG_TRUST);
  if (why) {
    const fix = why.startsWith('its mode')
      ? `\`chmod go-w ${path}\` if its settings are yours; otherwise remove it`
      : 'remove it, or replace it with a file of your own';
    throw refuseConfig(path, why, fix);
  }
  for (const dir of new Set([dirname(path), dirname(realpathSync(path))])) {
    const dirWhy = untrusted(statSync(dir), 'directory', CONFIG_TRUST);
    if (dirWhy) {
      throw refuseConfig(
        path,
        `its directory ${dir} is not safe: ${dirWhy}`,
        `\`chmod go-w ${dir}\` if it is yours; otherwise move the config out of it`,
      );
    }
  }
}

/** Far more than the few settings config.json may hold; a larger file is refused, not read on. */
export const CONFIG_MAX_BYTES = 64 * 1024;

export function readConfigFile(path: string): ConfigFile {
  let text: string;
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted here is refused as not a regular file instead of waited on.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError('config', `cannot read config file ${path}: ${(e as Error).message}`);
  }
  try {
    // The open file's own status: what is read is what was checked, links followed.
    checkConfigTrust(path, fstatSync(fd));
    text = readFdAtMostSync(fd, { limit: CONFIG_MAX_BYTES, what: path }).toString('utf8');
  } catch (e) {
    if (e instanceof InputTooLarge) {
      throw new CliError(
        'config',
        `config file ${path} is larger than ${sizeLabel(CONFIG_MAX_BYTES)}, the most it may be`,
        { hint: 'fix or remove the file' },
      );
    }
    throw e;
  } finally {
    closeSync(fd);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CliError('config', `config file ${path} is not valid JSON: ${(e as Error).message}`, {
      hint: 'fix or remove the file',
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError('config', `config file ${path} must hold a JSON object`, {
      hint: 'fix or remove the file',
    });
  }
  for (const key of Object.keys(parsed)) {
    if (!CONFIG_KEYS.has(key)) {
      const near = closest(key, CONFIG_KEYS);
      const hint =
        key === 'api_key'
          ? 'the key never lives in config.json: use `fibonacci auth login`'
          : near
            ? `did you mean "${near}"? (fields: ${[...CONFIG_KEYS].join(', ')})`
            : `remove the field; the fields are ${[...CONFIG_KEYS].join(', ')}`;
      throw new CliError('config', `config file ${path} has an unknown field "${key}"`, { hint });
    }
  }
  return parsed as ConfigFile;
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

function parsePositiveNumber(raw: string, what: string, integer: boolean): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw usageError(`invalid ${what} "${raw}": expected a ${integer ? 'whole ' : ''}number ≥ 0`);
  }
  return n;
}

/** Resolve global settings from flags, environment and the config file. */
export function resolveSettings(opts: GlobalOptions, env: NodeJS.ProcessEnv): Settings {
  const dir = configDir(env);
  const file = readConfigFile(join(dir, 'config.json'));
  const clientCertPath = opts.clientCert ?? env.FIBONACCI_CLIENT_CERT ?? file.client_cert;
  const clientKeyPath = opts.clientKey ?? env.FIBONACCI_CLIENT_KEY ?? file.client_key;
  const sources = {
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
  const baseUrl = (opts.apiUrl ?? env.FIBONACCI_BASE_URL ?? file.api_url ?? DEFAULT_BASE_URL).replace(
    /\/+$/,
    '',
  );
  const origin = apiOrigin(baseUrl);
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
  if (timeoutSeconds === 0) throw usageError(`invalid ${timeoutFrom} "0": must be more than 0 seconds`);
  return {
    baseUrl,
    origin,
    caCertPath: opts.caCert ?? env.FIBONACCI_CA_CERT ?? file.ca_cert,
    clientCertPath,
    clientKeyPath,
    timeoutMs: Math.round(timeoutSeconds * 1000),
    maxRetries:
      retriesRaw === undefined ? DEFAULT_MAX_RETRIES : parsePositiveNumber(retriesRaw, retriesFrom, true),
    debug: opts.debug === true || truthy(env.FIBONACCI_DEBUG),
    noInput: opts.input === false || truthy(env.FIBONACCI_NO_INPUT) || truthy(env.CI),
    defaultEnvironment: file.default_environment,
    configDir: dir,
    sources,
  };
}
