import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { readCheckedFileSync, sizeLabel } from './bounded-read.js';
import { closest } from './closest.js';
import { CliError } from './errors.js';
import { distrust, type TrustRule } from './file-trust.js';
import { describeFsError } from './files.js';
import { jsonSyntaxError } from './json-syntax.js';
import { shownName, shownPathBare } from './shown-value.js';
import { xdgDir } from './xdg.js';

// config.json: where it lives, when it is believed, what it may hold, the nearest field to an
// unknown one (settings.ts resolves it against flags and the environment).

/** Non-secret settings that may live in $XDG_CONFIG_HOME/fibonacci/config.json. */
export interface ConfigFile {
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
  return new CliError('config', `refusing the config file ${shownPathBare(path)}: ${why}`, { hint: fix });
}

function checkConfigTrust(path: string, st: Stats): void {
  const d = distrust(path, st, CONFIG_TRUST);
  if (!d) return;
  const fix = d.dir
    ? `\`chmod go-w ${shownPathBare(d.dir)}\` if it is yours; otherwise move the config out of it`
    : d.why.startsWith('its mode')
      ? `\`chmod go-w ${shownPathBare(path)}\` if its settings are yours; otherwise remove it`
      : 'remove it, or replace it with a file of your own';
  throw refuseConfig(path, d.why, fix);
}

/** Far more than the few settings config.json may hold; a larger file is refused, not read on. */
export const CONFIG_MAX_BYTES = 64 * 1024;

export function readConfigFile(path: string): ConfigFile {
  // A FIFO planted here is refused as not a regular file instead of waited on; the open file's own
  // status is judged (what is read is what was checked, links followed).
  const bytes = readCheckedFileSync(path, {
    limit: CONFIG_MAX_BYTES,
    what: `config file ${shownPathBare(path)}`,
    check: (st) => checkConfigTrust(path, st),
    openFailed: (e) => {
      if (e.code === 'ENOENT') return null;
      throw new CliError('config', `cannot read config file ${shownPathBare(path)}: ${describeFsError(e)}`);
    },
    tooLarge: () => {
      throw new CliError(
        'config',
        `config file ${shownPathBare(path)} is larger than ${sizeLabel(CONFIG_MAX_BYTES)}, the most it may be`,
        { hint: 'fix or remove the file' },
      );
    },
  });
  if (bytes === null) return {};
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // V8's words quote the file (a key pasted unquoted would come out in part): the place and
    // fixed words, as for --file (lib/json-syntax.ts).
    const at = jsonSyntaxError(text);
    throw new CliError(
      'config',
      `config file ${shownPathBare(path)} is not valid JSON (line ${at.line}, column ${at.column}: ${at.words})`,
      {
        hint: 'fix or remove the file',
      },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError('config', `config file ${shownPathBare(path)} must hold a JSON object`, {
      hint: 'fix or remove the file',
    });
  }
  const unknown = Object.keys(parsed).filter((key) => !CONFIG_KEYS.has(key));
  if (unknown.length > 0) throw unknownFields(path, unknown);
  return parsed as ConfigFile;
}

/** At most this many unknown fields are named; the rest are counted. */
const MAX_NAMED = 5;

/** Every unknown field at once (a file with three typos is fixed in one go), each with its near field. */
function unknownFields(path: string, unknown: string[]): CliError {
  const fields = [...CONFIG_KEYS].join(', ');
  const named = unknown.slice(0, MAX_NAMED);
  const shown = named.map((key) => shownName(key, 'value'));
  const more = unknown.length > MAX_NAMED ? ` and ${unknown.length - MAX_NAMED} more` : '';
  const what =
    unknown.length === 1 ? `an unknown field ${shown[0]}` : `unknown fields ${shown.join(', ')}${more}`;
  const keyHere = 'the key never lives in config.json: use `fibonacci auth login`';
  if (unknown.length === 1 && unknown[0] === 'api_key')
    return new CliError('config', `config file ${shownPathBare(path)} has ${what}`, { hint: keyHere });
  const fixes = named.flatMap((key, i) => {
    const near = key === 'api_key' ? undefined : closest(key, [...CONFIG_KEYS]);
    const fix = key === 'api_key' ? keyHere : near ? `did you mean "${near}"?` : undefined;
    if (!fix) return [];
    return [unknown.length === 1 ? fix : `${shown[i]}: ${fix}`];
  });
  const hint =
    fixes.length > 0
      ? `${fixes.join('; ')} (fields: ${fields})`
      : `remove ${unknown.length === 1 ? 'the field' : 'them'}; the fields are ${fields}`;
  return new CliError('config', `config file ${shownPathBare(path)} has ${what}`, { hint });
}
