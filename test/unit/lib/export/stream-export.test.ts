// The file export: temporary file + rename, a checkpoint after every page, and a resume that
// produces the same bytes as an uninterrupted run.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../../../src/lib/api/paginate.js';
import { exportPaths, readCheckpointJson } from '../../../../src/lib/export/checkpoint.js';
import { openPartialForResume } from '../../../../src/lib/export/partial-file.js';
import {
  type CheckpointBase,
  ExportStopped,
  exportToFile,
  exportToStream,
} from '../../../../src/lib/export/stream-export.js';
import { validateCheckpoint } from '../../../../src/lib/export/validate-checkpoint.js';
import type { EventText, ExportFormat } from '../../../../src/lib/export/writers.js';
import { tempDir } from '../../../helpers/temp-dir.js';

// Events as the writers get them: JSON text (raw-page.ts).
const ALL: EventText[] = Array.from({ length: 23 }, (_, i) => ({
  id: `evt_${String(i).padStart(4, '0')}`,
  timestamp: '2026-11-29T10:00:00.000Z',
  event_type: 'secret.set',
  workflow_id: null,
  user_id: i % 2 ? '=HYPERLINK("x")' : 'user-1',
  ip_address: '10.0.0.1',
  action: 'set',
  status: 'success',
  duration_ms: null,
  metadata: { i },
})).map((e) => Buffer.from(JSON.stringify(e)));

/** Pages of 5 whose cursor is the next index; throws once when asked for page `failAt`. */
function source(failAt?: number) {
  let failed = false;
  return async function* (start: string | null): AsyncGenerator<Page<EventText>> {
    for (let i = start === null ? 0 : Number(start); ; i += 5) {
      if (failAt !== undefined && i === failAt * 5 && !failed) {
        failed = true;
        throw new Error('connection refused');
      }
      const next = i + 5 < ALL.length ? String(i + 5) : null;
      yield { items: ALL.slice(i, i + 5), nextCursor: next, cursor: i === 0 ? null : String(i) };
      if (next === null) return;
    }
  };
}

const base = (format: ExportFormat): CheckpointBase => ({
  version: 2,
  format,
  filters: { since: null, until: null, workflow_id: null, user_id: null, event_type: [], status: null },
  typed: { since: null, until: null },
  started_at: '2026-11-29T12:00:00.000Z',
});
const now = () => new Date('2026-11-29T12:00:00Z');

describe.each(['json', 'ndjson', 'csv'] as const)('exportToFile (%s)', (format) => {
  it('stops with a checkpoint, keeps the old file, and resumes to the same bytes', async () => {
    const dir = tempDir();
    const reference = join(dir, 'reference');
    expect(await exportToFile({ output: reference, format, pages: source(), base: base(format), now })).toBe(
      23,
    );
    const expected = readFileSync(reference, 'utf8');
    let streamed = '';
    await exportToStream(format, source(), async (c) => {
      streamed += c;
    });
    expect(streamed).toBe(expected);

    const output = join(dir, `audit.${format}`);
    writeFileSync(output, 'old content');
    const paths = exportPaths(output);
    const stopped = await exportToFile({ output, format, pages: source(3), base: base(format), now }).catch(
      (e) => e,
    );
    expect(stopped).toBeInstanceOf(ExportStopped);
    expect(stopped.count).toBe(15);
    expect(readFileSync(output, 'utf8')).toBe('old content');
    const cp = validateCheckpoint(await readCheckpointJson(paths.checkpoint, ''), paths.checkpoint, '');
    expect(cp).toMatchObject({ format, cursor: '15', count: 15, complete: false });
    expect(readFileSync(paths.temp).length).toBe(cp.bytes);

    // A page written after the last checkpoint (a crash between the two) is dropped on resume.
    appendFileSync(paths.temp, 'torn page');
    const count = await exportToFile({
      output,
      format,
      pages: source(),
      base: base(format),
      now,
      resume: { checkpoint: cp, partial: await openPartialForResume(paths.temp, cp, '') },
    });
    expect(count).toBe(23);
    expect(readFileSync(output, 'utf8')).toBe(expected);
    expect(existsSync(paths.temp)).toBe(false);
    expect(existsSync(paths.checkpoint)).toBe(false);
  });
});
