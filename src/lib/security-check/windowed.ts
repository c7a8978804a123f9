import type { Syntax } from './comments.js';
import { credentialFinding, maskedLine, type RawFinding } from './finding.js';
import { InlineIgnores } from './inline-ignores.js';
import { type CredentialSyntax, findCredentials, LineIndex } from './scan-text.js';

// A file too large to read whole (engine.ts's MAX_FILE_BYTES) is read as a stream of windows, each
// checked by the rules that need no parse: the token formats, and a dotenv file's KEY=value lines.
// Hostile pass 15, H15-2: such a file was skipped unread, and a gate passed a 1.1 MiB .env with a
// live key in it that `node --env-file` loads.
//
// Each window is its own part of the file (the parts follow one another, none twice) with OVERLAP
// characters of the file on either side: a match is reported by the window whose own part holds
// where it starts, and it is whole there (no match a rule can make is longer than OVERLAP), with
// what comes before it in view (a longer token it is the tail of is matched first). So a token that
// straddles two windows is found once. Memory is the window's, whatever the file's size.

/** The characters of one window's own part. */
export const WINDOW = 1024 * 1024;
/**
 * Context on each side of a window's part: longer than the longest match a rule can make whose
 * quantifiers are bounded (a private key's body is at most 16,384 characters, a JWT's three parts
 * 16,384 together). A token with an unbounded part that runs past it is found by its first
 * OVERLAP characters.
 */
export const OVERLAP = 64 * 1024;

/** A finding of a window, placed in the file; `silenced` by an ignore comment in view of it. */
export interface WindowFinding {
  raw: RawFinding;
  context: { text: string; caret: number };
  silenced: boolean;
}

/** Where a window starts in the file: its offset, line, and the offset of that line's start. */
interface Place {
  offset: number;
  line: number;
  lineStart: number;
}

/** The findings of a text given in pieces, in the file's order. */
export async function* windowedFindings(
  pieces: AsyncIterable<string>,
  rules: CredentialSyntax,
  comments: Syntax,
): AsyncGenerator<WindowFinding> {
  let text = '';
  let at: Place = { offset: 0, line: 1, lineStart: 0 };
  // The window's own part starts here (a file offset); before it is context only.
  let own = 0;
  for await (const piece of pieces) {
    text += piece;
    while (text.length - (own - at.offset) >= WINDOW + OVERLAP) {
      const end = own + WINDOW;
      yield* windowFindings(text, at, own, end, rules, comments);
      const next = advance(text, at, end - OVERLAP);
      text = text.slice(next.offset - at.offset);
      at = next;
      own = end;
    }
  }
  yield* windowFindings(text, at, own, at.offset + text.length, rules, comments);
}

/** The place `offset` (in the window that starts at `at`) is at. */
function advance(text: string, at: Place, offset: number): Place {
  let { line, lineStart } = at;
  const stop = offset - at.offset;
  // Line ends as LineIndex counts them: LF, CRLF, and a lone CR.
  for (let i = 0; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      // A CRLF split by the stop ends its line past it, in the next window's count.
      if (i + 1 >= stop) break;
      i++;
    }
    line++;
    lineStart = at.offset + i + 1;
  }
  return { offset, line, lineStart };
}

/** The findings that start in [own, end) of the window `text` at `at`. */
function* windowFindings(
  text: string,
  at: Place,
  own: number,
  end: number,
  rules: CredentialSyntax,
  comments: Syntax,
): Generator<WindowFinding> {
  const lines = new LineIndex(text);
  const found = findCredentials(text, rules);
  // A window that starts inside a line has only that line's tail: a comment there may have code
  // before it, so it is not taken as alone on its line (which would silence the next line: hostile
  // re-pass 15, a trailing ignore at a window's start silenced the token below it). Its first line
  // is blanked for the ignores alone, same length, so an ignore there silences nothing; fail closed.
  const partial = at.offset > at.lineStart;
  const ignores = new InlineIgnores(partial ? blankFirstLine(text) : text, lines, comments);
  const inPart = (offset: number) => at.offset + offset >= own && at.offset + offset < end;
  const raws = found.filter((m) => inPart(m.offset)).map((m) => credentialFinding(m, lines));
  for (const raw of [
    ...raws,
    ...ignores.invalid.filter((r) => inPart(lines.lineStart(r.line) + r.column - 1)),
  ]) {
    const context = maskedLine(lines, raw.line, raw.column, found);
    const silenced = ignores.silences(raw.rule.id, raw.line);
    // From the window's lines to the file's: its first line may have begun before the window.
    const column = raw.line === 1 ? at.offset - at.lineStart + raw.column : raw.column;
    yield { raw: { ...raw, line: at.line + raw.line - 1, column }, context, silenced };
  }
}

/** `text` with its first line's characters turned to spaces (its length and line breaks kept). */
function blankFirstLine(text: string): string {
  const nl = text.indexOf('\n');
  const end = nl === -1 ? text.length : nl;
  return ' '.repeat(end) + text.slice(end);
}
