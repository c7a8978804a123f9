import { type Alias, type Document, isAlias, isMap, isSeq, LineCounter, visit } from 'yaml';
import { yamlLimits } from './yaml-budget.js';
import { parseYamlDocument } from './yaml-document.js';
import { firstNotPlain, type NotPlain, notPlainNodes } from './yaml-plain-data.js';
import { allYamlProblems, firstYamlProblem, type YamlSyntaxProblem, yamlCodeWords } from './yaml-syntax.js';

export { tooLargeWords } from './yaml-budget.js';

// A YAML workflow definition as the upload reads it: `workflow create --file` sends what this
// returns, and `security check` decides with it whether a file is a workflow and what its
// definition is, whenever its own fast parser (js-yaml) cannot be trusted to read the file the same
// way. One reader, so the gate never passes over a file the upload takes.
//
// The `yaml` package (YAML 1.2, core schema) as lib/yaml-document.ts asks it: printing nothing (its
// messages and warnings quote the document, which may hold a secret, so a problem is kept by its
// place and code only), duplicate keys found in linear time.

/** Why the upload refuses a YAML text, the first reason in the order it checks them. */
export type WorkflowYamlRefusal =
  /** Nested deeper than the gate reads, an error, else a warning (`pw: !Tr0ub4dor` is a password
   * taken for a tag), else an alias that names no anchor (`pw: *Tr0ub4dor`) or the alias past the
   * guard's 100 expansions (a billion laughs), at its place. */
  | { syntax: YamlSyntaxProblem }
  /** A node JSON cannot carry (`!!binary`, `!!timestamp`, `.inf`). */
  | { notPlain: NotPlain }
  /** More YAML nodes than a definition may hold (lib/yaml-budget.ts): not composed at all. */
  | { tooLarge: number };

export interface WorkflowYaml {
  /** What the upload sends: set when `refusal` is not. */
  value?: unknown;
  refusal?: WorkflowYamlRefusal;
  /**
   * The document as composed, when it has neither an error nor a warning (a value JSON cannot hold
   * included): what the scanner reads of a file the upload refuses only for such a value.
   */
  composed?: { value: unknown };
}

/** The most alias expansions a definition may hold. */
const MAX_ALIASES = 100;

/** Read `text` as the upload does (see WorkflowYaml). */
export function readWorkflowYaml(text: string): WorkflowYaml {
  const limits = yamlLimits(text);
  if (limits !== undefined) return { refusal: 'tooLarge' in limits ? limits : { syntax: tooDeep(limits) } };
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  const syntax = firstYamlProblem(doc, lineCounter);
  if (syntax !== undefined) return { refusal: { syntax } };
  // What JSON cannot carry is refused before it is sent: never sent as an accident of JSON.stringify.
  const notPlain = firstNotPlain(doc, lineCounter);
  const js = toJS(doc, lineCounter);
  if (notPlain !== undefined) return { refusal: { notPlain }, ...('value' in js ? { composed: js } : {}) };
  // An alias that names no anchor (`pw: *Tr0ub4dor`, a password taken for an alias) and the alias
  // past the guard are syntax problems at their place, said so by `security check` too.
  if ('tooMany' in js) return { refusal: { syntax: js.tooMany } };
  if ('noAnchor' in js)
    return { refusal: { syntax: unknownAlias(doc, lineCounter) ?? firstAlias(doc, lineCounter) } };
  return { value: js.value, composed: js };
}

/** One place the upload refuses: a syntax problem (an error or a warning), or a value JSON cannot hold. */
export type WorkflowYamlProblem = { syntax: YamlSyntaxProblem } | { notPlain: NotPlain };

/**
 * Every syntax and value problem of a text `readWorkflowYaml` refuses for one, in the order of their
 * places, so the user fixes the file in one round (`security check` says them all too).
 */
export function workflowYamlProblems(text: string): WorkflowYamlProblem[] {
  // Past a limit the document is not composed (it costs what the limit guards against).
  const limits = yamlLimits(text);
  if (limits !== undefined) return 'tooDeep' in limits ? [{ syntax: tooDeep(limits) }] : [];
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  const problems: WorkflowYamlProblem[] = allYamlProblems(doc, lineCounter).map((syntax) => ({ syntax }));
  // A value JSON cannot hold is a problem at its own tag, broken lines or not (YTAGS: `!!binary`
  // before a bad indent was said only once the indent was fixed). One on a line with a syntax
  // problem is that problem (`!!python/object/apply:os.system [ls]` is its tag's warning already).
  // The aliases are judged only in a document without errors.
  const taken = new Set(problems.map((p) => ('syntax' in p ? p.syntax.line : 0)));
  for (const notPlain of notPlainNodes(doc, lineCounter))
    if (!taken.has(notPlain.line)) problems.push({ notPlain });
  if (doc.errors.length === 0) {
    const alias = unknownAlias(doc, lineCounter);
    const js = alias === undefined ? toJS(doc, lineCounter) : undefined;
    if (alias !== undefined) problems.push({ syntax: alias });
    else if (js !== undefined && 'tooMany' in js) problems.push({ syntax: js.tooMany });
  }
  const at = (p: WorkflowYamlProblem) => ('syntax' in p ? p.syntax : p.notPlain);
  return problems.sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
}

function tooDeep(limits: { tooDeep: { line: number; column: number } }): YamlSyntaxProblem {
  return { ...limits.tooDeep, words: yamlCodeWords('TOO_DEEP') };
}

/**
 * The value, or which alias guard refused it: the alias that names no anchor, or the alias whose
 * expansion passed MAX_ALIASES (the package's guard throws a bare ReferenceError, with no text from
 * the document and no place: each alias's resolve is watched, and the first to throw is the place).
 */
function toJS(
  doc: Document,
  lines: LineCounter,
): { value: unknown } | { noAnchor: true } | { tooMany: YamlSyntaxProblem } {
  let culprit: Alias | undefined;
  visit(doc, {
    Alias: (_key, alias) => {
      const resolve = alias.resolve;
      alias.resolve = function watched(this: Alias, ...args: Parameters<Alias['resolve']>) {
        try {
          return resolve.apply(this, args);
        } catch (e) {
          culprit ??= this;
          throw e;
        }
      };
    },
  });
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    if (!/excessive alias count/i.test(e.message)) return { noAnchor: true };
    const at = lines.linePos(culprit?.range?.[0] ?? 0);
    return { tooMany: { line: at.line, column: at.col, words: yamlCodeWords('TOO_MANY_ALIASES') } };
  }
}

/** The first alias's place (an alias the guard refused without naming one). */
function firstAlias(doc: Document, lines: LineCounter): YamlSyntaxProblem {
  let at = 0;
  visit(doc, {
    Alias: (_key, alias) => {
      at = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const { line, col } = lines.linePos(at);
  return { line, column: col, words: yamlCodeWords('BAD_ALIAS') };
}

/** The first alias (in document order) that names no anchor before it, at its place; else undefined. */
function unknownAlias(doc: Document, lines: LineCounter): YamlSyntaxProblem | undefined {
  const anchors = new Set<string>();
  // Without recursing, in document order: a node's anchor is known to what follows it.
  const open: unknown[] = [doc.contents];
  while (open.length > 0) {
    const node = open.pop();
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      if (anchors.has(node.source)) continue;
      const at = lines.linePos(node.range?.[0] ?? 0);
      return { line: at.line, column: at.col, words: yamlCodeWords('BAD_ALIAS') };
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.add(anchor);
    const children: unknown[] = [];
    if (isMap(node)) for (const pair of node.items) children.push(pair.key, pair.value);
    else if (isSeq(node)) for (const item of node.items) children.push(item);
    for (let i = children.length - 1; i >= 0; i--) open.push(children[i]);
  }
  return undefined;
}
