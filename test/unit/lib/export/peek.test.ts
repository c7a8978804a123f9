// peekEventsPage reads a page's cursor from the end of its body and its first event from the start,
// so the export can ask for the next page before decoding this one. Its answer is only a guess, but
// it must never be a different one from the decode's: whenever it reads a cursor and the decode
// succeeds, both have the same cursor and the same first event's bytes. What it cannot read for
// certain (an escaped cursor, another key after it, another layout) it does not guess at.
import { describe, expect, it } from 'vitest';
import { decodeEventsPage, type EventsPage, peekEventsPage } from '../../../../src/lib/export/raw-page.js';

const tricky = [
  { id: 'evt_1', action: 'a ,"next_cursor":"fake"} ] }', metadata: { nested: [1, { x: '\\"' }] } },
  { id: 'evt_2', metadata: { note: 'ünïcødé ✓' } },
];
const compact = (events: unknown[], next: unknown) => JSON.stringify({ events, next_cursor: next });

/** The guess and the decode agree, or the guess is undefined; never two answers. */
function agree(text: string): ReturnType<typeof peekEventsPage> {
  const data = Buffer.from(text);
  const guess = peekEventsPage(data);
  if (guess === undefined) return guess;
  const page = decodeEventsPage(Buffer.from(text)) as EventsPage;
  expect(guess.nextCursor).toBe(page.next_cursor);
  const first = page.events.at(0);
  if (first === undefined) expect(guess.first).toBeUndefined();
  else expect(Buffer.from(guess.first as Buffer).equals(first)).toBe(true);
  return guess;
}

describe('peekEventsPage', () => {
  it('reads the cursor and first event of a compact page, as the decode has them', () => {
    expect(agree(compact(tricky, 'cur_ü✓/+='))?.nextCursor).toBe('cur_ü✓/+=');
    expect(agree(compact(tricky, null))?.nextCursor).toBeNull();
    expect(agree(compact([], 'c'))).toEqual({ nextCursor: 'c', first: undefined });
    expect(agree(compact([], null))).toEqual({ nextCursor: null, first: undefined });
    // JSON.parse keeps the last of two equal keys, and so does a read from the end.
    expect(agree('{"events":[{"id":"a"}],"next_cursor":"x","next_cursor":"y"}')?.nextCursor).toBe('y');
  });

  it('a cursor as long as the API allows is still read', () => {
    const long = 'ü'.repeat(1024);
    expect(agree(compact(tricky, long))?.nextCursor).toBe(long);
  });

  it('does not guess where the end is not a plain cursor, or the layout is another', () => {
    for (const text of [
      compact(tricky, 'with \\"escape'),
      compact(tricky, 'tab\there'),
      '{"events":[{"id":"a"}],"next_cursor":"x","more":1}',
      '{"events":[{"id":"a"}],"next_cursor":"x"} ',
      JSON.stringify({ events: tricky, next_cursor: 'x' }, null, 2),
      '{"next_cursor":"x","events":[{"id":"a"}]}',
      '{"events":[1,2],"next_cursor":"x"}',
      '{"events":[{"id":"a"],"next_cursor":"x"}',
      '{"events":[],"meta":{"next_cursor":"x"}}',
    ]) {
      expect(agree(text), text).toBeUndefined();
    }
    expect(peekEventsPage({ events: [], next_cursor: 'x' })).toBeUndefined();
    expect(peekEventsPage(Buffer.from(''))).toBeUndefined();
  });

  it('a body whose middle is broken is guessed from its ends, and the decode still refuses it', () => {
    const good = compact([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 'next');
    const broken = Buffer.from(good.replace('{"id":"b"}', '{"id":"b"'));
    expect(peekEventsPage(broken)?.nextCursor).toBe('next');
    expect(() => decodeEventsPage(broken)).toThrow('the server sent a page of audit events that is not JSON');
  });
});
