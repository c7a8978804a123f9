import type { Readable, Writable } from 'node:stream';
import { styleText } from 'node:util';
import { readStreamAtMost } from './bounded-read.js';
import { CliError } from './errors.js';
import {
  colorEnabled,
  promptTerminal,
  readStdinAtMost,
  stdinIsNullDevice,
  stdinKind,
  stdoutIsNullDevice,
  usableColumns,
  wholeWritesWhenFile,
} from './io-streams.js';
import { StatusLine } from './status-line.js';
import { type StdoutClosed, type StdoutFailed, stdoutFailure } from './write-errors.js';

export { colorEnabled, truthy, usableColumns } from './io-streams.js';

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'gray';

/** Owns every TTY, colour and prompt decision, as gh's IOStreams does. */
export interface IO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /**
   * stdin is the null device (`</dev/null`, a closed stdin that Node reopened as it, a CI runner's
   * "no input"): nothing was supplied at all, as opposed to an empty pipe or file, which is input.
   */
  readonly stdinIsNullDevice: boolean;
  /** stdout is the null device (`>/dev/null`, `>&-`): what is printed there reaches nobody. */
  readonly stdoutIsNullDevice: boolean;
  /** Colour on stdout: only on a TTY, never when piped, never with NO_COLOR/--no-color. */
  readonly color: boolean;
  /**
   * Colour on stderr, by the same rule for stderr's own TTY-ness: `2>log` at a terminal gets no
   * escape codes in the log, `| less` with stderr at the terminal keeps its red `error:`.
   */
  readonly errColor: boolean;
  /** Terminal width for tables (80 when unknown). */
  readonly columns: number;
  /** Whether a prompt may be shown: stdin and stdout are TTYs and prompts are not forbidden. */
  canPrompt(): boolean;
  /**
   * Forbid prompts for the rest of the run. createContext calls it when settings.noInput says so
   * (--no-input, FIBONACCI_NO_INPUT, CI): the settings are the one authority on "may I ask?".
   * `why` names the setting, for noPromptReason().
   */
  forbidPrompts(why?: string): void;
  /**
   * Why no prompt may be shown, for an error that needed one: the setting that forbids prompts
   * (`CI is set`), else that there is no terminal. A newcomer with a stray CI=1 in a terminal was
   * told there was no terminal (newcomer pass 10).
   */
  noPromptReason(): string;
  /**
   * Write to stdout without waiting. A failure is not lost: it is recorded, and the next write() or
   * flushOut() rejects with it (main.ts flushes at the end of every command).
   */
  out(text: string): void;
  /**
   * Write to stdout and resolve once the chunk was handed to the OS: for data that must arrive (an
   * export). Waiting on each write is also the backpressure. Rejects with StdoutClosed (EPIPE, the
   * quiet exit 0) or StdoutFailed (ENOSPC, EIO, …), also for a failure of an earlier out().
   */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Resolve once everything written so far reached the OS; reject as write() does. */
  flushOut(): Promise<void>;
  /** Write to stderr; a status line that is up is erased first and drawn again below the text. */
  err(text: string): void;
  /**
   * Show `text` (one line, already escaped) as the status line at the bottom of stderr, replacing
   * the one before: only on a TTY (a pipe gets nothing). Everything else written to the terminal
   * while it is up goes above it, so a message never lands in the middle of a progress line.
   */
  status(text: string): void;
  /** Erase the status line, if one is up. */
  clearStatus(): void;
  /** `text` styled for stdout (tables, data lines). */
  style(format: Style, text: string): string;
  /** `text` styled for stderr (messages: `error:`, warnings, progress). */
  styleErr(format: Style, text: string): string;
  /**
   * Read stdin to EOF (never on a timer), at most `limit` bytes: more is InputTooLarge (exit 2),
   * with `what` naming the input in its message.
   */
  readStdin(limit: number, what?: string): Promise<Buffer>;
  /**
   * Masked prompt (masked-prompt.ts), drawn on the terminal; throws input_needed when prompting is
   * impossible. `multiline`: Enter is a newline and Ctrl-D ends the value (`--from-file -`).
   */
  promptSecret(message: string, options?: PromptSecretOptions): Promise<string>;
  /**
   * Yes/no question (confirm-prompt.ts): only y/yes/n/no is echoed, anything else (a pasted secret)
   * is not shown and asked again; throws input_needed when prompting is impossible.
   */
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  /**
   * Take over Ctrl-C/SIGTERM (e.g. to stop a server cleanly or end `--follow`); returns an undo.
   * Without a handler, main.ts exits 130 at once.
   */
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Deliver a signal to the newest handler; false when none is registered. */
  interrupt(signal: 'SIGINT' | 'SIGTERM'): boolean;
}

export interface PromptSecretOptions {
  multiline?: boolean;
  /** The hint of a refused paste: the command's other way to give the value (masked-prompt.ts). */
  otherWay?: string;
}

export interface ProcessIOOptions {
  env: NodeJS.ProcessEnv;
  noColor?: boolean;
}

/** commander's help width for one stream: its columns on a TTY (0 as 80), else 80. */
export function helpWidth(stream: 'stdout' | 'stderr'): number {
  const s = process[stream];
  return usableColumns(s.isTTY ? s.columns : undefined);
}

/** Base class shared by the real IO and the test double: everything but the prompts. */
export abstract class BaseIO implements IO {
  abstract readonly stdin: Readable;
  abstract readonly stdout: Writable;
  abstract readonly stderr: Writable;
  abstract readonly stdinIsTTY: boolean;
  abstract readonly stdoutIsTTY: boolean;
  abstract readonly stderrIsTTY: boolean;
  abstract readonly stdinIsNullDevice: boolean;
  abstract readonly stdoutIsNullDevice: boolean;
  abstract readonly color: boolean;
  abstract readonly errColor: boolean;
  abstract readonly columns: number;
  private promptsForbidden = false;
  private promptsForbiddenBy: string | undefined;
  /** The first stdout write error; once set, nothing more is written. */
  private outFailure: StdoutClosed | StdoutFailed | undefined;
  private readonly noteOut = (err?: Error | null): void => {
    if (err && !this.outFailure) this.outFailure = stdoutFailure(err);
  };
  private readonly statusLine = new StatusLine(
    (text) => this.rawErr(text),
    () => this.stderrIsTTY,
    () => this.stdoutIsTTY,
  );

  canPrompt(): boolean {
    return !this.promptsForbidden && this.stdinIsTTY && this.stdoutIsTTY;
  }
  forbidPrompts(why?: string): void {
    this.promptsForbidden = true;
    this.promptsForbiddenBy ??= why;
  }
  noPromptReason(): string {
    if (this.promptsForbidden && this.promptsForbiddenBy)
      return `prompts are off (${this.promptsForbiddenBy})`;
    return 'there is no terminal to prompt on';
  }
  out(text: string): void {
    this.statusLine.beforeOut(text);
    this.rawOut(text);
  }
  /** The bytes to stdout, nothing else (a test double keeps them instead). */
  protected rawOut(text: string): void {
    if (!this.outFailure) this.stdout.write(text, this.noteOut);
  }
  /** The bytes to stderr, nothing else (a test double keeps them instead). */
  protected rawErr(text: string): void {
    this.stderr.write(text);
  }
  write(chunk: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.outFailure) {
        reject(this.outFailure);
        return;
      }
      this.statusLine.beforeOut(chunk);
      this.stdout.write(chunk, (err) => {
        this.noteOut(err);
        if (this.outFailure) reject(this.outFailure);
        else resolve();
      });
    });
  }
  flushOut(): Promise<void> {
    return this.write('');
  }
  err(text: string): void {
    this.statusLine.message(text);
  }
  status(text: string): void {
    this.statusLine.draw(text);
  }
  clearStatus(): void {
    this.statusLine.clear();
  }
  // styleText checks a stream as well (process.stdout unless told): its TTY-ness and TERM's depth.
  style(format: Style, text: string): string {
    return this.color ? styleText(format, text, { stream: process.stdout }) : text;
  }
  styleErr(format: Style, text: string): string {
    return this.errColor ? styleText(format, text, { stream: process.stderr }) : text;
  }
  readStdin(limit: number, what = 'standard input'): Promise<Buffer> {
    return readStreamAtMost(this.stdin, limit, what);
  }
  abstract promptSecret(message: string, options?: PromptSecretOptions): Promise<string>;
  abstract confirm(message: string, defaultValue?: boolean): Promise<boolean>;

  private readonly interruptHandlers: Array<(signal: 'SIGINT' | 'SIGTERM') => void> = [];
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void {
    this.interruptHandlers.push(handler);
    return () => {
      const i = this.interruptHandlers.lastIndexOf(handler);
      if (i >= 0) this.interruptHandlers.splice(i, 1);
    };
  }
  interrupt(signal: 'SIGINT' | 'SIGTERM'): boolean {
    const handler = this.interruptHandlers.at(-1);
    if (!handler) return false;
    handler(signal);
    return true;
  }

  protected assertCanPrompt(what: string): void {
    if (!this.canPrompt()) {
      throw new CliError('input_needed', `${what} needed but ${this.noPromptReason()}`, {
        hint: 'run in a terminal, or pass the value with a flag (see --help)',
      });
    }
  }
}

/** IO over the real process streams. The prompts (masked-prompt.ts, confirm-prompt.ts) load lazily. */
export class ProcessIO extends BaseIO {
  // process.stdin builds a stream on first access (and loads node:tty and node:net, ~8 ms): only
  // commands that read it or ask whether it is a terminal pay for it.
  get stdin(): Readable {
    return process.stdin;
  }
  // Only a character device can be a terminal: a file or a pipe on fd 0 is answered by fstat(2).
  get stdinIsTTY(): boolean {
    const kind = stdinKind();
    return (kind === 'device' || kind === 'unknown') && process.stdin.isTTY === true;
  }
  override readStdin(limit: number, what = 'standard input'): Promise<Buffer> {
    return readStdinAtMost(limit, what, () => super.readStdin(limit, what));
  }
  get stdinIsNullDevice(): boolean {
    return stdinIsNullDevice();
  }
  get stdoutIsNullDevice(): boolean {
    return stdoutIsNullDevice();
  }
  readonly stdout: Writable = wholeWritesWhenFile(process.stdout);
  readonly stderr = process.stderr;
  readonly stdoutIsTTY = process.stdout.isTTY === true;
  readonly stderrIsTTY = process.stderr.isTTY === true;
  readonly color: boolean;
  readonly errColor: boolean;
  readonly columns = usableColumns(process.stdout.columns);

  constructor(options: ProcessIOOptions) {
    super();
    this.color = colorEnabled(this.stdoutIsTTY, options.env, options.noColor);
    this.errColor = colorEnabled(this.stderrIsTTY, options.env, options.noColor);
  }

  async promptSecret(message: string, options: PromptSecretOptions = {}): Promise<string> {
    this.assertCanPrompt('input');
    const { maskedPrompt } = await import('./masked-prompt.js');
    return this.onTerminal('input', (draw, columns) =>
      maskedPrompt({
        input: process.stdin,
        draw,
        columns,
        message,
        multiline: options.multiline === true,
        otherWay: options.otherWay,
      }),
    );
  }

  async confirm(message: string, defaultValue = false): Promise<boolean> {
    this.assertCanPrompt('confirmation');
    const { confirmPrompt } = await import('./confirm-prompt.js');
    return this.onTerminal('confirmation', (draw, columns) =>
      confirmPrompt({ input: process.stdin, draw, columns, message, defaultValue }),
    );
  }

  /** Run a prompt drawn on the terminal (promptTerminal), let go of once it ends. */
  private async onTerminal<T>(
    what: string,
    prompt: (draw: (text: string) => void, columns: () => number | undefined) => Promise<T>,
  ): Promise<T> {
    const terminal = await promptTerminal(this.stderr, this.stderrIsTTY, what);
    try {
      return await prompt(
        (text) => terminal.write(text),
        () => (terminal.stream as { columns?: number }).columns,
      );
    } finally {
      terminal.done();
    }
  }
}
