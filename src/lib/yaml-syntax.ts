import type { Document, LineCounter } from 'yaml';

// Where a YAML document the `yaml` package parsed goes wrong, in fixed words, as json-syntax.ts does
// for JSON. The package's messages (and its warnings, printed to stderr unless logLevel is 'silent')
// quote the document, which may hold a secret: only the place and the package's code are used. A
// warning counts too: `pw: !Tr0ub4dor` is a password the parser took for a tag.

export interface YamlSyntaxProblem {
  /** 1-based line and column of the first error, else of the first warning. */
  line: number;
  column: number;
  /** The package's code in words (BAD_INDENT → "bad indent"), which quote nothing. */
  words: string;
}

/** The document's first error, else its first warning; undefined when it has neither. */
export function firstYamlProblem(
  doc: Pick<Document, 'errors' | 'warnings'>,
  lines: LineCounter,
): YamlSyntaxProblem | undefined {
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem === undefined) return undefined;
  const at = lines.linePos(problem.pos[0]);
  return { line: at.line, column: at.col, words: problem.code.toLowerCase().replace(/_/g, ' ') };
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
      return { line: at.line, column: at.col, words: problem.code.toLowerCase().replace(/_/g, ' ') };
    });
}
