import { CST, Lexer } from 'yaml';
import { eachJsonString } from '../json-syntax.js';
import { type CredentialMatch, pairCredentials } from './scan-text.js';
import { besideFound, Covered } from './uncovered.js';
import {
  BINARY_TAG,
  binaryScalars,
  type Check,
  composedStrings,
  hasValueBelow,
  valuesBelow,
} from './values-below.js';
import { CREDENTIAL_KEY, NOT_A_STRING } from './yaml-key-values.js';

// The rules match the file's text, but what the platform receives is the parsed value: a token
// written with escapes (`"\u0067hp_…"`, `"gh\x70_…"`), broken by an escaped line end, or under an
// escaped or explicit key (`"api\u005fkey"`, `? password`) is a secret the text does not show.
// So when a file has escapes or explicit keys, a credential-named key whose value is not on the
// key's line (values-below.ts), or one whose value holds a text-scan finding (what is beside the
// token), its decoded string keys and values are checked too
// (the token rules, and the credential-name rule on `"key": "value"`), each match placed at its
// scalar in the text, whose whole source is masked. A secret the text scan already found in that
// scalar is not reported twice (elsewhere it is: an ignore covers one line).
// A JSON file's strings come from jsonc-parser's visitor, one at a time: eemeli/yaml's document
// of a 16 kB JSON file (a PEM key written with `\n`) outlived the scavenges of its own parse, and
// every such file left its tree in the old generation, so the scan's peak grew with the corpus.
// A YAML file's come from eemeli/yaml's lexer, and from its composed document when the lexer cannot
// say (yamlStrings).

/**
 * Worth decoding: an escape (JSON, YAML double quotes) or an explicit YAML key: `?` then a blank or
 * the line's end, at a line's start, after a sequence entry's `- `, or in a flow collection. Wider
 * than the grammar costs only a decode; narrower would miss a key.
 */
const MAY_HIDE = /\\|(?:^[ \t]*(?:-[ \t]+)*|[{[,][ \t]*)\?(?:[ \t]|$)/m;

/** Credentials in the decoded keys and values of `text` that `found` (the text scan's) does not have. */
export function decodedCredentials(
  text: string,
  found: readonly CredentialMatch[],
  syntax: 'json' | 'yaml',
): CredentialMatch[] {
  const below = hasValueBelow(text, syntax);
  const mayHide = MAY_HIDE.test(text);
  const binary = syntax === 'yaml' && BINARY_TAG.test(text);
  // A credential-named value holding a found token has the rest of it judged whatever its layout:
  // on its key's line, the text scan found the token and never looked at what is beside it.
  const beside = found.length > 0 && CREDENTIAL_KEY.test(text);
  if (!below && !mayHide && !binary && !beside) return [];
  const every = below || mayHide || binary;
  const covered = new Covered(found);
  const out: CredentialMatch[] = [];
  // A finding is a place: the same secret found elsewhere (by the text scan or here) is reported
  // there too, since an inline ignore silences its own line only.
  const reported = new Map<number, Map<string, CredentialMatch>>();
  const add = (m: CredentialMatch) => {
    const here = reported.get(m.start) ?? new Map<string, CredentialMatch>();
    if (here.has(m.secret)) return;
    reported.set(m.start, here.set(m.secret, m));
    out.push(m);
  };
  // A value's final line breaks are not part of it (a `|` block ends in one), and a value of
  // several lines is checked line by line: JSON.stringify writes a line break as `\n`, which the
  // rules took as part of one value. Only the characters a text-scan finding covers are that
  // finding's: the rest of its line is still checked, or a password beside a found token was never
  // reported, and then printed.
  const judge = (name: string, value: string, start: number, end: number, own: boolean) => {
    const inside = covered.within(start, end);
    if (!every && inside.length === 0) return;
    const { parts, known } = besideFound(text, value.replace(/[\r\n]+$/, ''), inside, [start, end], own);
    for (const part of parts)
      for (const m of pairCredentials(name, part))
        if (!known(m)) add({ rule: m.rule, offset: start, start, end, secret: m.secret });
  };
  const check: Check = (name, value, start, end) => judge(name, value, start, end, true);
  if (syntax === 'json') jsonStrings(text, check);
  else {
    if (mayHide) yamlStrings(text, check);
    const holds = (start: number, end: number) => covered.within(start, end).length > 0;
    if (below || beside)
      valuesBelow(text, check, holds, ([start, end], [first]) => {
        for (const m of reported.get(first)?.values() ?? []) add({ ...m, offset: start, start, end });
      });
    // The decoded bytes first (a token); the base64 itself only when they say nothing (a password's
    // bytes). The text scan's findings are in the base64, not in the bytes: none is cut out of them.
    if (binary)
      binaryScalars(text, (name, decoded, base64, start, end) => {
        const before = out.length;
        if (decoded !== undefined) judge(name, decoded, start, end, false);
        if (out.length === before) check(name, base64, start, end);
      });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** Every string of a JSON text, a key first as a value of its own (lib/json-syntax.ts walks them). */
function jsonStrings(text: string, check: Check): void {
  eachJsonString(text, ({ value, start, end, isKey, owner }) => {
    check(isKey ? '' : owner, value, start, end);
    return undefined;
  });
}

/** A scalar token the lexer gave: its source, where it starts, whether it holds an escape. */
interface Lexed {
  type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar';
  source: string;
  offset: number;
  escaped: boolean;
  /** The key this scalar would be the value of (undefined: none). */
  key: Lexed | undefined;
}

/** What ends a pending scalar as a value and starts a new collection or entry. */
const BREAKS = new Set([
  'seq-item-ind',
  'flow-seq-start',
  'flow-map-start',
  'comma',
  'flow-seq-end',
  'flow-map-end',
]);
/** What the lexer alone does not type as the composer would: the composed document reads those files. */
const COMPOSED = new Set([
  'explicit-key-ind',
  'tag',
  'anchor',
  'alias',
  'directive-line',
  'doc-end',
  'flow-error-end',
]);

class Unlexable extends Error {}

/**
 * The strings of a YAML text a decode may change: each double-quoted scalar with an escape, and a
 * pair whose key or value has one, from eemeli/yaml's lexer, one token at a time. Its composed
 * document (a Scalar, a Pair, a range per node) was 100 times the file's size and, built over more
 * than a scavenge, outlived it: every such file left its tree in the old generation. A scalar with
 * no escape decodes to what the text scan has read. What the lexer cannot type the way the composer
 * does (an explicit key, a tag, an anchor or alias, a directive, several documents) is read from the
 * composed document.
 */
function yamlStrings(text: string, check: Check): void {
  const out: Array<Parameters<Check>> = [];
  try {
    lexedStrings(text, (...args) => void out.push(args));
  } catch (e) {
    if (!(e instanceof Unlexable)) throw e;
    composedStrings(text, check);
    return;
  }
  for (const args of out) check(...args);
}

function lexedStrings(text: string, check: Check): void {
  let offset = 0;
  let seen = false;
  let pending: Lexed | undefined;
  let key: Lexed | undefined;
  let block = false;
  let plainNext = false;
  const value = (s: Lexed) => {
    if (!s.escaped && !s.key?.escaped) return;
    const v = decoded(s);
    if (v) check(s.key ? (decoded(s.key)?.[0] ?? '') : '', ...v);
  };
  const flush = () => {
    if (pending) value(pending);
    pending = undefined;
  };
  for (const source of new Lexer().lex(text)) {
    // SCALAR is zero-width: the token after it is a plain or block scalar's source.
    if (source === CST.SCALAR) {
      plainNext = true;
      continue;
    }
    if (source === CST.DOCUMENT) continue;
    const type = plainNext ? 'scalar' : CST.tokenType(source);
    plainNext = false;
    const at = offset;
    offset += source.length;
    if (type === null || COMPOSED.has(type) || (type === 'doc-start' && seen)) throw new Unlexable();
    if (type === 'space' || type === 'newline' || type === 'comment' || type === 'byte-order-mark') continue;
    seen = true;
    if (type === 'block-scalar-header') {
      flush();
      block = true;
    } else if (type === 'scalar' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar') {
      if (block) {
        // A block scalar has no escapes; under an escaped key it is the value the composer decodes.
        if (key?.escaped) throw new Unlexable();
        block = false;
        key = undefined;
        continue;
      }
      flush();
      pending = {
        type,
        source,
        offset: at,
        escaped: type === 'double-quoted-scalar' && source.includes('\\'),
        key,
      };
      key = undefined;
    } else if (type === 'map-value-ind') {
      if (pending) {
        // The scalar before `:` is a key: checked as a string of its own, then named by its value.
        const k: Lexed = { ...pending, key: undefined };
        if (k.escaped) value(k);
        key = k;
        pending = undefined;
      } else key = undefined;
    } else if (BREAKS.has(type)) {
      flush();
      key = undefined;
    } else if (type !== 'doc-start' && type !== 'doc-mode') throw new Unlexable();
  }
  if (block && key?.escaped) throw new Unlexable();
  flush();
}

/** A scalar token's decoded string and its range, or undefined when the core schema makes it no string. */
function decoded(s: Lexed): [string, number, number] | undefined {
  let error = false;
  const token: CST.FlowScalar = { type: s.type, offset: s.offset, indent: 0, source: s.source };
  const r = CST.resolveAsScalar(token, true, () => {
    error = true;
  });
  // A scalar the composer would report (a bad escape): it keeps a value the lexer cannot give.
  if (error) throw new Unlexable();
  if (r.type === 'PLAIN' && NOT_A_STRING.test(r.value)) return undefined;
  return [r.value, r.range[0], r.range[1]];
}
