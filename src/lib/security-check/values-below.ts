import { CST, isPair, isScalar, Lexer, parseDocument, visit as visitYaml } from 'yaml';

// The keys whose value the text scan cannot pair with them on one line, and the composed document
// that pairs them: what decoded-scalars.ts checks when a YAML file has such a key (or the lexer
// cannot type a file), or a JSON file has one (jsonStrings pairs those token by token).

/** Called for each string scalar: the key it is the value of ('' when none), its value, its source range. */
export type Check = (name: string, value: string, start: number, end: number) => void;

/** A credential-like key, as the credential-name rule reads it; tested on a key already cut out. */
const CREDENTIAL_KEY = /key|token|secret|passw(?:or)?d|pwd|credential|auth/i;

/**
 * A YAML key whose value the text scan cannot pair with it on one line: nothing after the colon
 * (the value on the lines below), a block scalar (`|`, `>-`), a quoted scalar that folds onto the
 * next line, or an anchor or tag first (`&a`, `!!str`). The key plain or quoted (spaces allowed in
 * quotes), at most 200 characters, at a line's start after any `- ` entries, or after `{` or `,` in
 * a flow collection. The key is one bounded run, tested for a credential word afterwards: a word
 * inside the pattern (`[\w.-]*key[\w.-]*`) backtracked quadratically on a long line of words.
 */
const KEY_LINE =
  /(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)(?:[&!][^\s]{0,200}[ \t]+){0,4}("[^"\n]{0,200}"|'[^'\n]{0,200}'|[\w.-]{1,200})[ \t]*:(?:[ \t]+(?:[&!]\S*[ \t]*)+.*|[ \t]*(?:[|>][-+0-9]*[ \t]*(?:#.*)?|#.*|"[^"\n]*|'[^'\n]*)?)$/gm;

/** The same in JSON: a key whose string is not on its line (`"password":` then the value below). */
const JSON_KEY_LINE = /"([^"\n]{0,200})"(?:[ \t]*\r?\n[ \t\r\n]*:|[ \t]*:[ \t]*\r?\n)/g;

/** Each KEY_LINE match whose key names a credential. */
function* credentialKeyLines(text: string): Generator<RegExpExecArray> {
  for (const m of text.matchAll(KEY_LINE)) if (CREDENTIAL_KEY.test(m[1] as string)) yield m;
}

/** Whether `text` has a credential-named key whose value the text scan cannot pair with it. */
export function hasValueBelow(text: string, syntax: 'json' | 'yaml'): boolean {
  if (syntax === 'yaml') return !credentialKeyLines(text).next().done;
  for (const m of text.matchAll(JSON_KEY_LINE)) if (CREDENTIAL_KEY.test(m[1] as string)) return true;
  return false;
}

/**
 * The strings of each credential-named key's entry (KEY_LINE), composed from that entry alone: its line and the
 * lines below it that are blank, comments, or indented deeper. A whole document is about a hundred
 * times its file in memory (and promoted before it is collected); an entry is a few lines. An entry
 * inside one already composed is not composed again (its pairs were visited with the outer one), so
 * each line is composed once however deep the keys nest. A key in a flow collection has the entry
 * of the line the collection opens on (its brackets close inside it). The whole document instead,
 * once, when an entry holds an alias (its anchor is elsewhere).
 */
export function valuesBelow(text: string, check: Check): void {
  const entries = entriesBelow(text);
  if (entries === 'document') {
    composedStrings(text, check);
    return;
  }
  for (const [start, end] of entries)
    composedStrings(text.slice(start, end), (name, value, from, to) =>
      check(name, value, start + from, start + to),
    );
}

/** The ranges valuesBelow() composes, in order and never overlapping; or the whole document. */
export function entriesBelow(text: string): Array<[number, number]> | 'document' {
  const matches = [...credentialKeyLines(text)];
  // The key itself starts after any `- ` entries and its own anchor or tag (`&p api_token:`).
  const keyAt = (m: RegExpExecArray) =>
    m.index + (/^[{,]?[ \t]*(?:-[ \t]+)*(?:[&!]\S*[ \t]+)*/.exec(m[0]) as RegExpExecArray)[0].length;
  const keys = structuralKeys(text, matches.map(keyAt));
  const out: Array<[number, number]> = [];
  let covered = 0;
  for (const [i, m] of matches.entries()) {
    if (m.index < covered || !keys[i]) continue;
    // In a flow collection (`x: {password: …}`), the entry of the line the collection is on.
    const start = text.lastIndexOf('\n', m.index - 1) + 1;
    const indent = (/^[ \t]*(?:-[ \t]+)*/.exec(text.slice(start, keyAt(m))) as RegExpExecArray)[0].length;
    let end = m.index + m[0].length;
    while (end < text.length) {
      const next = text.indexOf('\n', end + 1);
      const line = text.slice(end + 1, next === -1 ? text.length : next);
      const lead = (/^[ \t]*/.exec(line) as RegExpExecArray)[0].length;
      if (line.trim() !== '' && line[lead] !== '#' && lead <= indent) break;
      end = next === -1 ? text.length : next;
    }
    if (/(?:^|[\s,[{:])\*[^\s,[\]{}]/.test(text.slice(start, end))) return 'document';
    out.push([start, end]);
    covered = end;
  }
  return out;
}

/**
 * For each offset (ascending), whether the lexer starts a key-shaped scalar there: a plain or
 * quoted scalar, not a block scalar's body. A `password:` line inside a block scalar or a quoted
 * string is text, not structure: composed, a flow collection 500,000 deep in a block scalar (a
 * valid file of one string) cost 600 MB, and entries nesting inside one another cost time cubic in
 * the file. One pass of eemeli/yaml's lexer, which keeps no tokens.
 */
function structuralKeys(text: string, offsets: readonly number[]): boolean[] {
  const out = offsets.map(() => false);
  let next = 0;
  let offset = 0;
  let plain = false;
  let body = false;
  for (const source of new Lexer().lex(text)) {
    if (next >= offsets.length) break;
    // The lexer's zero-width marks: a plain or block scalar's source follows SCALAR.
    if (source === CST.SCALAR) {
      plain = true;
      continue;
    }
    if (source === CST.DOCUMENT || source === CST.FLOW_END) continue;
    const type = plain ? 'scalar' : CST.tokenType(source);
    plain = false;
    const at = offset;
    offset += source.length;
    if (type === 'block-scalar-header') body = true;
    else if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar') {
      while (next < offsets.length && (offsets[next] as number) < at) next++;
      if (!body && offsets[next] === at) out[next++] = true;
      body = false;
    }
  }
  return out;
}

/** Every string scalar of the composed document, and each alias to one, with the key it is the value of. */
export function composedStrings(text: string, check: Check): void {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  const keyOf = (where: unknown, path: readonly unknown[]) => {
    const parent = path[path.length - 1];
    const key = where === 'value' && isPair(parent) && isScalar(parent.key) ? parent.key.value : '';
    return typeof key === 'string' ? key : '';
  };
  visitYaml(doc, {
    Scalar(where, node, path) {
      if (typeof node.value !== 'string' || !node.range) return;
      check(keyOf(where, path), node.value, node.range[0], node.range[1]);
    },
    // `password: *a`: the platform receives the anchored scalar as this key's value.
    Alias(where, node, path) {
      const target = node.resolve(doc);
      if (!isScalar(target) || typeof target.value !== 'string' || !node.range) return;
      check(keyOf(where, path), target.value, node.range[0], node.range[1]);
    },
  });
}
