import type { IO, Style } from '../io.js';
import { type Part, renderLines, type Styler, styled, Text, t } from './text.js';

// One line each, ended by the function: data lines on stdout, everything else on stderr, so a pipe
// gets the data alone.
// Each message kind adds its own prefix, so no caller types `warning: ` or `error:` by hand.

/** A line of data on stdout. */
export function line(io: IO, text: Part): void {
  io.out(`${Text.from(text).render(io)}\n`);
}

/** Lines of data on stdout, as line() prints each, written in pieces as they are rendered (a long report). */
export function lines(io: IO, parts: Iterable<Part>): void {
  for (const piece of renderLines(parts, io)) io.out(piece);
}

/** Rendering for stderr: its colour follows stderr, not stdout (`2>log` at a terminal: none). */
function onStderr(io: IO): Styler {
  return { style: (format, text) => io.styleErr(format, text) };
}

/** A line for the person at the terminal on stderr (progress, an empty-result note), optionally styled. */
export function note(io: IO, text: Part, style?: Style): void {
  const body = style ? styled(style, text) : Text.from(text);
  io.err(`${body.render(onStderr(io))}\n`);
}

/** `warning: …` on stderr, in yellow where colour is on. */
export function warn(io: IO, text: Part): void {
  note(io, t`warning: ${text}`, 'yellow');
}

/** `hint: …` on stderr: what to do about the error or warning above. */
export function hint(io: IO, text: Part): void {
  note(io, t`hint: ${text}`);
}

/** `error: …` on stderr (main.ts prints a failed command's error; bulk commands print one per item). */
export function errorLine(io: IO, text: Part): void {
  note(io, t`${styled('red', t`error:`)} ${text}`);
}

/** A success line (`✓ Done`) on stderr, on a TTY only. */
export function success(io: IO, text: Part): void {
  if (io.stderrIsTTY) note(io, t`${styled('green', t`✓`)} ${text}`);
}

/**
 * The status line at the bottom of stderr (a progress count), redrawn in place, on a TTY only; any
 * other message printed meanwhile goes above it (IO.status).
 */
export function statusLine(io: IO, text: Part): void {
  io.status(Text.from(text).render(onStderr(io)));
}

/** Erase the status line before the last words (a summary, an error). */
export function clearStatusLine(io: IO): void {
  io.clearStatus();
}
