// The terminal's export writers: every unprintable character escaped, the events' meaning kept.
import { describe, expect, it } from 'vitest';
import { terminalWriterFor } from '../../../../src/lib/export/terminal.js';
import { writerFor } from '../../../../src/lib/export/writers.js';

const HOSTILE = '\u001b]0;owned\u0007\u009b2J\u202e\u2028x\r\ny';
const event = {
  id: 'evt_1',
  timestamp: '2026-11-29T10:00:00Z',
  event_type: HOSTILE,
  workflow_id: null,
  user_id: 'u',
  ip_address: null,
  action: 'run',
  status: 'success',
  duration_ms: 5,
  metadata: { note: HOSTILE },
};
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u202e]/;

const raw = Buffer.from(JSON.stringify(event));

function render(format: 'json' | 'ndjson' | 'csv', events: Buffer[]): string {
  const w = terminalWriterFor(format);
  return `${w.header()}${w.page(events, 0).toString('utf8')}${w.footer(events.length)}`;
}

describe('terminalWriterFor', () => {
  it('json and ndjson: no raw control character, and the text parses to the same events', () => {
    // One event, and two: the separators between escaped events stay JSON's.
    for (const events of [[raw], [raw, raw]]) {
      const parsed = events.map(() => event);
      const json = render('json', events);
      expect(RAW.exec(json)).toBeNull();
      expect(JSON.parse(json)).toEqual(parsed);
      const ndjson = render('ndjson', events);
      expect(RAW.exec(ndjson)).toBeNull();
      expect(
        ndjson
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l)),
      ).toEqual(parsed);
    }
  });

  it('a raw ESC the server put inside an event (invalid JSON) is escaped too', () => {
    const bad = Buffer.from('{"id":"a\u001b[2Jb"}');
    expect(render('ndjson', [bad])).toBe('{"id":"a\\u001b[2Jb"}\n');
  });

  it('csv: each record one line, each cell escaped, the header as the file has it', () => {
    const text = render('csv', [raw]);
    expect(RAW.exec(text.replaceAll('\r\n', ''))).toBeNull();
    const lines = text.split('\r\n');
    expect(lines).toEqual([
      writerFor('csv').header().trimEnd(),
      expect.stringContaining('\\u001b]0;owned'),
      '',
    ]);
    expect(lines[1]).toContain('\\u2028x\\u000d\\u000ay');
  });
});
