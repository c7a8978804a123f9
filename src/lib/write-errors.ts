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

/**
 * What the command has done that cannot be taken back (`the workflow t/x was created (wf_…)`),
 * recorded once it is done: a stdout that then fails lost the command's output, not its effect,
 * and the error says so, or the user runs the command again and creates it twice (hostile pass 14,
 * H14a-16: `workflow create … >/dev/full` said only "what was not written is lost").
 */
const done: Array<{ what: string; hint: string }> = [];

/** Record a change the command made (one clause, no period), and what the user may do about it. */
export function doneBeforeOutput(what: string, hint: string): void {
  done.push({ what, hint });
}

/** Forget what an earlier run in this process did (main.ts, at each run's start). */
export function forgetDone(): void {
  done.length = 0;
  closedPipeError = undefined;
}

/**
 * For output that exists nowhere else (a new key, shown once), a reader that goes away is no
 * quiet exit 0 (`create-key --plain | false`): main.ts prints this error instead, and exits with
 * its code, when stdout's pipe breaks.
 */
let closedPipeError: CliError | undefined;

/** A closed stdout from now on is `e`, not a quiet exit (see closedPipeError). */
export function failOnClosedPipe(e: CliError): void {
  closedPipeError = e;
}

/** The error a closed stdout is for this run, if a command said so. */
export function closedPipeFailure(): CliError | undefined {
  return closedPipeError;
}

/**
 * `e` as the user must hear it: a failed stdout after a change says the change was made and only
 * its output was lost; any other error is itself.
 */
export function saidWithDone(e: unknown): unknown {
  if (!(e instanceof StdoutFailed) || done.length === 0) return e;
  return new CliError(
    'unexpected',
    `${done.map((d) => d.what).join('; ')}, but its output was lost: cannot write to standard output: ${e.reason}`,
    { hint: done.map((d) => d.hint).join('; '), cause: e },
  );
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

/**
 * Flush stdout, for output that exists nowhere else (a new key, shown once): its loss is an error,
 * a closed pipe's too (`create-key --plain | false`: the key's reader went away, nobody has the
 * key), said by `lost` with the reason, where every other command's closed pipe is a quiet exit 0.
 */
export async function mustDeliver(
  io: { flushOut(): Promise<void> },
  lost: (reason: string, cause: unknown) => CliError,
): Promise<void> {
  try {
    await io.flushOut();
  } catch (e) {
    if (e instanceof StdoutFailed) throw lost(e.reason, e);
    if (e instanceof StdoutClosed) throw lost('its reader closed it (EPIPE)', e);
    throw e;
  }
}

/**
 * Output that exists nowhere else (a new key) refused before it is made when stdout is the null
 * device (`>/dev/null`, or `>&-`, which Node reopens as it): nobody would ever see it (hostile
 * re-pass s14). Exit 2, nothing created.
 */
export function refuseNullStdout(io: { stdoutIsNullDevice: boolean }, what: string, plain: string): void {
  if (!io.stdoutIsNullDevice) return;
  throw new CliError('usage', `standard output is /dev/null (or closed): ${what} would be shown to nobody`, {
    hint: `send it to a file or a variable, e.g. KEY=$(${plain}); nothing was created`,
  });
}
