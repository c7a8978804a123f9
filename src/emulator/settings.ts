import { parse as parseDotenv } from 'dotenv';
import { InputTooLarge, readFileAtMostSync, sizeLabel } from '../lib/bounded-read.js';
import { CliError } from '../lib/errors.js';
import { describeFsError } from '../lib/files.js';
import {
  evaluateSettings,
  type Finding,
  SETTINGS_VARIABLES,
  type ServerSettings,
} from '../lib/server-rules.js';
import { shownPathBare } from '../lib/shown-value.js';

// The server settings of docs/emulator.md "Settings", read the way the platform's server reads them.
// The rules themselves live in lib/server-rules.ts, shared with `security check`.

export {
  type AppEnv,
  DEFAULT_SETTINGS,
  evaluateSettings,
  type Finding,
  MIN_SESSION_SECRET_LENGTH,
  SETTINGS_VARIABLES,
  type SecretsBackendName,
  type ServerSettings,
} from '../lib/server-rules.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Variables the secrets backend reads besides the settings (the master key, AWS's endpoint and
 * credentials). They come from the environment or the --env-file by the same rule as the settings,
 * so none is ever silently ignored; several are secrets, so they are never printed or judged here.
 */
export const BACKEND_VARIABLES = [
  'FIBONACCI_EMULATOR_MASTER_KEY',
  'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

/** An --env-file that cannot be read (the caller turns it into a config error). */
export class EnvFileError extends Error {}

/** Far more than the server settings a dotenv file may set; a larger --env-file is refused, not read on. */
export const SETTINGS_FILE_MAX_BYTES = 1024 * 1024;

/**
 * The variables to judge: the environment over the --env-file (dotenv's rule: a variable already
 * set is not overridden by the file), restricted to the server settings.
 */
export function settingsSource(env: Env, envFile?: string): Record<string, string> {
  return readVariables(env, envFile, SETTINGS_VARIABLES);
}

/** BACKEND_VARIABLES from the environment over the --env-file, as settingsSource reads the settings. */
export function backendSource(env: Env, envFile?: string): Record<string, string> {
  return readVariables(env, envFile, BACKEND_VARIABLES);
}

function readVariables(
  env: Env,
  envFile: string | undefined,
  names: readonly string[],
): Record<string, string> {
  let fromFile: Record<string, string> = {};
  if (envFile !== undefined) {
    let text: string;
    try {
      text = readFileAtMostSync(envFile, {
        limit: SETTINGS_FILE_MAX_BYTES,
        what: shownPathBare(envFile),
      }).toString('utf8');
    } catch (e) {
      if (e instanceof InputTooLarge) {
        throw new EnvFileError(
          `--env-file ${shownPathBare(envFile)} is larger than ${sizeLabel(SETTINGS_FILE_MAX_BYTES)}, the most a settings file may be`,
        );
      }
      if (e instanceof CliError) throw new EnvFileError(`--env-file ${e.message}`);
      throw new EnvFileError(`cannot read --env-file ${shownPathBare(envFile)}: ${describeFsError(e)}`);
    }
    fromFile = parseDotenv(text);
  }
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name] ?? fromFile[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A start refused because of fatal findings; nothing was opened or listened on. */
export class StartupRefusedError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super(findings.map((f) => f.message).join('; '));
    this.name = 'StartupRefusedError';
  }
}

/** Load and judge the settings; throws StartupRefusedError when any finding is fatal. */
export function loadServerSettings(
  env: Env,
  envFile?: string,
): { settings: ServerSettings; warnings: Finding[] } {
  const { settings, findings } = evaluateSettings(settingsSource(env, envFile));
  const fatal = findings.filter((f) => f.severity === 'fatal');
  if (fatal.length > 0) throw new StartupRefusedError(fatal);
  return { settings, warnings: findings.filter((f) => f.severity === 'warning') };
}
