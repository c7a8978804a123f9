// The three export formats: each round-trips through a real parser, and CSV cannot smuggle a formula.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, CSV_COLUMNS, neutralise, writerFor } from '../../../../src/lib/export/writers.js';

function event(i: number, extra: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `evt_${String(i).padStart(6, '0')}`,
    timestamp: `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    event_type: 'workflow.execute',
    workflow_id: 'production-pipeline',
    user_id: 'user-123',
    ip_address: '192.168.1.100',
    action: 'execute',
    status: 'success',
    duration_ms: 1523,
    metadata: { input_hash: 'abc123', nodes_executed: ['classifier', 'responder'] },
    ...extra,
  };
}

const EVIL = "=cmd|' /C calc'!A0";
const events = [
  event(1),
  event(2, { workflow_id: EVIL, user_id: null, duration_ms: null, action: 'a,b "quoted"\nline' }),
  event(3, { user_id: '+1', ip_address: '-2', action: '@SUM(A1)', metadata: { note: '=1+1' } }),
];

/** Write events in pages of `size` the way an export does, each as its JSON text (raw-page.ts). */
function render(format: 'json' | 'ndjson' | 'csv', list: AuditEvent[], size = 2): string {
  const w = writerFor(format);
  const texts = list.map((e) => Buffer.from(JSON.stringify(e)));
  let out = w.header();
  for (let i = 0; i < list.length; i += size) out += w.page(texts.slice(i, i + size), i).toString('utf8');
  return out + w.footer(list.length);
}

describe('export writers', () => {
  it('json is one array holding every event, one per line', () => {
    const text = render('json', events);
    expect(JSON.parse(text)).toEqual(events);
    expect(text.split('\n')).toHaveLength(events.length + 3);
    expect(render('json', [])).toBe('[]\n');
    expect(JSON.parse(render('json', []))).toEqual([]);
  });

  it('ndjson has one line per event', () => {
    const lines = render('ndjson', events).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
    expect(render('ndjson', [])).toBe('');
  });

  it('csv round-trips through a CSV parser with a header, metadata as JSON, CRLF records', () => {
    const text = render('csv', events);
    expect(text.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      id: 'evt_000001',
      timestamp: '2026-11-29T10:00:01.000Z',
      event_type: 'workflow.execute',
      workflow_id: 'production-pipeline',
      user_id: 'user-123',
      ip_address: '192.168.1.100',
      action: 'execute',
      status: 'success',
      duration_ms: '1523',
      metadata: JSON.stringify(events[0]?.metadata),
    });
    expect(rows[1]?.action).toBe('a,b "quoted"\nline');
    expect(rows[1]?.user_id).toBe('');
    expect(JSON.parse(rows[2]?.metadata ?? '')).toEqual({ note: '=1+1' });
  });

  it('neutralises cells that a spreadsheet would run as a formula', () => {
    const rows = parse(render('csv', events), { columns: true }) as Array<Record<string, string>>;
    expect(rows[1]?.workflow_id).toBe(`'${EVIL}`);
    expect(rows[2]).toMatchObject({ user_id: "'+1", ip_address: "'-2", action: "'@SUM(A1)" });
    expect(neutralise('\tx')).toBe("'\tx");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise('plain = text')).toBe('plain = text');
    // No cell of the file starts with a formula character any more.
    for (const row of parse(render('csv', events)) as string[][]) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  it('pages of any size produce the same bytes', () => {
    for (const format of ['json', 'ndjson', 'csv'] as const) {
      expect(render(format, events, 1)).toBe(render(format, events, 3));
    }
  });

  it('a lone CR or LF in a field is quoted: the record stays one row, the formula stays neutralised', () => {
    const list = [
      event(1, { user_id: '\r=3+3', action: '\n=5+5', ip_address: 'a\rb', workflow_id: 'c\nd' }),
      event(2),
    ];
    const text = render('csv', list);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      user_id: "'\r=3+3",
      action: "'\n=5+5",
      ip_address: 'a\rb',
      workflow_id: 'c\nd',
    });
    expect(rows[1]?.id).toBe('evt_000002');
  });
});
