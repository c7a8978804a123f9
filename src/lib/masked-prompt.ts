import type { ReadStream } from 'node:tty';
import { CliError, usageError } from './errors.js';
import { MaskedValue, PROMPT_MAX_CHARS } from './masked-value.js';
import { escapeEnd, PASTE_END, PASTE_START, rawSession, wrappingLine } from './raw-session.js';

// The masked prompt for a secret value or a key (io.ts's promptSecret), our own rather than
// @inquirer/prompts' password: that one kept only the first line of a multi-line paste (the rest was
// lost, or typed into the shell), offered a reveal key, drew one star per character (the length, to
// anyone behind you), redrew the whole line per key (a 1 MB paste was quadratic) and stayed dead
// after Ctrl-Z and `fg`.
//
//   - Bracketed paste (ESC[200~ … ESC[201~, asked of the terminal while the prompt is up) keeps a
//     pasted value whole, newlines too (a terminal sends them as CR: each becomes LF).
//   - Enter followed at once by more input (a multi-line paste the terminal did not mark) refuses the
//     value, exit 2, hint --from-file: nothing of it reaches the shell or the server.
//   - `multiline` (`--from-file -` at a terminal): Enter is a newline, Ctrl-D ends the value.
//   - The mask is fixed: nothing while empty, then always the same 8 stars. No reveal key.
//   - Work is linear in the input: chunks are kept as they come, joined once (the value and its
//     editing keys, masked-value.ts); the line is redrawn only when the mask changes.
//   - Ctrl-Z restores the terminal and stops; SIGCONT (`fg`) puts raw mode back and redraws (the
//     raw-mode session, raw-session.ts).
//   - Backspace takes one character as seen (a grapheme: 👨‍👩‍👧, a flag, an accented letter);
//     Ctrl-W the word before (spaces, then back to the previous space: a terminal's werase,
//     readline's unix-word-rubout); Ctrl-U all of it.
//   - A one-line paste that ends in its newline (a line copied from a terminal or a password
//     manager) submits that line, the newline no part of it, as Enter would (a terminal without
//     bracketed paste and gh's prompt do the same); a paste of several lines waits for Enter.
//   - Ctrl-C is `interrupted` (exit 130); so is Ctrl-D on an empty single-line prompt.

export const MASK = '********';
/** How long after Enter more input still counts as part of the same paste. */
const SETTLE_MS = 60;

export interface MaskedPromptOptions {
  input: ReadStream;
  /** Where the prompt is drawn: the terminal (never a redirected stderr). */
  draw: (text: string) => void;
  message: string;
  /** Enter is a newline; Ctrl-D ends the value. */
  multiline?: boolean;
  /**
   * The other way to give the value, for the hint of a refused paste: `put the value in a file and
   * pass --from-file FILE` unless the command says otherwise (auth login has no --from-file).
   */
  otherWay?: string;
  /** For tests: the settle time after Enter. */
  settleMs?: number;
  /** The terminal's width now, for a message that wraps (wrappingLine). */
  columns?: () => number | undefined;
}

const FROM_FILE =
  'put the value in a file and pass --from-file FILE (or --from-file - and press Ctrl-D after it)';

export function multiLinePasteRefused(otherWay = FROM_FILE): CliError {
  return usageError(
    'the pasted value has several lines, and this terminal did not mark it as one paste: nothing was stored',
    otherWay,
  );
}

function otherWayOrFile(otherWay: string | undefined): string {
  return otherWay ?? 'put the value in a file and pass --from-file FILE';
}

function tooLong(otherWay = FROM_FILE): CliError {
  return usageError(
    `what was typed or pasted is longer than ${PROMPT_MAX_CHARS} characters, more than a secret value may be`,
    otherWay,
  );
}

/** Read a value at the terminal in raw mode, masked. Rejects with a CliError (interrupted, usage). */
export function maskedPrompt(o: MaskedPromptOptions): Promise<string> {
  const { input, draw, message } = o;
  const multiline = o.multiline === true;
  const settleMs = o.settleMs ?? SETTLE_MS;
  const value = new MaskedValue();
  let inPaste = false;
  /** An escape sequence begun in one chunk and not yet ended (outside a paste). */
  let pendingEscape = '';
  /** Inside a paste: a tail of the chunk that may be the start of the end marker. */
  let pasteTail = '';
  /** A CR seen last inside a paste: a following LF belongs to it. */
  let pasteCr = false;
  /** The newlines of the paste under way, and whether it ends in one. */
  let pasteNewlines = 0;
  let pasteEndsInNewline = false;
  let shownMask = false;
  /** Enter was pressed: waiting to see whether more input follows (an unmarked paste). */
  let settling: NodeJS.Timeout | undefined;
  let refused = false;

  const drawn = wrappingLine(o.columns ?? (() => undefined));
  const text = () => `${message} ${value.length > 0 ? MASK : ''}`;
  const line = () => drawn.at(text());
  const redraw = () => {
    if (value.length > 0 !== shownMask) {
      shownMask = value.length > 0;
      draw(drawn.over(text()));
    }
  };
  const add = (text: string) => value.add(text);

  const session = rawSession<string>({
    input,
    draw,
    line,
    rawFailedHint: otherWayOrFile(o.otherWay),
    onText: (text) => onText(text),
    onSuspend: () => {
      shownMask = false;
    },
    onFinish: () => {
      if (settling) clearTimeout(settling);
    },
  });
  const finish = session.finish;
  const submit = () => {
    if (value.overflow) finish(tooLong(o.otherWay));
    else finish(undefined, value.value());
  };
  const enter = () => {
    if (multiline) {
      add('\n');
      return;
    }
    settling = setTimeout(() => {
      settling = undefined;
      if (refused) finish(multiLinePasteRefused(o.otherWay));
      else submit();
    }, settleMs);
  };

  /** Outside a paste: keys, escape sequences, plain text. */
  const keys = (text: string) => {
    let i = 0;
    let run = 0;
    const flush = (to: number) => {
      if (to > run) add(text.slice(run, to));
    };
    while (i < text.length) {
      if (session.done || refused || settling) return;
      if (inPaste) {
        flush(i);
        pasteText(text.slice(i));
        return;
      }
      const c = text.charCodeAt(i);
      if (c === 0x1b) {
        flush(i);
        const end = escapeEnd(text, i);
        if (end < 0) {
          pendingEscape = text.slice(i);
          return;
        }
        const seq = text.slice(i, end);
        if (seq === PASTE_START) inPaste = true;
        i = end;
        run = i;
        continue;
      }
      if ((c >= 0x20 && c !== 0x7f) || c === 0x09) {
        i++;
        continue;
      }
      flush(i);
      i++;
      run = i;
      if (c === 0x0d || c === 0x0a) {
        enter();
        if (
          !multiline &&
          i < text.length &&
          !(c === 0x0d && text.charCodeAt(i) === 0x0a && i + 1 === text.length)
        ) {
          refused = true;
        }
      } else if (c === 0x7f || c === 0x08) value.backspace();
      else if (c === 0x17) value.deleteWord();
      else if (c === 0x15) value.clear();
      else if (c === 0x03) return finish(new CliError('interrupted', 'interrupted'));
      else if (c === 0x04) {
        if (multiline || value.length > 0) return submit();
        return finish(new CliError('interrupted', 'interrupted'));
      } else if (c === 0x1a) session.suspend();
      // Other control characters are not part of a value typed at a terminal.
    }
    flush(i);
  };

  /** Inside a paste: literal, CR and CR LF as LF, until the end marker. */
  const pasteText = (chunk: string) => {
    const text = pasteTail + chunk;
    pasteTail = '';
    const at = text.indexOf(PASTE_END);
    const body = at < 0 ? text : text.slice(0, at);
    let keep = body;
    if (at < 0) {
      // Hold back a suffix that could be the start of the end marker.
      for (let n = Math.min(PASTE_END.length - 1, body.length); n > 0; n--) {
        if (PASTE_END.startsWith(body.slice(-n))) {
          pasteTail = body.slice(-n);
          keep = body.slice(0, -n);
          break;
        }
      }
    }
    let normal = keep;
    if (pasteCr && normal.startsWith('\n')) normal = normal.slice(1);
    pasteCr = normal.endsWith('\r');
    const lines = normal.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
    add(lines);
    if (lines !== '') {
      for (let j = lines.indexOf('\n'); j >= 0; j = lines.indexOf('\n', j + 1)) pasteNewlines++;
      pasteEndsInNewline = lines.endsWith('\n');
    }
    if (at < 0) return;
    inPaste = false;
    pasteCr = false;
    const rest = text.slice(at + PASTE_END.length);
    const oneLine = !multiline && pasteNewlines === 1 && pasteEndsInNewline;
    pasteNewlines = 0;
    pasteEndsInNewline = false;
    if (!oneLine) {
      keys(rest);
      return;
    }
    if (!value.overflow) value.cut(1);
    enter();
    // Enter pressed with it is the same Enter; anything else is more of a paste: refused.
    if (rest !== '' && rest !== '\r' && rest !== '\n' && rest !== '\r\n') refused = true;
  };

  const onText = (data: string) => {
    if (settling) {
      // More input right after Enter: the rest of a multi-line paste. It is swallowed (it must not
      // reach the shell) until the input is quiet, and the value is refused.
      refused = true;
      clearTimeout(settling);
      settling = setTimeout(() => finish(multiLinePasteRefused(o.otherWay)), settleMs);
      return;
    }
    const text = pendingEscape + data;
    pendingEscape = '';
    if (inPaste) pasteText(text);
    else keys(text);
    if (!session.done) redraw();
  };

  return session.start();
}
