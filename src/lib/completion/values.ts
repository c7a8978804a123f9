// Where the value of a flag or an argument comes from when TAB is pressed. Fixed values come from
// commander's `.choices()`; the rest is decided here by name, so commands added later complete
// without touching the generator.
import { RESOURCE_KINDS } from '../access-policy/names.js';
import { AUDIT_EVENT_TYPES } from '../audit-event-types.js';
import { VALID_SCOPES } from '../scopes.js';

/**
 * The kinds `fibonacci __complete <kind>` answers (values that live on the server or in config).
 * `workflow-id` is no longer generated (`--workflow` takes names, which events record) but scripts
 * installed before still ask for it.
 */
export const DYNAMIC_KINDS = ['secret', 'env', 'key', 'workflow', 'workflow-id', 'role', 'user'] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

/** The shells a script can be generated for. */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

export type ValueSource =
  | { kind: 'choices'; values: string[] }
  | { kind: 'dynamic'; name: DynamicKind }
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'none' };

const NONE: ValueSource = { kind: 'none' };

/** Flags whose values are fixed but checked by a parser rather than `.choices()`. */
const STATIC_FLAG_VALUES: Record<string, readonly string[]> = {
  '--scope': VALID_SCOPES,
  // Not .choices(): a newer server may record a type this CLI does not know (warned, not refused).
  '--event-type': AUDIT_EVENT_TYPES,
};

/** Flags whose values live on the server (or in the config file). */
const DYNAMIC_FLAGS: Record<string, DynamicKind> = {
  '--env': 'env',
  '--environment': 'env',
  '--workflow': 'workflow',
  '--workflows': 'workflow',
  '--role': 'role',
  '--user': 'user',
};

/** Positional arguments whose values are fixed but checked by a parser, by noun and argument name. */
const STATIC_ARGS: Record<string, Record<string, readonly string[]>> = {
  // `access check ACTION RESOURCE`: the kinds, each with its slash (the action is `.choices()`).
  access: { resource: RESOURCE_KINDS.map((k) => `${k}/`) },
};

/** Positional arguments by noun (first word) and argument name. */
const DYNAMIC_ARGS: Record<string, Record<string, DynamicKind>> = {
  secret: { name: 'secret', secret: 'secret' },
  auth: { id: 'key', key: 'key', 'key-id': 'key' },
  workflow: { name: 'workflow', workflow: 'workflow', id: 'workflow' },
  org: { user: 'user', role: 'role' },
};

function byPlaceholder(placeholder: string): ValueSource {
  const p = placeholder.toLowerCase();
  if (/\bdir|directory/.test(p)) return { kind: 'dir' };
  if (/path|file/.test(p)) return { kind: 'file' };
  return NONE;
}

/** The value source of an option of the command at `path`. */
export function optionValues(
  long: string,
  choices: readonly string[] | undefined,
  flags: string,
): ValueSource {
  if (choices && choices.length > 0) return { kind: 'choices', values: [...choices] };
  const fixed = STATIC_FLAG_VALUES[long];
  if (fixed) return { kind: 'choices', values: [...fixed] };
  const placeholder = /[<[]([^>\]]*)[>\]]/.exec(flags)?.[1] ?? '';
  const dynamic = DYNAMIC_FLAGS[long];
  if (dynamic) return { kind: 'dynamic', name: dynamic };
  // `--env-file .env`, `--output FILE` and `--data-dir D` complete paths even with terse names.
  if (long.endsWith('-dir')) return { kind: 'dir' };
  if (/-(file|cert|key)$|^--output$/.test(long)) return { kind: 'file' };
  return byPlaceholder(placeholder);
}

/** The value source of a positional argument of the command at `path`. */
export function argumentValues(
  path: readonly string[],
  name: string,
  choices: readonly string[] | undefined,
): ValueSource {
  if (choices && choices.length > 0) return { kind: 'choices', values: [...choices] };
  const noun = path[0] ?? '';
  const fixed = STATIC_ARGS[noun]?.[name.toLowerCase()];
  if (fixed) return { kind: 'choices', values: [...fixed] };
  // A new name is not one of the existing ones.
  if (path[1] === 'create') return byPlaceholder(name);
  const dynamic = DYNAMIC_ARGS[noun]?.[name.toLowerCase()];
  if (dynamic) return { kind: 'dynamic', name: dynamic };
  return byPlaceholder(name);
}

/**
 * The environment variables that select whose names TAB may offer (the key, the API, the TLS
 * files, where config.json and the keychain are): the completion scripts hash them, as exported,
 * to find the names cache of their context without starting Node, and `__complete` files its
 * answer under the same hash (src/lib/completion/shell-cache.ts). Order matters: both sides hash
 * them in this order.
 */
export const CONTEXT_VARS = [
  'FIBONACCI_API_KEY',
  'FIBONACCI_BASE_URL',
  'FIBONACCI_CA_CERT',
  'FIBONACCI_CLIENT_CERT',
  'FIBONACCI_CLIENT_KEY',
  'XDG_CONFIG_HOME',
  'HOME',
  'DBUS_SESSION_BUS_ADDRESS',
] as const;

/** Global flags that choose another API or TLS identity: with one on the line, TAB asks Node. */
export const CONTEXT_FLAGS = ['--api-url', '--ca-cert', '--client-cert', '--client-key'] as const;

/** The first line of a names cache file: `fibonacci-completion 1 <written, epoch s> <config stamp>`. */
export const CACHE_MAGIC = 'fibonacci-completion 1';
/** What the hash input starts with: a new layout gets a new tag, so old files are never matched. */
export const CACHE_HASH_TAG = 'fibonacci-completion-v1';
/**
 * The most a names cache may hold, Node's and the shell's alike: more is not written, and neither
 * Node nor a script reads a bigger file (a server's 100,000 names would stall every TAB).
 */
export const CACHE_MAX_BYTES = 1024 * 1024;
export const CACHE_MAX_NAMES = 10_000;
/** Seconds a names cache is believed, the shell's and Node's alike. */
export const CACHE_TTL_SECONDS = 60;
