import { StringDecoder } from 'node:string_decoder';
import type { ReadStream } from 'node:tty';
import { CliError, usageError } from './errors.js';

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
//   - Work is linear in the input: chunks are kept as they come, joined once; the line is redrawn
//     only when the mask changes.
//   - Ctrl-Z restores the terminal and stops; SIGCONT (`fg`) puts raw mode back and redraws.
//   - Backspace takes one character as seen (a grapheme: 👨‍👩‍👧, a flag, an accented letter).
//   - Ctrl-C is `interrupted` (exit 130); so is Ctrl-D on an empty single-line prompt.

export const MASK = '********';
const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';
const PASTE_START = '\u001b[200~';
const PASTE_END = '\u001b[201~';
/** How long after Enter more input still counts as part of the same paste. */
const SETTLE_MS = 60;
/** How many UTF-16 units before the last grapheme Backspace looks at to find where it starts. */
const BACKSPACE_CONTEXT = 64;
let segmenter: Intl.Segmenter | undefined;
const graphemes = () => {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
};
/** The most a prompt keeps (in UTF-16 units): a secret value is at most 64 KiB of UTF-8. */
export const PROMPT_MAX_CHARS = 64 * 1024;

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
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  let length = 0;
  let overflow = false;
  let inPaste = false;
  /** An escape sequence begun in one chunk and not yet ended (outside a paste). */
  let pendingEscape = '';
  /** Inside a paste: a tail of the chunk that may be the start of the end marker. */
  let pasteTail = '';
  /** A CR seen last inside a paste: a following LF belongs to it. */
  let pasteCr = false;
  let shownMask = false;
  /** Enter was pressed: waiting to see whether more input follows (an unmarked paste). */
  let settling: NodeJS.Timeout | undefined;
  let refused = false;
  let done = false;

  const line = () => `\r\u001b[2K${message} ${length > 0 ? MASK : ''}`;
  const redraw = () => {
    if (length > 0 !== shownMask) {
      shownMask = length > 0;
      draw(line());
    }
  };
  const add = (text: string) => {
    if (text === '' || overflow) return;
    if (length + text.length > PROMPT_MAX_CHARS) {
      overflow = true;
      return;
    }
    parts.push(text);
    length += text.length;
  };
  /** The last `n` UTF-16 units of the value (all of it when shorter), across the chunks. */
  const tail = (n: number) => {
    let text = '';
    for (let i = parts.length - 1; i >= 0 && text.length < n; i--) text = parts[i] + text;
    return text.length > n ? text.slice(-n) : text;
  };
  /** Remove the last `n` UTF-16 units, across the chunks. */
  const cut = (n: number) => {
    length -= n;
    while (n > 0) {
      const last = parts.pop() as string;
      if (last.length > n) parts.push(last.slice(0, last.length - n));
      n -= last.length;
    }
  };
  const backspace = () => {
    if (overflow || length === 0) return;
    // One character as the user sees it (a grapheme: 👨‍👩‍👧, a flag, e + combining accent), which
    // may span chunks. Only the end of the value is segmented: the last grapheme is taken once
    // BACKSPACE_CONTEXT units precede it in the window (a boundary cut in the middle of a cluster is
    // that far behind), so Backspace held down over a long paste stays linear.
    for (let window = 2 * BACKSPACE_CONTEXT; ; window *= 2) {
      const text = tail(window);
      let start = 0;
      for (const { index } of graphemes().segment(text)) start = index;
      if (text.length === length || start >= BACKSPACE_CONTEXT) {
        cut(text.length - start);
        return;
      }
    }
  };
  const clear = () => {
    parts.length = 0;
    length = 0;
    overflow = false;
  };

  return new Promise<string>((resolve, reject) => {
    const setRaw = (on: boolean) => {
      try {
        input.setRawMode(on);
      } catch {
        // A terminal gone away: the read that follows ends the prompt.
      }
    };
    const start = (): boolean => {
      try {
        input.setRawMode(true);
      } catch {
        // Without raw mode the terminal would echo the value as it is typed: no prompt then.
        return false;
      }
      draw(`${PASTE_ON}${line()}`);
      return true;
    };
    // A process ended meanwhile (SIGTERM, an uncaught error) leaves no terminal in paste mode; Node
    // itself puts the terminal's mode back at exit.
    const onExit = () => {
      if (!done) draw(`${PASTE_OFF}\n`);
    };
    const finish = (error: CliError | undefined, value?: string) => {
      if (done) return;
      done = true;
      process.off('exit', onExit);
      if (settling) clearTimeout(settling);
      input.off('data', onData);
      input.off('end', onEnd);
      process.off('SIGCONT', onContinue);
      setRaw(false);
      input.pause();
      draw(`${PASTE_OFF}\n`);
      if (error) reject(error);
      else resolve(value ?? '');
    };
    const submit = () => {
      if (overflow) finish(tooLong(o.otherWay));
      else finish(undefined, parts.join(''));
    };
    const onEnd = () => finish(new CliError('interrupted', 'interrupted'));
    const onContinue = () => {
      // After `fg`: raw mode again (libuv skips a mode it believes set, so off first) and the line.
      setRaw(false);
      setRaw(true);
      draw(`${PASTE_ON}${line()}`);
    };
    const suspend = () => {
      setRaw(false);
      draw(`${PASTE_OFF}\n`);
      shownMask = false;
      process.kill(process.pid, 'SIGTSTP');
      // A process group no shell controls (orphaned) is not stopped at all: carry on at once. When it
      // was stopped, this runs after `fg`, as does onContinue.
      setImmediate(() => {
        if (!done) onContinue();
      });
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
        if (done || refused || settling) return;
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
        } else if (c === 0x7f || c === 0x08) backspace();
        else if (c === 0x15) clear();
        else if (c === 0x03) return finish(new CliError('interrupted', 'interrupted'));
        else if (c === 0x04) {
          if (multiline || length > 0) return submit();
          return finish(new CliError('interrupted', 'interrupted'));
        } else if (c === 0x1a) suspend();
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
      add(normal.replaceAll('\r\n', '\n').replaceAll('\r', '\n'));
      if (at >= 0) {
        inPaste = false;
        pasteCr = false;
        keys(text.slice(at + PASTE_END.length));
      }
    };

    const onData = (data: Buffer | string) => {
      if (done) return;
      if (settling) {
        // More input right after Enter: the rest of a multi-line paste. It is swallowed (it must not
        // reach the shell) until the input is quiet, and the value is refused.
        refused = true;
        clearTimeout(settling);
        settling = setTimeout(() => finish(multiLinePasteRefused(o.otherWay)), settleMs);
        return;
      }
      const text = pendingEscape + (typeof data === 'string' ? data : decoder.write(data));
      pendingEscape = '';
      if (inPaste) pasteText(text);
      else keys(text);
      if (!done) redraw();
    };

    input.on('data', onData);
    input.once('end', onEnd);
    process.on('SIGCONT', onContinue);
    if (!start()) {
      done = true;
      input.off('data', onData);
      input.off('end', onEnd);
      process.off('SIGCONT', onContinue);
      reject(
        new CliError(
          'input_needed',
          'the terminal cannot be put in raw mode, so what is typed would be echoed',
          {
            hint: otherWayOrFile(o.otherWay),
          },
        ),
      );
      return;
    }
    process.once('exit', onExit);
    input.resume();
  });
}

/** Where the escape sequence at `i` ends (exclusive), or -1 when the text ends inside it. */
function escapeEnd(text: string, i: number): number {
  if (i + 1 >= text.length) return -1;
  const next = text[i + 1];
  if (next === '[') {
    for (let j = i + 2; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j + 1;
    }
    return -1;
  }
  if (next === 'O') return i + 2 < text.length ? i + 3 : -1;
  // The Esc key alone, then Enter (or another control key): that key is its own.
  if ((next as string).charCodeAt(0) < 0x20 || next === '\u007f') return i + 1;
  return i + 2; // ESC + one character (Alt-x): ignored whole
}
