import { type Document, LineCounter } from 'yaml';
import { parseYamlDocument } from './yaml-document.js';
import { firstNotPlain, type NotPlain, notPlainNodes } from './yaml-plain-data.js';
import { allYamlProblems, firstYamlProblem, type YamlSyntaxProblem } from './yaml-syntax.js';

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
  /** An error, else a warning (`pw: !Tr0ub4dor` is a password taken for a tag). */
  | { syntax: YamlSyntaxProblem }
  /** A node JSON cannot carry (`!!binary`, `!!timestamp`, `.inf`). */
  | { notPlain: NotPlain }
  /** The alias guards: more than 100 expansions, or an alias that names no anchor. */
  | { aliases: string };

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
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter });
  const syntax = firstYamlProblem(doc, lineCounter);
  if (syntax !== undefined) return { refusal: { syntax } };
  // What JSON cannot carry is refused before it is sent: never sent as an accident of JSON.stringify.
  const notPlain = firstNotPlain(doc, lineCounter);
  const js = toJS(doc);
  if (notPlain !== undefined) return { refusal: { notPlain }, ...('value' in js ? { composed: js } : {}) };
  if ('aliases' in js) return { refusal: js };
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
        : 'an alias that names no anchor',
    };
  }
}
