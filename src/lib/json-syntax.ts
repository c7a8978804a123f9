import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

// Where a JSON text that JSON.parse refused goes wrong, in fixed words. V8's own messages cannot be
// shown: they quote the input (a file that may hold a secret), some carry no position, and their
// wording changes between Node versions. jsonc-parser (strict: no comments, no trailing commas)
// gives an offset and a code instead; it runs only after JSON.parse has failed.

export interface JsonSyntaxError {
  /** 1-based line and column (UTF-16 units) of the first error. */
  line: number;
  column: number;
  /** What is wrong there, in words that quote nothing. */
  words: string;
}

// By the codes' names (printParseErrorCode): the enum is a const enum TypeScript cannot import here.
const WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: '":" was expected',
  CommaExpected: '"," was expected',
  CloseBraceExpected: '"}" was expected',
  CloseBracketExpected: '"]" was expected',
  EndOfFileExpected: 'the document has ended',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'a string is not closed on its line',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a bad \\u escape',
  InvalidEscapeCharacter: 'a bad escape sequence in a string',
  InvalidCharacter: 'a control character in a string (escape it)',
};

/** The first syntax error of `text` (which JSON.parse refused), placed and worded. */
export function jsonSyntaxError(text: string): JsonSyntaxError {
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // Nested deeper than the parser's stack: no position, but still no text of the file.
    return { line: 1, column: 1, words: 'nested too deeply' };
  }
  const first = errors[0];
  if (first === undefined) return { line: 1, column: 1, words: 'not valid JSON' };
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, words: WORDS[printParseErrorCode(first.error)] ?? 'not valid JSON' };
}
