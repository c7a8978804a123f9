/**
 * The three export formats as pure producers of bytes: a header, one chunk per page, a footer. Pure
 * so that a resumed export, given the count written so far, produces exactly the bytes an
 * uninterrupted one would. Events arrive in one form, their JSON text (raw-page.ts): json and ndjson
 * copy it, csv reads the fields out of it.
 */
import { stringify } from 'csv-stringify/sync';
import type { AuditEvent } from '../api/audit.js';
import { type EventTexts, SlicedEvents } from './raw-page.js';

export type { AuditEvent } from '../api/audit.js';

/** One event's JSON text, compact and without a line break (raw-page.ts makes every one so). */
export type EventText = Buffer;
export type { EventTexts } from './raw-page.js';

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Turns events into bytes; `page` gets how many events precede it (JSON needs it for commas). */
export interface EventWriter {
  header(): string;
  page(events: EventTexts, before: number): Buffer;
  footer(total: number): string;
}

/** CSV columns, in docs/api.md's AuditEvent field order; metadata is one JSON column. */
export const CSV_COLUMNS = [
  'id',
  'timestamp',
  'event_type',
  'workflow_id',
  'user_id',
  'ip_address',
  'action',
  'status',
  'duration_ms',
  'metadata',
] as const;

// Spreadsheets run a cell starting with = + - @ as a formula (and tab/CR can hide one): OWASP's
// remedy is to prefix a single quote, which shows the text and runs nothing. A leading LF too: a
// reader that trims the line break would be left with the formula.
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** Neutralise a CSV cell against spreadsheet formula injection. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function csvRow(event: EventText, cell: (text: string) => string): Array<string | number> {
  const e = JSON.parse(event.toString('utf8')) as AuditEvent;
  return CSV_COLUMNS.map((c) => {
    const v = c === 'metadata' ? JSON.stringify(e.metadata ?? {}) : e[c];
    if (v === null || v === undefined) return '';
    return typeof v === 'number' ? v : cell(neutralise(String(v)));
  });
}

// RFC 4180: CRLF between records, quotes only where needed. "Needed" includes a lone CR or LF in
// a field: csv-stringify quotes only a field that holds the whole record delimiter (CRLF), so a
// server's `"\n=5+5"` would end the record there and start the next row with a live formula.
const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');
const COMMA_NEWLINE = Buffer.from(',\n');

/** Each event's text after its separator, copied once into one Buffer (off the JS heap). */
function joinJson(events: EventTexts, separator: (i: number) => Buffer, after: boolean): Buffer {
  const parts: Buffer[] = [];
  let i = 0;
  for (const e of events) {
    if (!after) parts.push(separator(i));
    parts.push(e);
    if (after) parts.push(separator(i));
    i++;
  }
  return Buffer.concat(parts);
}

/** ndjson: a sliced page's span copied once, its commas made line feeds; else event by event. */
function jsonLines(events: EventTexts): Buffer {
  return events instanceof SlicedEvents ? events.lines() : joinJson(events, () => NEWLINE, true);
}

const writers: Record<ExportFormat, EventWriter> = {
  // One array, one event per line, so a reader can see the shape and a diff stays small.
  json: {
    header: () => '[',
    page: (events, before) =>
      events instanceof SlicedEvents
        ? events.joined(before === 0 ? NEWLINE : COMMA_NEWLINE, COMMA_NEWLINE)
        : joinJson(events, (i) => (before + i === 0 ? NEWLINE : COMMA_NEWLINE), false),
    footer: (total) => (total === 0 ? ']\n' : '\n]\n'),
  },
  ndjson: {
    header: () => '',
    page: jsonLines,
    footer: () => '',
  },
  csv: csvWriter((text) => text),
};

/** The CSV writer, with `cell` applied to every text cell (the terminal's escaping, or nothing). */
export function csvWriter(cell: (text: string) => string): EventWriter {
  return {
    header: () => stringify([[...CSV_COLUMNS]], CSV_OPTIONS),
    page: (events) =>
      events.length === 0
        ? EMPTY
        : Buffer.from(
            stringify(
              Array.from(events, (e) => csvRow(e, cell)),
              CSV_OPTIONS,
            ),
          ),
    footer: () => '',
  };
}

/** The writer for a format. */
export function writerFor(format: ExportFormat): EventWriter {
  return writers[format];
}

/** The format an output file's extension suggests, if any. */
export function formatFromPath(path: string): ExportFormat | undefined {
  const m = /\.(json|ndjson|jsonl|csv)$/i.exec(path);
  if (!m) return undefined;
  const ext = (m[1] as string).toLowerCase();
  return ext === 'jsonl' ? 'ndjson' : (ext as ExportFormat);
}
