import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter } from 'yaml';
import { pushAll } from './arrays.js';

// Whether a parsed YAML document is plain JSON data, which is all a definition sent to the API is.
// The `yaml` package resolves YAML 1.1's explicit tags even under the core schema: `!!binary` to
// bytes (JSON.stringify then sends a Node Buffer's `{"type":"Buffer","data":[…]}`, a token
// `security check` read as base64 text), `!!timestamp` to a Date, `!!set` and `!!omap` to a Set and
// a Map, and `!!float .inf` to a number JSON writes as null. None has a JSON form, so such a file is
// refused at its place, by its key path and its kind, never its value. (A custom `!tag` is a warning
// the reader refuses already.)

/** Where a document stops being JSON data: 1-based line and column, the key path, what is there. */
export interface NotPlain {
  line: number;
  column: number;
  path: (string | number)[];
  /** What the node is, in words: `binary data (!!binary)`. */
  what: string;
}

const CORE = 'tag:yaml.org,2002:';
const PLAIN_COLLECTIONS = new Set([undefined, `${CORE}map`, `${CORE}seq`]);

/** The first node (in document order) whose value JSON cannot carry; undefined when there is none. */
export function firstNotPlain(doc: Document, lines: LineCounter): NotPlain | undefined {
  return notPlainNodes(doc, lines).next().value ?? undefined;
}

/**
 * Every node JSON cannot carry, in document order (a command lists them all at once); under such a
 * node nothing more is judged, it is refused whole.
 */
export function* notPlainNodes(doc: Document, lines: LineCounter): Generator<NotPlain, void> {
  const open: Array<[unknown, (string | number)[]]> = [[doc.contents, []]];
  for (let item = open.pop(); item !== undefined; item = open.pop()) {
    const [node, path] = item;
    // An alias's anchored node is judged where it stands.
    if (node === null || node === undefined || isAlias(node)) continue;
    const what = isScalar(node) ? scalarKind(node.value, node.tag) : collectionKind(node);
    const range = (node as { range?: [number, number, number] }).range;
    if (what !== undefined) {
      yield { ...place(range, lines), path, what };
      continue;
    }
    const children: Array<[unknown, (string | number)[]]> = [];
    if (isMap(node))
      for (const pair of node.items) {
        const key = pair.key;
        const keyWhat = isScalar(key)
          ? scalarKind(key.value, key.tag)
          : key === null
            ? undefined
            : 'a key that is a mapping or a sequence';
        if (keyWhat !== undefined) {
          const r = (key as { range?: [number, number, number] }).range;
          yield { ...place(r, lines), path, what: keyWhat };
          continue;
        }
        children.push([pair.value, [...path, isScalar(key) ? String(key.value) : '']]);
      }
    else if (isSeq(node))
      node.items.forEach((c, i) => {
        children.push([c, [...path, i]]);
      });
    // Pushed in reverse so that the first in the document is judged first.
    pushAll(open, children.reverse());
  }
}

function place(range: [number, number, number] | undefined, lines: LineCounter) {
  const at = lines.linePos(range?.[0] ?? 0);
  return { line: at.line, column: at.col };
}

/** What a scalar's value is when JSON cannot carry it. */
function scalarKind(value: unknown, tag: string | undefined): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return undefined;
    return `${Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'} (a number JSON has not)`;
  }
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (value instanceof Date) return 'a date (!!timestamp)';
  return `a value of the tag ${tagName(tag)}`;
}

function collectionKind(node: unknown): string | undefined {
  if (!isMap(node) && !isSeq(node)) return 'a node of no JSON kind';
  if (PLAIN_COLLECTIONS.has(node.tag)) return undefined;
  return `a collection of the tag ${tagName(node.tag)} (no JSON form)`;
}

/** YAML 1.1's tags by their short name; any other tag is not repeated (`!Tr0ub4dor` may be a password). */
const NAMED = new Set([
  'binary',
  'timestamp',
  'set',
  'omap',
  'pairs',
  'map',
  'seq',
  'str',
  'int',
  'float',
  'bool',
  'null',
]);

function tagName(tag: string | undefined): string {
  const short = tag?.startsWith(CORE) ? tag.slice(CORE.length) : undefined;
  return short !== undefined && NAMED.has(short) ? `!!${short}` : '(a tag not repeated here)';
}
