/**
 * The three export formats as pure text producers: a header, one chunk per page, a footer. Pure so
 * that a resumed export, given the count written so far, produces exactly the bytes an
 * uninterrupted one would.
 */
import { stringify } from 'csv-stringify/sync';

/** api.md's AuditEvent, as the CLI receives it. */
export interface AuditEvent {
  id: string;
  timestamp: string;
  event_type: string;
  workflow_id: string | null;
  user_id: string | null;
  ip_address: string | null;
  action: string | null;
  status: string;
  duration_ms: number | null;
  metadata: Record<string, unknown>;
}

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Turns events into text; `page` gets how many events precede it (JSON needs it for commas). */
export interface EventWriter {
  header(): string;
  page(events: readonly AuditEvent[], before: number): string;
  footer(total: number): string;
}

/** CSV columns, in api.md's field order; metadata is one JSON column. */
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
// remedy is to prefix a single quote, which shows the text and runs nothing.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralise a CSV cell against spreadsheet formula injection. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function csvRow(e: AuditEvent): Array<string | number> {
  return CSV_COLUMNS.map((c) => {
    const v = c === 'metadata' ? JSON.stringify(e.metadata ?? {}) : e[c];
    if (v === null || v === undefined) return '';
    return typeof v === 'number' ? v : neutralise(String(v));
  });
}

// RFC 4180: CRLF between records, quotes only where needed.
const CSV_OPTIONS = { record_delimiter: 'windows' } as const;

const writers: Record<ExportFormat, EventWriter> = {
  // One array, one event per line, so a reader can see the shape and a diff stays small.
  json: {
    header: () => '[',
    page: (events, before) =>
      events.map((e, i) => `${before + i === 0 ? '\n' : ',\n'}${JSON.stringify(e)}`).join(''),
    footer: (total) => (total === 0 ? ']\n' : '\n]\n'),
  },
  ndjson: {
    header: () => '',
    page: (events) => events.map((e) => `${JSON.stringify(e)}\n`).join(''),
    footer: () => '',
  },
  csv: {
    header: () => stringify([[...CSV_COLUMNS]], CSV_OPTIONS),
    page: (events) => (events.length === 0 ? '' : stringify(events.map(csvRow), CSV_OPTIONS)),
    footer: () => '',
  },
};

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
