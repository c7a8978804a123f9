import { closest } from '../lib/closest.js';
import { parseDurationSeconds } from '../lib/duration.js';
import { MAX_NESTING, nestsTooDeep } from '../lib/json-depth.js';
import { duplicateKey, jsonErrorContext, jsonSyntaxError } from '../lib/json-syntax.js';
import { isValidScope, nearScopeHint, scopeHint, VALID_SCOPES } from '../lib/scopes.js';
import { shownName, shownNameBare } from '../lib/shown-value.js';
import {
  ENVIRONMENT_RULE,
  isValidEnvironment,
  isValidSecretName,
  isValidWorkflowName,
  isValidWorkflowPattern,
  SECRET_NAME_RULE,
  WORKFLOW_PATTERN_RULE,
} from '../lib/validate.js';
import { ArgumentError } from './argument-errors.js';

// The argument parsers of every verb: argv text in, a typed value out. Each throws an
// ArgumentError (./argument-errors.ts) saying only what is wrong; program.ts reports it in one form,
// naming the flag. Commander does not run parsers on defaults: a typed option's default is typed too.
// A parser never returns null or undefined: commander would store '' in its place.

export { ArgumentError, type ArgumentErrorOptions, reportArgumentErrors } from './argument-errors.js';
export {
  environmentArg,
  keyNameArg,
  newWorkflowNameArg,
  roleArg,
  secretNameArg,
  userIdArg,
  workflowNameArg,
} from './name-args.js';

/**
 * A whole number from `min` to `max`, written in plain digits (no sign, exponent or blanks, which
 * Number() would accept). With `max` at Number.MAX_SAFE_INTEGER the value is still exact.
 */
export function intArg(min: number, max: number, detail: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new ArgumentError(detail);
    return n;
  };
}

/** Whole days: `30d`, `2w` or a bare number of days, from `min` to `max`. */
export function daysArg({ min = 1, max = 3650 } = {}): (value: string) => number {
  return (value) => {
    const text = value.trim().toLowerCase();
    let days: number | null = null;
    if (/^\d{1,5}$/.test(text)) days = Number(text);
    else {
      const seconds = parseDurationSeconds(text);
      if (seconds !== null && seconds % 86_400 === 0) days = seconds / 86_400;
    }
    if (days === null) throw new ArgumentError('expected whole days such as 30d or 2w');
    if (days < min || days > max) throw new ArgumentError(`must be between ${min} and ${max} days`);
    return days;
  };
}

/** A key's lifetime: whole days as daysArg, or `never`. */
export function lifetimeArg(value: string): number | 'never' {
  return value.trim().toLowerCase() === 'never' ? 'never' : daysArg()(value);
}

/** A duration (`30s`, `15m`, `2h`, `7d`, `1w`) in seconds. */
export function durationArg(value: string): number {
  const seconds = parseDurationSeconds(value);
  if (seconds === null) throw new ArgumentError('expected e.g. 30d, 12h');
  return seconds;
}

/** An instant in RFC 3339 (what Date.parse reads). */
export function timeArg(value: string): Date {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ArgumentError('expected an RFC 3339 time (2026-01-23T09:00:00Z)');
  return new Date(ms);
}

/** Scopes, repeated or comma-separated, each one the API defines; collected without repeats. */
export function scopesArg(value: string, previous: string[] | undefined): string[] {
  const given = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = given.filter((s) => !isValidScope(s));
  if (unknown.length > 0) {
    // Each unknown part is repeated only when it is written as scopes are, and so is the list.
    const [only, ...others] = unknown;
    const near = only !== undefined && others.length === 0 ? closest(only, VALID_SCOPES) : undefined;
    throw new ArgumentError(
      `unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => shownNameBare(s, 'scope')).join(', ')}`,
      { kind: 'scope', hint: near === undefined ? scopeHint() : nearScopeHint(near) },
    );
  }
  return [...new Set([...(previous ?? []), ...given])];
}

/** Workflow-name patterns (`production/*`, `**`), each in the grammar the API enforces; collected. */
export function patternsArg(value: string, previous: string[] | undefined): string[] {
  const pattern = value.trim();
  if (!isValidWorkflowPattern(pattern)) {
    throw new ArgumentError('not a workflow pattern', { hint: `a pattern is ${WORKFLOW_PATTERN_RULE}` });
  }
  return [...(previous ?? []), pattern];
}

/** A JSON object (`--input '{"day": 1}'`). */
export function jsonObjectArg(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // Not V8's message: it quotes the value (`--input "$(cat input.json)"` puts a file's text here)
    // and its position wording changes between Node versions. A one-line value is placed by column.
    const at = jsonSyntaxError(value);
    const where = /[\r\n]/.test(value) ? `line ${at.line}, column ${at.column}` : `column ${at.column}`;
    throw new ArgumentError(`not valid JSON at ${where}: ${at.words}`, {
      quote: false,
      details: jsonErrorContext(value, at),
      hint: `--input takes one JSON object, e.g. --input '{"day": "2026-01-23"}'`,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ArgumentError('expected a JSON object ({…})', { quote: false });
  }
  if (nestsTooDeep(parsed)) {
    throw new ArgumentError(`nested more than ${MAX_NESTING} levels deep`, { quote: false });
  }
  const twice = duplicateKey(value);
  if (twice) throw new ArgumentError(`column ${twice.column}: ${twice.words}`, { quote: false });
  return parsed as Record<string, unknown>;
}

/**
 * `KEY=VALUE` arguments collected into one object. `value` types each value, throwing an
 * ArgumentError that says what is wrong with it ("must be true or false"); a malformed or repeated
 * key is refused too. Each refusal quotes the whole `KEY=VALUE` as a "setting".
 */
export function pairsArg<V>(
  value: (key: string, text: string) => V,
  example: string,
): (text: string, previous: Record<string, V> | undefined) => Record<string, V> {
  return (text, previous = {}) => {
    const eq = text.indexOf('=');
    const key = text.slice(0, eq).trim();
    if (eq <= 0 || key === '') {
      throw new ArgumentError('expected KEY=VALUE', { subject: 'setting', hint: `e.g. ${example}` });
    }
    // The key too is what the user typed: a password before a `=` is not repeated either.
    const shownKey = shownNameBare(key, 'value');
    if (Object.hasOwn(previous, key))
      throw new ArgumentError(`${shownKey} is given twice`, { subject: 'setting' });
    try {
      return { ...previous, [key]: value(key, text.slice(eq + 1).trim()) };
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      throw new ArgumentError(`${shownKey} ${e.message}`, { ...e.options, subject: 'setting' });
    }
  };
}

/** Collect a repeatable option into an array (`--event-type a --event-type b`). */
/**
 * A dotenv file's path (`secret set --env-file`, `emulator start --env-file`): a file, never `-`.
 * Standard input is not read for it: under `node bin/fibonacci.cjs` Node 20 takes `--env-file -`
 * as its own flag and stops with its own "node: -: not found" before any of our code runs, so a `-`
 * that reaches here was only ever going to be "no such file" (ENVFILEDASH).
 */
export function envFileArg(value: string): string {
  if (value === '-') {
    throw new ArgumentError('a dotenv file is read from a path; - (standard input) is not read here', {
      hint: 'save the lines to a file and give its path, e.g. --env-file .env',
    });
  }
  return value;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const RESOURCE_HINT = 'a resource is workflows/<name> or secrets/<environment or shared>/<NAME>';

/**
 * An access-check resource: `workflows/<name>` or `secrets/<environment or shared>/<NAME>`, each
 * part by the API's rule, so a malformed one is a usage error rather than a silent "no".
 */
export function resourceArg(value: string): string {
  const slash = value.indexOf('/');
  const kind = slash < 0 ? value : value.slice(0, slash);
  const rest = slash < 0 ? '' : value.slice(slash + 1);
  // The value is not repeated whole: a part that is not a name may be a value pasted there (a
  // password after secrets/shared/), so a secret or environment part is described, never quoted,
  // and the whole only when each of its parts is written as a name is.
  const refuse = (detail: string, quote = true): never => {
    throw new ArgumentError(detail, { subject: 'resource', quote, kind: 'workflow', hint: RESOURCE_HINT });
  };
  if (kind === 'workflows') {
    if (!isValidWorkflowName(rest)) refuse(`${shownName(rest, 'workflow')} is not a workflow name`);
    return value;
  }
  if (kind !== 'secrets') return refuse('expected workflows/… or secrets/…');
  const [scope = '', name = '', ...extra] = rest.split('/');
  if (extra.length > 0 || name === '') refuse('a secrets resource is secrets/<environment or shared>/<NAME>');
  if (scope !== 'shared' && !isValidEnvironment(scope))
    refuse(`its environment part is not an environment name (or shared): ${ENVIRONMENT_RULE}`, false);
  if (!isValidSecretName(name)) refuse(`its name part is not a secret name: ${SECRET_NAME_RULE}`, false);
  return value;
}
