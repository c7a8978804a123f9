// jsonTextChunks writes a document piece by piece; joined, its pieces are jsonText's bytes exactly,
// for any JSON value (and the values JSON.stringify drops or turns into null), at any piece size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonList, jsonText, jsonTextChunks } from '../../../../src/lib/display/json.js';

const joined = (data: unknown, indent: number, size?: number) =>
  [...jsonTextChunks(data, indent, size)].join('');

// Strings with what the escaper and JSON.stringify treat specially: C0, C1, bidi marks, U+2028,
// lone surrogates, astral characters.
const tricky = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\n', '\u009b[31m', '\u202e', '\u2028', '\ud800', '😀', '"\\', ''),
);

describe('jsonTextChunks', () => {
  it('joined, is jsonText(data, indent) for any JSON value and any piece size', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), tricky),
      node: fc.oneof(
        { depthSize: 'small' },
        tie('leaf'),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(tricky, tie('node'), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(
        value,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 64 }),
        (v, indent, size) => {
          expect(joined(v, indent, size)).toBe(jsonText(v, indent));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('drops and nulls what JSON.stringify does; leaves with toJSON, class instances and holes alike', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const odd = {
      gone: undefined,
      fn: () => 1,
      // biome-ignore lint/suspicious/noSparseArray: a hole, which JSON.stringify writes as null
      list: [undefined, () => 1, Symbol('s'), , 1],
      when: new Date(0),
      point: new Point(1, 2),
      bare: Object.assign(Object.create(null), { a: [] }),
      empty: { x: undefined },
      nested: { toJSON: () => ({ deep: [1, { two: 2 }] }) },
    };
    for (const size of [1, 7, 1024]) {
      expect(joined(odd, 2, size)).toBe(jsonText(odd, 2));
      expect(joined([odd, [], {}, 'x'], 4, size)).toBe(jsonText([odd, [], {}, 'x'], 4));
    }
    expect(joined(undefined, 2)).toBe(jsonText(undefined, 2));
  });

  it('writes a long list in pieces of about the size asked, never as one string', () => {
    const report = { files: Array.from({ length: 10_000 }, (_, i) => `team-${i % 50}/svc/wf-${i}.yaml`) };
    const pieces = [...jsonTextChunks(report, 2, 4096)];
    expect(pieces.length).toBeGreaterThan(50);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4096 + 200);
    expect(pieces.join('')).toBe(jsonText(report, 2));
  });

  it('a JsonList is written as its mapped array, each element made only when it is written', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => i);
    let made = 0;
    const list = new JsonList(items, (i) => {
      made++;
      return i % 7 === 0 ? undefined : { path: `wf-${i}.yaml`, line: i, tags: ['a', i] };
    });
    const report = { version: 1, results: list, empty: new JsonList([], () => 1) };
    const expected = jsonText({ version: 1, results: list.toJSON(), empty: [] }, 2);
    made = 0;
    const pieces = jsonTextChunks(report, 2, 4096);
    const first = pieces.next();
    expect(first.done).toBe(false);
    // Only what the first piece holds has been made, not the whole list.
    expect(made).toBeLessThan(200);
    const rest = [...pieces];
    expect(made).toBe(items.length);
    expect([first.value, ...rest].join('')).toBe(expected);
    expect(jsonText(report, 2)).toBe(expected);
  });
});
