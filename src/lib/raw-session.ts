import { StringDecoder } from 'node:string_decoder';
import type { ReadStream } from 'node:tty';
import { CliError } from './errors.js';

// A prompt's time at the terminal in raw mode (the masked prompt's, masked-prompt.ts): raw mode and
// bracketed paste on while it is up and off after, whatever ends it; the input decoded as UTF-8
// across chunks; Ctrl-Z restores the terminal and stops, SIGCONT (`fg`) puts raw mode back and
// redraws; a terminal that cannot be put in raw mode gets no prompt (it would echo what is typed).
// What the keys mean is the prompt's own.

const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';
export const PASTE_START = '\u001b[200~';
export const PASTE_END = '\u001b[201~';

/**
 * A prompt's line that may wrap. A question wider than the terminal takes several rows, and
 * `CR ESC[2K` erases only the last of them: each redraw left a copy of the rows above on screen.
 * `at(text)` draws from the start of the cursor's row (the first drawing, after `fg`, after a
 * message of its own); `over(text)` first goes up to the row the last drawing began on and erases
 * from there down. The width is the terminal's now (a resize between keys is taken).
 */
export function wrappingLine(columns: () => number | undefined): {
  at(text: string): string;
  over(text: string): string;
} {
  let drawn = 0;
  const width = (text: string) => {
    let n = 0;
    for (const _ of text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')) n++;
    return n;
  };
  return {
    at(text) {
      drawn = width(text);
      return `\r\u001b[2K${text}`;
    },
    over(text) {
      const cols = columns();
      // The cursor after `drawn` columns: on the last row they fill (a full row leaves it there).
      const up = cols !== undefined && cols > 0 && drawn > 0 ? Math.floor((drawn - 1) / cols) : 0;
      drawn = width(text);
      return `${up > 0 ? `\u001b[${up}A` : ''}\r\u001b[J${text}`;
    },
  };
}

export interface RawSessionOptions {
  input: ReadStream;
  /** Where the prompt is drawn: the terminal (never a redirected stderr). */
  draw: (text: string) => void;
  /** The prompt's line as it is to be drawn now (at the start, and again after `fg`). */
  line: () => string;
  /** The hint when the terminal cannot be put in raw mode. */
  rawFailedHint: string;
  /** Called with each chunk of input, decoded. */
  onText: (text: string) => void;
  /** Called when Ctrl-Z takes the prompt off the terminal. */
  onSuspend?: () => void;
  /** Called once, as the prompt ends. */
  onFinish?: () => void;
}

export interface RawSession<T> {
  /** Put the terminal in raw mode and draw the prompt; settles when finish() is called. */
  start(): Promise<T>;
  /** End the prompt with an error or a value: the terminal is given back first. */
  finish(error: CliError | undefined, value?: T): void;
  /** Ctrl-Z: the terminal given back, the process stopped; `fg` carries on. */
  suspend(): void;
  readonly done: boolean;
}

export function rawSession<T>(o: RawSessionOptions): RawSession<T> {
  const { input, draw } = o;
  const decoder = new StringDecoder('utf8');
  let done = false;
  let settle: { resolve: (value: T) => void; reject: (error: CliError) => void } | undefined;

  const setRaw = (on: boolean) => {
    try {
      input.setRawMode(on);
    } catch {
      // A terminal gone away: the read that follows ends the prompt.
    }
  };
  // A process ended meanwhile (SIGTERM, an uncaught error) leaves no terminal in paste mode; Node
  // itself puts the terminal's mode back at exit.
  const onExit = () => {
    if (!done) draw(`${PASTE_OFF}\n`);
  };
  const onData = (data: Buffer | string) => {
    if (!done) o.onText(typeof data === 'string' ? data : decoder.write(data));
  };
  const onEnd = () => finish(new CliError('interrupted', 'interrupted'));
  const onContinue = () => {
    // After `fg`: raw mode again (libuv skips a mode it believes set, so off first) and the line.
    setRaw(false);
    setRaw(true);
    draw(`${PASTE_ON}${o.line()}`);
  };
  const detach = () => {
    input.off('data', onData);
    input.off('end', onEnd);
    process.off('SIGCONT', onContinue);
  };
  const finish = (error: CliError | undefined, value?: T) => {
    if (done) return;
    done = true;
    process.off('exit', onExit);
    o.onFinish?.();
    detach();
    setRaw(false);
    input.pause();
    draw(`${PASTE_OFF}\n`);
    if (error) settle?.reject(error);
    else settle?.resolve(value as T);
  };
  const suspend = () => {
    setRaw(false);
    draw(`${PASTE_OFF}\n`);
    o.onSuspend?.();
    process.kill(process.pid, 'SIGTSTP');
    // A process group no shell controls (orphaned) is not stopped at all: carry on at once. When it
    // was stopped, this runs after `fg`, as does onContinue.
    setImmediate(() => {
      if (!done) onContinue();
    });
  };
  const start = () =>
    new Promise<T>((resolve, reject) => {
      settle = { resolve, reject };
      input.on('data', onData);
      input.once('end', onEnd);
      process.on('SIGCONT', onContinue);
      try {
        input.setRawMode(true);
      } catch {
        // Without raw mode the terminal would echo the value as it is typed: no prompt then.
        done = true;
        detach();
        reject(
          new CliError(
            'input_needed',
            'the terminal cannot be put in raw mode, so what is typed would be echoed',
            { hint: o.rawFailedHint },
          ),
        );
        return;
      }
      draw(`${PASTE_ON}${o.line()}`);
      process.once('exit', onExit);
      input.resume();
    });
  return {
    start,
    finish,
    suspend,
    get done() {
      return done;
    },
  };
}

/** Where the escape sequence at `i` ends (exclusive), or -1 when the text ends inside it. */
export function escapeEnd(text: string, i: number): number {
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
