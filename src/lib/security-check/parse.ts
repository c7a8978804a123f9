import { FAILSAFE_SCHEMA, type LoadOptions, load, Type, YAMLException } from 'js-yaml';
import { jsonSyntaxError } from '../json-syntax.js';
import { readWorkflowYaml, type WorkflowYaml, workflowYamlProblems } from '../workflow-yaml.js';
import { MAX_YAML_DEPTH, tooLargeWords } from '../yaml-budget.js';
import { type YamlSyntaxProblem, yamlCodeWords } from '../yaml-syntax.js';
import { yamlReason } from './parse-errors.js';

// Parsing a workflow or fibonacci.yaml for its structure. js-yaml is the fast path (more than ten
// times faster than a parser that keeps positions, and this runs on every file), with a schema that
// types a plain scalar exactly as the upload's parser does (YAML 1.2's core schema: no timestamps,
// no merge keys, no `1_000`, no `0b1`): a definition it reads is the one the upload sends. A file it
// refuses, one it does not read as a workflow, and a text where the two parsers were found to read
// differently are decided by the upload's own reader (lib/workflow-yaml.ts). lib/yaml-positions.ts
// is asked for a position only when there is a finding to place. An error's wording is our own,
// with the line and column: the parsers' messages quote the file, and the file may hold a secret.

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

/**
 * The plain scalars of the `yaml` package's core schema (its tests and conversions), under tags of
 * our own: an explicit `!!int`, `!!timestamp`, `!!binary` or any other tag is unknown to js-yaml,
 * which then refuses the file, and the upload's reader (which resolves YAML 1.1's tags) decides.
 */
const CORE_AS_UPLOADED = FAILSAFE_SCHEMA.extend({
  implicit: [
    plain('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    plain('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'),
    plain('int-oct', /^0o[0-7]+$/, (s) => Number.parseInt(s.slice(2), 8)),
    plain('int', /^[-+]?[0-9]+$/, (s) => Number.parseInt(s, 10)),
    plain('int-hex', /^0x[0-9a-fA-F]+$/, (s) => Number.parseInt(s.slice(2), 16)),
    plain('float-nan', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) =>
      s.slice(-3).toLowerCase() === 'nan'
        ? Number.NaN
        : s[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY,
    ),
    plain('float-exp', /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, Number.parseFloat),
    plain('float', /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, Number.parseFloat),
  ],
});

function plain(name: string, test: RegExp, construct: (s: string) => unknown): Type {
  return new Type(`tag:fibonacci.invalid,2026:${name}`, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && test.test(data),
    construct: (data: string) => construct(data),
  });
}

/**
 * Whether js-yaml may read this text for the upload. Not with a directive (`%YAML 1.1` makes the
 * upload's parser merge `<<` keys and type YAML 1.1's scalars), a lone CR (a line break to js-yaml,
 * content to the upload's parser), a BOM past the start, or a key that is no string: explicit
 * (`? k`), empty (`: v`), a flow collection (`[a]: v`) or null (`~: v`, the key "" to the upload and
 * "null" to js-yaml); nor with the bare tag `!` (an empty `k: !` is "" to the upload, null to
 * js-yaml); nor with a tag alone on its line (`pin: !!str` then `0x1F`: js-yaml drops the tag and
 * reads 31, the upload keeps "0x1F"), or a block scalar that keeps its trailing lines or gives its
 * indentation (`|+`, `|2`: their blank lines are read differently). A differential test
 * (upload-parser.test.ts) found these; any other text both read alike. A false alarm (`a : b`, a prompt's ` ? `) only costs the slower parse.
 */
export function fastPathReads(text: string): boolean {
  // Each pattern is linear: no two repetitions may match the same run (a run of 900 KB of blanks
  // before a `:` is one test per blank, never one scan of the rest per blank).
  return !(
    /^%/m.test(text) ||
    /\r(?!\n)/.test(text) ||
    text.indexOf('\ufeff', 1) !== -1 ||
    /(?:^|[\s,[{])\?(?:[ \t\r\n]|$)/.test(text) ||
    /(?:^|[\s,[{])(?:(?:~|[Nn]ull|NULL)[ \t]*)?:(?:[ \t\r\n]|$)/m.test(text) ||
    /[\]}][ \t]*:(?:[ \t\r\n]|$)/.test(text) ||
    /(?:^|[\s,[{])!(?:[\s,\]}]|$)/.test(text) ||
    // A collection's tag (`password: !!seq` above a flow sequence) is read alike: left to js-yaml,
    // since the upload's reader composes a node per item (a 1 MB sequence: about 500 MB).
    /(?:^|[\s,[{])!(?!!(?:seq|map)[ \t\r\n#])[^\s,[\]{}]*[ \t]*(?:[ \t]#[^\r\n]*)?(?:[\r\n]|$)/.test(text) ||
    /(?:^|[ \t:-])[|>](?:[1-9][+-]?|\+[1-9]?|-[1-9])[ \t]*(?:#[^\r\n]*)?(?:[\r\n]|$)/.test(text)
  );
}

/**
 * js-yaml's nesting limit (lib/yaml-budget.ts): what it refuses as too deep the upload refuses too,
 * at the same place in the same words, and the upload's slower reader is never asked to read it (a
 * megabyte of `[` costs it seconds).
 */
const TOO_DEEP = yamlReason('nesting exceeded');
const TOO_MANY_ALIASES = yamlCodeWords('TOO_MANY_ALIASES');

/** Whether the text may hold an alias (`*name` where a node starts); a false alarm costs the slow parse. */
function mayHoldAlias(text: string): boolean {
  return /(?:^|[\s,[{:-])\*[^\s,[\]{}]/.test(text);
}

/** Parse one YAML document; a syntax error becomes a ParseError with js-yaml's position. */
export function parseYaml(text: string): unknown {
  try {
    // maxDepth is js-yaml 4.3's option, not yet in its type definitions.
    return load(text, { json: false, schema: CORE_AS_UPLOADED, maxDepth: MAX_YAML_DEPTH } as LoadOptions);
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const mark = e.mark as { line?: number; column?: number } | undefined;
    const message = `invalid YAML: ${yamlReason(e.reason)}`;
    if (mark?.line === undefined) return fail(message);
    return fail(message, mark.line + 1, (mark.column ?? 0) + 1);
  }
}

/** A JSON file's document (JSON.parse, as the upload's); undefined: broken, and not read as a workflow. */
export function jsonStructure(text: string, workflow: boolean): { doc: unknown } | undefined {
  try {
    return { doc: parseJson(text) };
  } catch (e) {
    if (workflow && e instanceof ParseError && !looksLikeWorkflow(text)) return undefined;
    throw e;
  }
}

/**
 * A YAML file's document as the upload reads it: undefined when `workflow` (a .yaml file that may
 * be a definition) and the file is none; a ParseError when it does not parse. js-yaml's reading is
 * kept only when it finds what it was asked for; its refusal or its "no workflow here" is checked
 * by the upload's reader, whose document then decides. A file the upload refuses for an error or a
 * warning (`password: !Tr0ub4dor`, a password taken for a tag) is one that does not parse; one it
 * refuses for a value JSON cannot hold (`!!binary`) is still read: the gate errs on scanning.
 */
export function yamlStructure(text: string, workflow: boolean): { doc: unknown } | undefined {
  const wanted = (doc: unknown) => !workflow || workflowDefinition(doc) !== undefined;
  let js: { doc: unknown } | undefined;
  let refused: ParseError | undefined;
  try {
    js = { doc: parseYaml(text) };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    refused = e;
  }
  // js-yaml expands no alias (it shares the node), so a billion laughs is read: an alias is left to
  // the upload's reader, whose guard refuses it.
  if (js !== undefined && wanted(js.doc) && fastPathReads(text) && !mayHoldAlias(text)) return js;
  // No key can be `nodes` in a text that neither holds the word nor an escape: the upload's reader
  // finds no definition either, and is not asked (a 1 MB list took it seconds; YBIG).
  if (js !== undefined && workflow && !mayHoldNodesKey(text)) return undefined;
  // Deeper than the upload takes: neither reads it as a definition (the old rule below decides).
  const tooDeep = refused?.message.endsWith(TOO_DEEP) === true;
  const upload: WorkflowYaml = tooDeep ? {} : readWorkflowYaml(text);
  const composed = upload.composed?.value;
  if (upload.composed !== undefined) return wanted(composed) ? { doc: composed } : undefined;
  // More alias expansions than the upload takes: a workflow js-yaml read is refused all the same,
  // at the alias, in the words `workflow create --file` uses (YWORDS).
  const bomb = upload.refusal !== undefined && 'syntax' in upload.refusal ? upload.refusal.syntax : undefined;
  if (bomb?.words === TOO_MANY_ALIASES && js !== undefined && wanted(js.doc)) {
    return fail(`invalid YAML: ${bomb.words}`, bomb.line, bomb.column);
  }
  // The upload refuses it. What js-yaml reads of it is still checked (a file with CR line ends, a
  // line break to js-yaml only); otherwise only a file that reads as a workflow is one that must
  // parse: a broken YAML file that merely says `nodes` or holds a backslash (a Helm template) is
  // not a definition, as for the upload.
  if (js !== undefined) return wanted(js.doc) ? js : undefined;
  if (workflow && !looksLikeWorkflow(text)) return undefined;
  // Both refuse it: said as `workflow create --file` says it, at the upload's place in its words
  // (lib/yaml-syntax.ts), not js-yaml's (NC9-5, NC9-6: `bad indentation of a sequence entry` at 5:4
  // here, `missing char` at 5:1 there). js-yaml's stands only where the upload's reader gives no
  // place.
  const refusal = upload.refusal;
  if (refusal !== undefined && 'tooLarge' in refusal) return fail(tooLargeWords(refusal.tooLarge));
  if (refusal !== undefined && 'syntax' in refusal) return failAll(text, refusal.syntax);
  if (refused !== undefined) throw refused;
  return fail('invalid YAML: a syntax error');
}

/** The most problems besides the first that one file's error line lists. */
const MAX_ALSO = 5;

/**
 * Every local problem of a text the upload refuses for a syntax problem, in one error: the first in
 * the file at its place, then `; also L:C: …` for the others, as `workflow create --file` lists them
 * (YTAGS: an unknown tag before a bad indent was said only in a second run).
 */
function failAll(text: string, first: YamlSyntaxProblem): never {
  const all = workflowYamlProblems(text).map((p) =>
    'syntax' in p
      ? p.syntax
      : { ...p.notPlain, words: `${p.notPlain.what}, which a definition (JSON) cannot hold` },
  );
  const [head = first, ...rest] = all;
  const also = rest.slice(0, MAX_ALSO).map((p) => `; also ${p.line}:${p.column}: ${p.words}`);
  if (rest.length > MAX_ALSO) also.push(`; and ${rest.length - MAX_ALSO} more`);
  return fail(`invalid YAML: ${head.words}${also.join('')}`, head.line, head.column);
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
