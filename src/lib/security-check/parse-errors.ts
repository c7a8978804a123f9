import { yamlCodeWords } from '../yaml-syntax.js';

// What a parse error says, in our own fixed words. A parser's message quotes the input (js-yaml's
// "unknown tag !<…>", "unidentified alias "…"", V8's `Unexpected token 'x', "…" is not valid JSON`),
// and the input may be a secret: an unquoted YAML value that starts with `!` or `*` is a tag or an
// alias to the parser. So no parser text is passed on: a YAML reason is looked up in a table of
// js-yaml's reasons (by the part before anything it quotes), and a JSON error is located and named
// by the small validator below, which needs no engine message (V8's differ between Node versions,
// and some carry no position at all).

/** js-yaml reasons, by the text before any quoted input, and the words we print for each. */
const YAML_REASONS: ReadonlyArray<readonly [string, string]> = [
  ['unknown tag', 'an unknown tag (a value starting with "!" must be quoted)'],
  ['unidentified alias', 'an unknown alias (a value starting with "*" must be quoted)'],
  ['cannot resolve a node with', 'a tag that cannot be resolved'],
  ['unacceptable node kind for', 'a tag on a node of the wrong kind'],
  ['undeclared tag handle', 'an undeclared tag handle'],
  ['there is a previously declared suffix', 'a tag handle declared twice'],
  ['tag name cannot contain', 'a tag name with characters a tag cannot hold'],
  ['tag name is malformed', 'a malformed tag name'],
  ['tag prefix is malformed', 'a malformed tag prefix'],
  ['tag suffix cannot contain', 'a tag suffix with characters a tag cannot hold'],
  ['named tag handle cannot contain', 'a tag handle with characters a tag cannot hold'],
  ['unknown document directive', 'an unknown directive'],
  ['expected the node content', 'a node was expected here'],
  ['merge keys exceeded', 'too many merge keys'],
  ['nesting exceeded', yamlCodeWords('TOO_DEEP')],
];

/** js-yaml reasons that quote nothing: printed as they are. */
const YAML_PLAIN = new Set([
  'TAG directive accepts exactly two arguments',
  'YAML directive accepts exactly one argument',
  'a line break is expected',
  'a whitespace character is expected after the key-value separator within a block mapping',
  'abnormal merge sequence size',
  'alias node should not have any properties',
  'bad explicit indentation width of a block scalar; it cannot be less than one',
  'bad indentation of a mapping entry',
  'bad indentation of a sequence entry',
  'can not read a block mapping entry; a multiline key may not be an implicit key',
  'can not read an implicit mapping pair; a colon is missed',
  'cannot merge mappings; the provided source object is unacceptable',
  'deficient indentation',
  'directive name must not be less than one character in length',
  'directives end mark is expected',
  'duplicated mapping key',
  'duplication of %YAML directive',
  'duplication of a tag property',
  'duplication of an anchor property',
  'end of the stream or a document separator is expected',
  'expected hexadecimal character',
  'expected valid JSON character',
  'ill-formed argument of the YAML directive',
  'ill-formed tag handle (first argument) of the TAG directive',
  'ill-formed tag prefix (second argument) of the TAG directive',
  'incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line',
  'missed comma between flow collection entries',
  'missing indentation for block scalar',
  'name of an alias node must contain at least one character',
  'name of an anchor node must contain at least one character',
  'nested arrays are not supported inside keys',
  'non-ASCII line breaks are interpreted as content',
  'null byte is not allowed in input',
  'repeat of a chomping mode identifier',
  'repeat of an indentation width identifier',
  'tab characters must not be used in indentation',
  'the stream contains non-printable characters',
  'unacceptable YAML version of the document',
  'unexpected end of the document within a double quoted scalar',
  'unexpected end of the document within a single quoted scalar',
  'unexpected end of the stream within a double quoted scalar',
  'unexpected end of the stream within a flow collection',
  'unexpected end of the stream within a single quoted scalar',
  'unexpected end of the stream within a verbatim tag',
  'unknown escape sequence',
  'unsupported YAML version of the document',
]);

/** Our words for a js-yaml reason: never any of its text that came from the file. */
export function yamlReason(reason: string | undefined): string {
  if (reason !== undefined && YAML_PLAIN.has(reason)) return reason;
  const known = YAML_REASONS.find(([prefix]) => reason?.startsWith(prefix));
  return known?.[1] ?? 'a syntax error';
}
