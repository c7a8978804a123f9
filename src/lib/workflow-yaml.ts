import { type Document, isAlias, isMap, isSeq, LineCounter } from 'yaml';
import { MAX_YAML_NODES, moreYamlNodesThan } from './yaml-budget.js';
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
  /** An error, else a warning (`pw: !Tr0ub4dor` is a password taken for a tag), else an alias that
   * names no anchor (`pw: *Tr0ub4dor`), at its place. */
  | { syntax: YamlSyntaxProblem }
  /** A node JSON cannot carry (`!!binary`, `!!timestamp`, `.inf`). */
  | { notPlain: NotPlain }
  /** The alias guard: more than 100 expansions (no one place). */
  | { aliases: string }
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
  if (moreYamlNodesThan(text)) return { refusal: { tooLarge: MAX_YAML_NODES } };
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  const syntax = firstYamlProblem(doc, lineCounter);
  if (syntax !== undefined) return { refusal: { syntax } };
  // What JSON cannot carry is refused before it is sent: never sent as an accident of JSON.stringify.
  const notPlain = firstNotPlain(doc, lineCounter);
  const js = toJS(doc);
  if (notPlain !== undefined) return { refusal: { notPlain }, ...('value' in js ? { composed: js } : {}) };
  if ('aliases' in js) {
    // An alias that names no anchor has a place (`pw: *Tr0ub4dor`, a password taken for an alias):
    // said as a syntax problem there, by `security check` too.
    const alias = js.aliases === NO_ANCHOR ? unknownAlias(doc, lineCounter) : undefined;
    return { refusal: alias !== undefined ? { syntax: alias } : js };
  }
  return { value: js.value, composed: js };
}

/** One place the upload refuses: a syntax problem (an error or a warning), or a value JSON cannot hold. */
export type WorkflowYamlProblem = { syntax: YamlSyntaxProblem } | { notPlain: NotPlain };

/**
 * Every syntax and value problem of a text `readWorkflowYaml` refuses for one, in the order of their
 * places, so the user fixes the file in one round. After an error the document's values are not
 * judged (what follows a broken line is not what was meant); a warning leaves them readable.
 */
export function workflowYamlProblems(text: string): WorkflowYamlProblem[] {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  const problems: WorkflowYamlProblem[] = allYamlProblems(doc, lineCounter).map((syntax) => ({ syntax }));
  if (doc.errors.length > 0) return problems;
  for (const notPlain of notPlainNodes(doc, lineCounter)) problems.push({ notPlain });
  const alias = unknownAlias(doc, lineCounter);
  if (alias !== undefined) problems.push({ syntax: alias });
  const at = (p: WorkflowYamlProblem) => ('syntax' in p ? p.syntax : p.notPlain);
  return problems.sort((a, b) => at(a).line - at(b).line || at(a).column - at(b).column);
}

function toJS(doc: Document): { value: unknown } | { aliases: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (e) {
    // The alias guards throw a bare ReferenceError, with no text from the document.
    if (!(e instanceof ReferenceError)) throw e;
    return {
      aliases: /excessive alias count/i.test(e.message)
        ? `more aliases than a definition needs (at most ${MAX_ALIASES})`
        : NO_ANCHOR,
    };
  }
}

const NO_ANCHOR = 'an alias that names no anchor';

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
