/**
 * Name rules of the API (docs/api.md), shared by the CLI (checked before any request) and the emulator.
 * Pure: no Node imports.
 */

import { UNPRINTABLE_CLASS } from './errors.js';

/**
 * The limits a plan sets and an owner may override (here, not in lib/api/orgs.ts, so that `org quota
 * set` can check its KEY=VALUE arguments while argv is parsed without loading the API's shapes).
 */
export const QUOTA_KEYS = ['workflow_runs_per_hour', 'concurrent_executions', 'memory_mb'] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];

/**
 * A live key's shape: `fib_live_`/`fib_test_` and at least 16 key characters. A name never holds
 * one: a key pasted where a name goes (the classic slip) would be stored and shown to every reader
 * of the list and of the audit log, where docs/api.md says a key never appears.
 */
export const API_KEY_SHAPED = /fib_(?:live|test)_[A-Za-z0-9]{16}/;
const NOT_A_KEY = `(?!.*${API_KEY_SHAPED.source})`;

/**
 * A key as a client may send it: `fib_` and printable ASCII only. A newline or control character
 * (a paste that took the next line too) would otherwise reach the HTTP layer as an invalid header.
 */
export function isSendableKey(key: string): boolean {
  return /^fib_[\x21-\x7e]+$/.test(key);
}

/**
 * Why `key` is not one a client may send, in words (every refusal of a key says the same), or
 * undefined when it is sendable.
 */
export function unsendableKeyReason(key: string): string | undefined {
  if (isSendableKey(key)) return undefined;
  return key.startsWith('fib_')
    ? 'it holds a space, a line break or a control character'
    : 'keys start with "fib_"';
}

export function looksLikeApiKey(text: string): boolean {
  return API_KEY_SHAPED.test(text);
}

export const SECRET_NAME_RULE = 'letters, digits and _, not starting with a digit, at most 128 characters';
export const SECRET_NAME = new RegExp(`^${NOT_A_KEY}[A-Za-z_][A-Za-z0-9_]{0,127}$`);

export const ENVIRONMENT_RULE =
  'lowercase letters, digits and -, starting with a letter, at most 32 characters';
/**
 * The shared scope's name wherever a scope is named (`secret list`, a run's error, the policy's
 * `secrets/shared/NAME`): an environment of that name would be a second scope under the same name,
 * so none may take it.
 */
export const SHARED_SCOPE_NAME = 'shared';
export const RESERVED_ENVIRONMENT = `${SHARED_SCOPE_NAME} is the shared scope's name, not an environment's`;
export const ENVIRONMENT_NAME = /^(?!shared$)[a-z][a-z0-9-]{0,31}$/;

const SEGMENT_MAX = 64;
const SEGMENTS_MAX = 8;
const SEGMENT = `[A-Za-z0-9][A-Za-z0-9_.-]{0,${SEGMENT_MAX - 1}}`;
/**
 * A workflow name: up to 8 `/`-separated segments of up to 64 letters, digits, `_`, `.`, `-`, each
 * starting with a letter or digit (so no `.`/`..` segment, no empty one, nothing to normalise).
 */
export const WORKFLOW_NAME = new RegExp(`^${SEGMENT}(\\/${SEGMENT}){0,${SEGMENTS_MAX - 1}}$`);
/** WORKFLOW_NAME in words: every refusal of a name, the CLI's own and a server's 422, says this. */
export const WORKFLOW_NAME_RULE = `up to ${SEGMENTS_MAX} /-separated segments, each 1 to ${SEGMENT_MAX} letters, digits, _, . and -, starting with a letter or digit`;
export const WORKFLOW_NAME_HINT = 'a workflow name is such as production/etl or staging/etl-v2';
/**
 * A workflow id as the API mints it: `wf_` and 24 hex digits. No name may take this shape (the API
 * refuses to create one), so a word of this shape is an id wherever a workflow is named.
 */
export const WORKFLOW_ID = /^wf_[0-9a-f]{24}$/;
/** The longest name WORKFLOW_NAME allows (8 segments of 64 and their 7 slashes: 519). */
export const WORKFLOW_NAME_MAX_LENGTH = SEGMENTS_MAX * SEGMENT_MAX + SEGMENTS_MAX - 1;

/**
 * What an id a server hands out looks like to the CLI: letters, digits, `_` and `-`, starting with a
 * letter or digit, at most 128 characters (the emulator's `key_…`/`wf_…`, UUIDs). Only used to
 * decide what may be offered as a word to type, never to refuse an id given on the command line.
 */
export const RESOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Secret values are 1 byte to 64 KiB of UTF-8. */
export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

/**
 * API key names are shown in terminals, so they hold printable characters only: none of those
 * escapeUnprintable would escape. The API's JSON schema (routes/api-keys.ts) and `emulator add-user`
 * use this one rule; maxLength counts code points, as JSON Schema does.
 */
export const KEY_NAME_MAX_LENGTH = 100;
// Nor a key's id (`key_` and 24 hex digits): revoke-key takes an id first, and a list whose NAME
// column shows another key's id misleads (hostile re-pass s14).
const NOT_A_KEY_ID = '(?!key_[0-9a-f]{24}$)';
export const KEY_NAME_PATTERN = `^${NOT_A_KEY}${NOT_A_KEY_ID}[^${UNPRINTABLE_CLASS}]+$`;
export const KEY_NAME_RULE = `1 to ${KEY_NAME_MAX_LENGTH} characters, without control characters, line separators, bidirectional marks or invisible format characters, and not a key's id`;
const KEY_NAME = new RegExp(KEY_NAME_PATTERN, 'u');

export function isValidKeyName(name: string): boolean {
  return KEY_NAME.test(name) && [...name].length <= KEY_NAME_MAX_LENGTH;
}

export function isValidSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export function isValidEnvironment(name: string): boolean {
  return ENVIRONMENT_NAME.test(name);
}

/** A workflow-pattern segment: `**` alone, or name characters with `*` wildcards (no `.`/`..`, no `**` inside). */
const PATTERN_SEGMENT = /^[A-Za-z0-9_.*-]{1,64}$/;
export const WORKFLOW_PATTERN_RULE =
  '/-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment';

/**
 * Whether a workflow pattern follows the grammar (so the emulator's keys/patterns.ts can decide
 * coverage exactly); `emulator add-user` and `auth create-key` check it before writing or sending.
 */
export function isValidWorkflowPattern(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > 256) return false;
  return pattern.split('/').every((s) => {
    if (s === '**') return true;
    return PATTERN_SEGMENT.test(s) && !s.includes('**') && s !== '.' && s !== '..';
  });
}

export function isValidWorkflowName(name: string): boolean {
  return WORKFLOW_NAME.test(name);
}
