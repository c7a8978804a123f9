import { load, YAMLException } from 'js-yaml';
import { jsonSyntaxError } from '../json-syntax.js';
import { yamlReason } from './parse-errors.js';

// Parsing a workflow or fibonacci.yaml for its structure. js-yaml decides (it is more than ten times
// faster than a parser that keeps positions, and this runs on every file); lib/yaml-positions.ts is
// asked for a position only when there is a finding to place. An error's wording is our own, with
// the line and column: the parsers' messages quote the file, and the file may hold a secret.

/** A document that did not parse: where, and what went wrong (no text from the file). */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

/** Parse JSON; a syntax error becomes a ParseError with its line and column, in our own words. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    // Located by lib/json-syntax.ts (jsonc-parser): V8's message quotes the input and may have no position.
    const { line, column, words } = jsonSyntaxError(text);
    return fail(`invalid JSON: ${words}`, line, column);
  }
}

/** Parse one YAML document; a syntax error becomes a ParseError with js-yaml's position. */
export function parseYaml(text: string): unknown {
  try {
    return load(text, { json: false });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const mark = e.mark as { line?: number; column?: number } | undefined;
    const message = `invalid YAML: ${yamlReason(e.reason)}`;
    if (mark?.line === undefined) return fail(message);
    return fail(message, mark.line + 1, (mark.column ?? 0) + 1);
  }
}

function fail(message: string, line?: number, column?: number): never {
  throw new ParseError(message, line, column);
}

/** True for a plain object (a YAML mapping, a JSON object). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The definition inside a document, when it is a workflow (`{nodes: […]}` or `{definition: {nodes}}`). */
export function workflowDefinition(doc: unknown): Record<string, unknown> | undefined {
  if (!isObject(doc)) return undefined;
  if (Array.isArray(doc.nodes)) return doc;
  if (isObject(doc.definition) && Array.isArray(doc.definition.nodes)) return doc.definition;
  return undefined;
}

/** A `nodes` key as it is usually written (bare or double-quoted): a broken file is then an error. */
export function looksLikeWorkflow(text: string): boolean {
  return /(?:^|[\s{,])"?nodes"?\s*:/.test(text);
}

/**
 * Whether the text can hold a `nodes` key at all, however it is written: the word itself (quoted
 * either way, anchored, tagged, aliased), or an escape that spells it (`"no\u0064es"`, `"\x6eodes"`,
 * an escaped line break). The cheap test before parsing must be a superset of what the upload takes
 * as a definition: a file it drops is never scanned.
 */
export function mayHoldNodesKey(text: string): boolean {
  return text.includes('nodes') || text.includes('\\');
}
