import { CST, Lexer } from 'yaml';
import { GENERIC_RULE, genericCredential } from './generic-rule.js';
import { ALL_CREDENTIAL_RULES, findCredentials } from './scan-text.js';
import type { Check, Holds, Repeat } from './values-below.js';

// A YAML file's credential-named keys and the scalar each is paired with, from one pass of
// eemeli/yaml's lexer (values-below.ts gives them to the rules): nothing is composed.

/** A credential-like key, as the credential-name rule reads it; tested on a key already cut out. */
export const CREDENTIAL_KEY = /key|token|secret|pass|pw|cred|auth/i;

/** A scalar the lexer gave: a flow scalar (its token), or a block scalar (header, body, parent indent). */
type Node =
  | { kind: 'flow'; token: CST.FlowScalar; tag: string | undefined }
  | { kind: 'block'; token: CST.BlockScalar; tag: string | undefined };

/** A credential-named key waiting for its value. */
interface Owner {
  name: string;
  /** No line break, anchor or tag yet between the key's `:` and its value. */
  plain: boolean;
}

/** A scalar or alias not yet known to be a key (a `:` follows) or a value. */
interface Candidate {
  node: Node | undefined;
  /** The alias's own range when this is an alias to `node`. */
  alias: [number, number] | undefined;
  owner: Owner | undefined;
  anchor: string | undefined;
  /** The anchor was on a line of its own: it names the mapping when the candidate is a key. */
  anchorAbove: boolean;
  /** The same for its tag: a key's own tag is on the key's line, one above is the mapping's. */
  tagAbove?: boolean;
}

/**
 * Each credential-named key's string value the text scan cannot pair with it (see valuesBelow),
 * and each one on its key's line that `holds` a text-scan finding (what is beside it is judged).
 */
export function credentialValues(text: string, check: Check, holds?: Holds, repeat?: Repeat): void {
  const anchors = new Map<string, Node | undefined>();
  let offset = 0;
  let lineStart = 0;
  /** The column a block scalar's explicit indentation counts from: its key's, or its `- `'s. */
  let parentIndent = 0;
  let owner: Owner | undefined;
  let candidate: Candidate | undefined;
  let tag: string | undefined;
  let anchor: string | undefined;
  let anchorAlone = false;
  let tagAlone = false;
  let header: { source: string; offset: number; indent: number; owner: Owner | undefined } | undefined;
  let plainNext = false;

  // An anchored scalar is read once for each way the rules read a key name (nameClass): each alias
  // to it would read it again (a 100 kB scalar and 50,000 aliases is gigabytes), and the same value
  // under a name the rules read alike gives the same findings, which the caller repeats at each alias.
  const aliased = new Map<Node, Map<string, [number, number]>>();
  const classes = new Map<string, string>();
  const emit = (name: string, node: Node, range?: [number, number]) => {
    if (range) {
      const kind = classes.get(name) ?? nameClass(name);
      classes.set(name, kind);
      const seen = aliased.get(node) ?? new Map<string, [number, number]>();
      // Each alias is a place of its own (an ignore silences one line): the first one's findings, here.
      const first = seen.get(kind);
      if (first) return void repeat?.(range, first);
      aliased.set(node, seen.set(kind, range));
    }
    const r = stringOf(node);
    // Each line without the blanks around it: a fold leaves one (`"P` then `  "` is `P `), and a
    // line indented deeper in a block keeps its indent; neither is part of what a secret looks like.
    const value = r?.[0].replace(/[ \t]+(?=\r?\n|\r|$)|(?<=^|\n|\r)[ \t]+/g, '');
    if (r && value !== undefined) check(name, value, ...(range ?? [r[1], r[2]]));
  };
  /** The candidate is a value: its anchor names it, and its owner is paired with it. */
  const settle = () => {
    const c = candidate;
    candidate = undefined;
    if (!c) return;
    if (c.anchor !== undefined) anchors.set(c.anchor, c.node);
    if (!c.owner || !c.node) return;
    // An alias's target is its anchor's, read once: only this scalar's own source is looked at.
    if (c.alias) return emit(c.owner.name, c.node, c.alias);
    const { kind, token } = c.node;
    if (!c.owner.plain || kind === 'block' || /[\r\n]/.test(token.source)) emit(c.owner.name, c.node);
    else if (holds?.(token.offset, token.offset + token.source.length)) emit(c.owner.name, c.node);
  };
  const collection = () => {
    settle();
    if (anchor !== undefined) anchors.set(anchor, undefined);
    owner = undefined;
    tag = undefined;
    anchor = undefined;
  };
  const decorate = () => {
    if (owner) owner.plain = false;
  };

  for (const source of new Lexer().lex(text)) {
    // SCALAR is zero-width: the token after it is a plain or block scalar's source.
    if (source === CST.SCALAR) {
      plainNext = true;
      continue;
    }
    // The other zero-width marks: a document's start, and a flow collection the lexer gave up on.
    if (source === CST.DOCUMENT) continue;
    if (source === CST.FLOW_END) {
      collection();
      continue;
    }
    const type = plainNext ? 'scalar' : CST.tokenType(source);
    plainNext = false;
    const at = offset;
    offset += source.length;
    const lastBreak = source.lastIndexOf('\n');
    if (lastBreak !== -1) lineStart = at + lastBreak + 1;
    if (header && type !== 'scalar' && type !== 'space' && type !== 'comment' && type !== 'newline') {
      finishBlock('');
    }
    switch (type) {
      case 'space':
      case 'comment':
        continue;
      case 'newline':
        settle();
        parentIndent = 0;
        if (owner) owner.plain = false;
        if (anchor !== undefined) anchorAlone = true;
        if (tag !== undefined) tagAlone = true;
        continue;
      case 'anchor':
        anchor = source.slice(1);
        anchorAlone = false;
        decorate();
        continue;
      case 'tag':
        tag = source;
        tagAlone = false;
        decorate();
        continue;
      case 'block-scalar-header':
        settle();
        header = { source, offset: at, indent: parentIndent, owner };
        owner = undefined;
        continue;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar': {
        if (header) {
          finishBlock(source);
          continue;
        }
        settle();
        const token: CST.FlowScalar = { type, offset: at, indent: 0, source };
        const node: Node = { kind: 'flow', token, tag };
        candidate = { node, alias: undefined, owner, anchor, anchorAbove: anchorAlone, tagAbove: tagAlone };
        owner = undefined;
        tag = undefined;
        tagAlone = false;
        anchor = undefined;
        continue;
      }
      case 'alias': {
        settle();
        const node = anchors.get(source.slice(1));
        candidate = { node, alias: [at, offset], owner, anchor: undefined, anchorAbove: false };
        owner = undefined;
        continue;
      }
      case 'map-value-ind': {
        const c = candidate;
        candidate = undefined;
        // The candidate was a key: an anchor on its line names the key, one on a line above the mapping.
        if (c?.anchor !== undefined) anchors.set(c.anchor, c.anchorAbove ? undefined : c.node);
        owner = undefined;
        tag = undefined;
        anchor = undefined;
        if (!c?.node) continue;
        parentIndent = (c.alias ? c.alias[0] : (c.node.token.offset as number)) - lineStart;
        // An alias key is its anchored scalar (`*k : P` is `db_password: P`), a name the text scan
        // never sees on this line; a tag above the key (`settings: !!map`) is the mapping's.
        const name = stringOf(c.tagAbove ? { ...c.node, tag: undefined } : c.node)?.[0];
        if (name !== undefined && CREDENTIAL_KEY.test(name)) owner = { name, plain: !c.alias };
        continue;
      }
      case 'seq-item-ind':
        collection();
        parentIndent = at - lineStart;
        continue;
      case 'doc-start':
      case 'doc-end':
        collection();
        anchors.clear();
        continue;
      default:
        // A flow collection's start, end or comma, an explicit key, a directive, an error: no scalar value.
        collection();
    }
  }
  if (header) finishBlock('');
  settle();

  function finishBlock(body: string) {
    const h = header as NonNullable<typeof header>;
    header = undefined;
    const props: CST.SourceToken[] = [
      { type: 'block-scalar-header', offset: h.offset, indent: h.indent, source: h.source },
    ];
    const node: Node = {
      kind: 'block',
      token: { type: 'block-scalar', offset: h.offset, indent: h.indent, props, source: body },
      tag,
    };
    if (anchor !== undefined) anchors.set(anchor, node);
    tag = undefined;
    anchor = undefined;
    if (h.owner) emit(h.owner.name, node);
  }
}

/** Every rule's keywords, so that a rule which a keyword in the value would run is run on the name too. */
const KEYWORDS = [...new Set(ALL_CREDENTIAL_RULES.flatMap((r) => r.keywords))].join(' ');

/** How the rules read a key name: the rules that find a secret-like value under it. */
function nameClass(name: string): string {
  const found = findCredentials(`${JSON.stringify(name)}: "Xk9mQ2vL8pR4tW7z"\n${KEYWORDS}`);
  const generic = genericCredential(name, 'Xk9mQ2vL8pR4tW7z') ? ` ${GENERIC_RULE.id}` : '';
  return found
    .filter((m) => m.rule !== GENERIC_RULE)
    .map((m) => m.rule.id)
    .join(' ')
    .concat(generic);
}

/** A tag that makes a scalar a string; the core schema's others make it no string (a custom one falls back to a string). */
const STRING_TAG = /^!(?:!str|<tag:yaml\.org,2002:str>)?$/;
const OTHER_TAG =
  /^!(?:!|<tag:yaml\.org,2002:)(?:int|float|bool|null|binary|timestamp|seq|map|set|omap|pairs|merge|value)>?$/;

/** A scalar's decoded string and its range, or undefined when it is no string. */
function stringOf(node: Node): [string, number, number] | undefined {
  if (node.tag !== undefined && OTHER_TAG.test(node.tag)) return undefined;
  const r = CST.resolveAsScalar(node.token, false, () => undefined);
  if (!r) return undefined;
  const typed = node.tag === undefined || !STRING_TAG.test(node.tag);
  if (typed && r.type === 'PLAIN' && NOT_A_STRING.test(r.value)) return undefined;
  return [r.value, r.range[0], r.range[1]];
}

/** The core schema's plain scalars that are not strings (null, booleans, numbers). */
export const NOT_A_STRING =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)?$/;
