import {
  type Document,
  type ErrorCode,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  parseDocument,
  visit,
  YAMLParseError,
} from 'yaml';

// A YAML document parsed for the CLI: the `yaml` package asked to print nothing (its messages and
// warnings quote the document, which may hold a secret), and its duplicate-key check replaced by
// one in linear time. The package's own (uniqueKeys: true) compares each key with every key before
// it in its mapping: a 600 KB mapping of 40,000 keys took 38 s (hostile pass 14, H14a-5). Here a Set
// per mapping finds the same keys, and more: two keys JSON cannot tell apart (`1:` and `"1":`,
// `true:` and `"true":`) are one key once the document is JSON, so the second is a duplicate too,
// as js-yaml (the gate's fast parser) and JSON's own duplicateKey (json-syntax.ts) already say.
// Each duplicate is an error of the package's kind (DUPLICATE_KEY, at its key) in `doc.errors`, in
// the order of their places, so every reader of errors sees it where the package put its own.

export interface YamlDocumentOptions {
  lineCounter?: LineCounter;
}

/** `text` parsed as one YAML document, with a DUPLICATE_KEY error at each key its mapping repeats. */
export function parseYamlDocument(text: string, options: YamlDocumentOptions = {}): Document.Parsed {
  const doc = parseDocument(text, {
    prettyErrors: false,
    logLevel: 'silent',
    uniqueKeys: false,
    ...(options.lineCounter ? { lineCounter: options.lineCounter } : {}),
  });
  // In the order of their places (the package's own are not always): the first is the first in the
  // file for every reader. A stable sort: errors at one place keep their order, a duplicate last.
  const all = placedWhereMeant(doc, text)
    .concat(duplicateKeyErrors(doc))
    .sort((a, b) => a.pos[0] - b.pos[0]);
  doc.errors.length = 0;
  for (const e of all) doc.errors.push(e);
  return doc;
}

/** The key a scalar key is once the document is JSON (the `yaml` package's toJS: null is ""). */
function jsonKey(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A DUPLICATE_KEY error at every key that its mapping has already, in document order. */
function duplicateKeyErrors(doc: Document): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  // Without recursing: a document may nest thousands of levels before its depth is judged.
  const open: unknown[] = [doc.contents];
  while (open.length > 0) {
    const node = open.pop();
    if (node === null || node === undefined || isAlias(node)) continue;
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const name = jsonKey(key.value);
          if (keys.has(name)) {
            const at = key.range?.[0] ?? 0;
            errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          keys.add(name);
        } else if (key !== null && !isAlias(key)) open.push(key);
        open.push(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) open.push(item);
  }
  return errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * The package's errors, two of them moved to where the user would look (YPOS). A key indented more
 * than the one before it (`a: 1` then `   b: 2`) is, to the package, a value `1` that runs on into a
 * key (BLOCK_AS_IMPLICIT_KEY and MULTILINE_IMPLICIT_KEY at the value): one BAD_INDENT at that key.
 * A flow collection not closed before the block's next line (`x: [1, 2` then `y: 3`) is a BAD_INDENT
 * at the next line: one FLOW_NOT_CLOSED at the `[` or `{` that was opened.
 */
function placedWhereMeant(doc: Document, text: string): YAMLParseError[] {
  const errors = doc.errors;
  const out: YAMLParseError[] = [];
  // A line indented less than its block's lines but more than the block's parent (3 spaces where 4
  // are due, in a sequence item) is "Sequence item without - indicator" at its start: it is the
  // line's indentation that is wrong, said at its first character, and what the package then makes
  // of that line and the next (a multi-line key, "bad indentation" on a correct line) is its echo.
  const misIndented: Array<[number, number]> = [];
  for (const e of errors) {
    if (e.code !== 'MISSING_CHAR' || !/^Sequence item without - indicator/.test(e.message)) continue;
    const lineStart = text.lastIndexOf('\n', e.pos[0] - 1) + 1;
    let first = lineStart;
    while (text[first] === ' ') first++;
    if (e.pos[0] > first || first === lineStart) continue;
    const lineEnd = text.indexOf('\n', first);
    misIndented.push([lineStart, lineEnd === -1 ? text.length : lineEnd]);
    out.push(new YAMLParseError([first, first + 1], 'BAD_INDENT', 'A line indented less than its block'));
  }
  const onMisIndented = (at: number) => misIndented.some(([from, to]) => at >= from && at <= to);
  for (const e of errors) {
    const at = e.pos[0];
    if (onMisIndented(at)) continue;
    if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') {
      const multi = errors.find((m) => m.code === 'MULTILINE_IMPLICIT_KEY' && m.pos[0] === at);
      const pair = errors.some((b) => b.code === 'BLOCK_AS_IMPLICIT_KEY' && b.pos[0] === at);
      if (multi !== undefined && pair && text.slice(at, multi.pos[1]).includes('\n')) {
        // One error for the pair: at the BLOCK_AS_IMPLICIT_KEY, the key's line.
        if (e.code === 'MULTILINE_IMPLICIT_KEY') continue;
        let key = text.lastIndexOf('\n', multi.pos[1] - 1) + 1;
        while (text[key] === ' ' || text[key] === '\t') key++;
        out.push(
          new YAMLParseError([key, key + 1], 'BAD_INDENT', 'A key indented more than the one before it'),
        );
        continue;
      }
    }
    // Not when another error stands at that place (a quote left open inside the flow): it is the cause.
    const alone = !errors.some((o) => o !== e && o.pos[0] === at);
    const flow =
      alone && e.code === 'BAD_INDENT' && /^Flow (?:sequence|map) in block/.test(e.message)
        ? openFlow(doc, at)
        : undefined;
    if (flow !== undefined) {
      out.push(new YAMLParseError([flow.at, flow.at + 1], flow.code, 'A flow collection not closed'));
      continue;
    }
    out.push(e);
  }
  return out;
}

/** The outermost flow collection whose text ends at `at` (where the package found the next line). */
function openFlow(doc: Document, at: number): { at: number; code: ErrorCode } | undefined {
  let found: { at: number; code: ErrorCode } | undefined;
  visit(doc, {
    Collection: (_key, node) => {
      const range = node.range;
      if (!isCollection(node) || !node.flow || range === undefined || range === null) return undefined;
      if (range[0] < at && range[1] === at) {
        found = {
          at: range[0],
          code: (isMap(node) ? 'FLOW_MAP_NOT_CLOSED' : 'FLOW_SEQ_NOT_CLOSED') as ErrorCode,
        };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
