import type { Document, LineCounter } from 'yaml';
import { MAX_NESTING } from './json-depth.js';

// Where a YAML document the `yaml` package parsed goes wrong, in fixed words, as json-syntax.ts does
// for JSON. The package's messages (and its warnings, printed to stderr unless logLevel is 'silent')
// quote the document, which may hold a secret: only the place and the package's code are used. A
// warning counts too: `pw: !Tr0ub4dor` is a password the parser took for a tag.

export interface YamlSyntaxProblem {
  /** 1-based line and column of the first error, else of the first warning. */
  line: number;
  column: number;
  /** The package's code in plain words (BAD_INDENT → "bad indentation"), which quote nothing. */
  words: string;
}

/**
 * The package's codes in plain words, which quote nothing. `workflow create --file`, `security check`
 * and `access apply` all say these (NC9-5, NC9-6: check said js-yaml's words at js-yaml's place,
 * create the package's code at its own). A code not listed is said as its name in words.
 */
const WORDS: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have a tag or an anchor',
  BAD_ALIAS: 'an unknown alias (a value starting with "*" must be quoted)',
  BAD_COLLECTION_TYPE: 'a tag on a collection of the wrong kind',
  BAD_DIRECTIVE: 'an unknown or malformed directive',
  BAD_DQ_ESCAPE: 'an unknown escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'an anchor or a tag out of place',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote it)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block where a key was expected',
  BLOCK_IN_FLOW: 'a block inside a flow collection ([…] or {…})',
  DUPLICATE_KEY: 'a key given twice in one mapping',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a missing colon, comma, dash or closing quote',
  MULTILINE_IMPLICIT_KEY: 'a key that runs over more than one line',
  MULTIPLE_ANCHORS: 'two anchors on one value',
  MULTIPLE_DOCS: 'more than one document (---)',
  MULTIPLE_TAGS: 'two tags on one value',
  NON_STRING_KEY: 'a key that is not a string',
  // The package's only RESOURCE_EXHAUSTION is a stack overflow while composing: a text nested deeper
  // than it can read (its alias guard throws from toJS instead, said as TOO_MANY_ALIASES).
  RESOURCE_EXHAUSTION: `nested more than ${MAX_NESTING} levels deep`,
  TAB_AS_INDENT: 'a tab in indentation (indent with spaces)',
  // Not the package's codes: a flow collection not closed, placed at its opening (yaml-document.ts),
  // and the limits the upload's reader is held to (lib/workflow-yaml.ts).
  FLOW_MAP_NOT_CLOSED: 'a flow mapping "{" not closed (close it with "}", or indent its next lines)',
  FLOW_SEQ_NOT_CLOSED: 'a flow sequence "[" not closed (close it with "]", or indent its next lines)',
  TOO_DEEP: `nested more than ${MAX_NESTING} levels deep`,
  TOO_MANY_ALIASES: 'more alias expansions than a definition needs (at most 100)',
  TAG_RESOLVE_FAILED: 'an unknown tag (a value starting with "!" must be quoted)',
  UNEXPECTED_TOKEN: 'unexpected text here',
};

/** A code of the package in words. */
export function yamlCodeWords(code: string): string {
  return Object.hasOwn(WORDS, code) ? (WORDS[code] as string) : code.toLowerCase().replace(/_/g, ' ');
}

/** The document's first error, else its first warning; undefined when it has neither. */
export function firstYamlProblem(
  doc: Pick<Document, 'errors' | 'warnings'>,
  lines: LineCounter,
): YamlSyntaxProblem | undefined {
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem === undefined) return undefined;
  const at = lines.linePos(problem.pos[0]);
  return { line: at.line, column: at.col, words: yamlCodeWords(problem.code) };
}

/**
 * Every error and warning of the document, in the order of their places, one per place (an
 * unterminated string is several codes at one place: the first, as firstYamlProblem, is kept).
 */
export function allYamlProblems(
  doc: Pick<Document, 'errors' | 'warnings'>,
  lines: LineCounter,
): YamlSyntaxProblem[] {
  const seen = new Set<number>();
  return [...doc.errors, ...doc.warnings]
    .filter((problem) => {
      const at = problem.pos[0];
      if (seen.has(at)) return false;
      seen.add(at);
      return true;
    })
    .sort((a, b) => a.pos[0] - b.pos[0])
    .map((problem) => {
      const at = lines.linePos(problem.pos[0]);
      return { line: at.line, column: at.col, words: yamlCodeWords(problem.code) };
    });
}
