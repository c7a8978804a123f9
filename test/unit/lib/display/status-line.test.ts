// The status line (the export's progress) and every other message on the same terminal: a
// message goes above it, never onto it, and the status comes back below.
import { describe, expect, it } from 'vitest';
import { printError } from '../../../../src/lib/display/error.js';
import { clearStatusLine, line, note, statusLine, warn } from '../../../../src/lib/display/messages.js';
import { CliError } from '../../../../src/lib/errors.js';
import { FakeIO } from '../../../../src/lib/fake-io.js';
import { screenLines } from '../../../helpers/screen.js';

describe('the status line', () => {
  it('a notice printed while it is up lands on its own line, the status drawn again below it', () => {
    const io = new FakeIO({ stderrIsTTY: true });
    statusLine(io, 'Exported 1,000 events (5,000 events/s)');
    note(io, 'retrying in 2s: 503 Service Unavailable (attempt 2 of 4)', 'yellow');
    statusLine(io, 'Exported 2,000 events (4,000 events/s)');
    warn(io, 'something else');
    expect(screenLines(io.stderrText)).toEqual([
      'retrying in 2s: 503 Service Unavailable (attempt 2 of 4)',
      'warning: something else',
      'Exported 2,000 events (4,000 events/s)',
    ]);
    clearStatusLine(io);
    note(io, 'Exported 2,000 events to audit.ndjson');
    expect(screenLines(io.stderrText)).toEqual([
      'retrying in 2s: 503 Service Unavailable (attempt 2 of 4)',
      'warning: something else',
      'Exported 2,000 events to audit.ndjson',
    ]);
  });

  it('an error line too; and data for the same terminal erases it first', () => {
    const io = new FakeIO({ stdoutIsTTY: true, stderrIsTTY: true });
    statusLine(io, 'Exported 10 events (10 events/s)');
    printError(io, new CliError('network', 'connection reset'), { debug: false });
    expect(screenLines(io.stderrText)).toEqual([
      'error: connection reset',
      'Exported 10 events (10 events/s)',
    ]);
    line(io, 'a row');
    expect(screenLines(io.stderrText)).toEqual(['error: connection reset']);
    expect(io.stdoutText).toBe('a row\n');
  });

  it('is never drawn when stderr is not a terminal', () => {
    const io = new FakeIO({ stderrIsTTY: false });
    statusLine(io, 'Exported 10 events');
    note(io, 'done');
    expect(io.stderrText).toBe('done\n');
  });

  it('is not drawn while data for the same terminal is in the middle of a line (it would erase it)', async () => {
    const io = new FakeIO({ stdoutIsTTY: true, stderrIsTTY: true });
    await io.write('{"id":"evt_1",');
    statusLine(io, 'Exported 1 events (1 events/s)');
    await io.write('"status":"success"}\n');
    // On the one screen both streams share, drawing it (CR, ESC [2K) would have erased the half line.
    expect(io.stderrText).not.toContain('Exported 1 events');
    statusLine(io, 'Exported 2 events (2 events/s)');
    expect(screenLines(io.stderrText)).toEqual(['Exported 2 events (2 events/s)']);
    expect(io.stdoutText).toBe('{"id":"evt_1","status":"success"}\n');
  });
});
