import { CliError, redact } from '../errors.js';
import type { IO } from '../io.js';
import { errorLine, hint, note } from './messages.js';
import { type Part, t } from './text.js';

/** How one error is printed; main's defaults print it whole. */
export interface ErrorPrintOptions {
  /** --debug: the stack trace too, redacted, and no "run again with --debug" hint. */
  debug?: boolean | undefined;
  /** The item a bulk command's error is about, printed first: `error: NAME: …`. */
  subject?: string | undefined;
  /** false: leave the hint out (a bulk command's summary error carries it once). */
  hint?: boolean | undefined;
}

/**
 * THE error printer: one `error:` line, then a `hint:` line where one exists (README.md, Exit codes). Every
 * `error:` line goes through here: main's for a failed command and commander's usage errors, and a
 * bulk command's per-item lines. Messages quote servers and users alike (the request id is a
 * server's header): each part is redacted, then printed escaped by the display layer. Returns the
 * exit code the error stands for; a silent CliError prints nothing.
 */
export function printError(io: IO, error: unknown, options: ErrorPrintOptions = {}): number {
  const about: Part = options.subject === undefined ? '' : t`${redact(options.subject)}: `;
  if (error instanceof CliError) {
    if (error.silent) return error.exitCode;
    const req = error.requestId ? t` (request ${redact(error.requestId)})` : '';
    errorLine(io, t`${about}${redact(error.message)}${req}`);
    for (const d of error.details) if (d !== error.message) note(io, t`  ${redact(d)}`);
    if (error.hint && options.hint !== false) printHint(io, redact(error.hint));
    if (options.debug && error.stack) printStack(io, error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  errorLine(io, t`${about}${redact(message.split('\n')[0] ?? 'unexpected error')}`);
  if (options.debug && error instanceof Error && error.stack) printStack(io, error.stack);
  else if (options.hint !== false)
    hint(io, 'run again with --debug for details, and report it if it persists');
  return 1;
}

/**
 * `hint: …`; a hint of several lines (a list) prints its later lines indented under the first, each
 * escaped: no line of it can pass for an `error:` line of its own.
 */
function printHint(io: IO, text: string): void {
  const [first = '', ...rest] = text.split('\n');
  hint(io, first);
  for (const l of rest) note(io, t`  ${l}`);
}

/** A --debug stack trace, redacted, line by line (its first line is the message, which may quote a server). */
function printStack(io: IO, stack: string): void {
  for (const l of redact(stack).split('\n')) note(io, l);
}
