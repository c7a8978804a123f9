/**
 * What a failed write means to the user. A write to standard output or to a file can fail (a full
 * disk, `> /dev/full`, an I/O error, a quota), and a command that delivers data must learn of it
 * instead of reporting success: io.ts records every stdout write error through these types, and
 * main.ts turns an unhandled one into a non-zero exit.
 */
import { getSystemErrorMap } from 'node:util';
import { CliError } from './errors.js';

/** "no space left on device (ENOSPC)", from the error's own code; its message when it has none. */
export function describeWriteError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.errno === 'number') {
    const known = getSystemErrorMap().get(err.errno);
    if (known) return `${known[1]} (${known[0]})`;
  }
  if (typeof err?.code === 'string') return err.code;
  return e instanceof Error ? e.message : String(e);
}

/**
 * The reader of standard output went away (EPIPE: `| head`). That is a quiet exit 0 (as for git or gh), so
 * this is not a CliError: main.ts ends the run with 0 and prints nothing.
 */
export class StdoutClosed extends Error {
  constructor() {
    super('standard output was closed by its reader');
    this.name = 'StdoutClosed';
  }
}

/**
 * The exit code when standard output's reader goes away: 0, as `| head` has seen enough, unless the
 * command's answer is its exit code (security check's 11, access check's "no") and it already knows
 * it. Such a gate says so before it prints: `fibonacci security check | head` must still fail a CI
 * step that has pipefail, whatever became of the report.
 */
let closedPipeCode = 0;

/** Set the exit code a closed stdout ends the run with (the verdict, known before the report). */
export function verdictOnClosedPipe(code: number): void {
  closedPipeCode = code;
}

/** The exit code for a closed stdout: 0, or the verdict a gate set. */
export function closedPipeExitCode(): number {
  return closedPipeCode;
}

/** Writing to standard output failed for any other reason: data was lost, so the run fails. */
export class StdoutFailed extends CliError {
  constructor(
    /** Why, in words: "no space left on device (ENOSPC)". */
    readonly reason: string,
    cause: unknown,
  ) {
    super('unexpected', `cannot write to standard output: ${reason}`, {
      hint: 'what was not written is lost: free some space, or send the output somewhere else',
      cause,
    });
    this.name = 'StdoutFailed';
  }
}

/** The error a failed stdout write stands for. */
export function stdoutFailure(e: unknown): StdoutClosed | StdoutFailed {
  if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') return new StdoutClosed();
  return new StdoutFailed(describeWriteError(e), e);
}
