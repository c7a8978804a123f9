/**
 * `audit export --output -` when standard output is a terminal. An export to a file or a pipe is
 * data and keeps the server's bytes exactly; on a terminal a person reads it, and a hostile server's
 * ESC, OSC, BEL or C1 CSI would be obeyed by the terminal (clear the screen, retitle the window, fake
 * a hyperlink) and U+202E or U+2028 would make it show other text than was sent. So, as everything
 * else the CLI prints, it goes through the one escaper (escapeUnprintable), in a way that keeps each
 * format what it was:
 * - json and ndjson: each line is escaped on its own, so the newlines between events stay and
 *   nothing else changes but the escaped characters, which become `\uXXXX`. In valid JSON they can
 *   only stand inside strings, where `\uXXXX` is the same character: the text still parses to the
 *   same events (a raw C0 control, which no valid JSON holds, becomes valid JSON too).
 * - csv: each cell is escaped before it is quoted, so a record stays one line (a line break inside a
 *   cell shows as `\u000a`) and the columns stay aligned with the header.
 * Refusing `--output -` on a terminal was the alternative; a user who types it wants to look at the
 * events, and gh also prints what a person reads escaped rather than refusing to print it.
 */
import { escapeUnprintable } from '../errors.js';
import { csvWriter, type EventWriter, type ExportFormat, writerFor } from './writers.js';

/** Every line of `text` escaped, the line breaks kept. */
function escapeLines(text: string | Buffer): string {
  const s = typeof text === 'string' ? text : text.toString('utf8');
  return s.split('\n').map(escapeUnprintable).join('\n');
}

/** The writer for `format` on a terminal: the same events, with every unprintable character escaped. */
export function terminalWriterFor(format: ExportFormat): EventWriter {
  if (format === 'csv') return csvWriter(escapeUnprintable);
  const w = writerFor(format);
  return {
    header: () => escapeLines(w.header()),
    page: (events, before) => Buffer.from(escapeLines(w.page(events, before))),
    footer: (total) => escapeLines(w.footer(total)),
  };
}
