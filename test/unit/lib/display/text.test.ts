// The display layer's mechanism: literal program words print as written, every value from outside
// prints escaped, styles are applied by the layer; and the message, block and JSON printers on it.
import { describe, expect, it } from 'vitest';
import { printBlock } from '../../../../src/lib/display/block.js';
import { JsonWriter, jsonText, printJson } from '../../../../src/lib/display/json.js';
import { errorLine, hint, line, lines, note, success, warn } from '../../../../src/lib/display/messages.js';
import { join, renderLines, styled, Text, t } from '../../../../src/lib/display/text.js';
import { FakeIO } from '../../../../src/lib/fake-io.js';

const HOSTILE = '\u001b[2J\u001b]8;;https://evil.test\u0007x\u009b1m\u0007\r\b\u202e\u2028';
const ESCAPED = '\\u001b[2J\\u001b]8;;https://evil.test\\u0007x\\u009b1m\\u0007\\u000d\\u0008\\u202e\\u2028';

describe('Text and t', () => {
  it('prints literal parts as written and every spliced value escaped', () => {
    expect(t`a\n${HOSTILE}b`.render()).toBe(`a\n${ESCAPED}b`);
    expect(Text.from(HOSTILE).render()).toBe(ESCAPED);
    expect(t`${42} ${true} ${null}${undefined}.`.render()).toBe('42 true .');
  });

  it('does not escape a Text twice, and a nested value stays escaped', () => {
    const inner = t`(${HOSTILE})`;
    expect(t`x ${inner}`.render()).toBe(`x (${ESCAPED})`);
    expect(join(['a\u001b', inner], ', ').render()).toBe(`a\\u001b, (${ESCAPED})`);
  });

  it('applies a style through the IO, around the escaped text, and measures without it', () => {
    const io = new FakeIO({ tagStyles: true });
    const text = t`${styled('red', t`error:`)} ${styled('bold', HOSTILE)}`;
    expect(text.render(io)).toBe(`<red>error:</red> <bold>${ESCAPED}</bold>`);
    expect(text.width).toBe(`error: ${ESCAPED}`.length);
  });
});

describe('messages add their own prefix and escape', () => {
  it('warn, hint, errorLine, note on stderr; line on stdout', () => {
    const io = new FakeIO({ tagStyles: true });
    warn(io, `key ${HOSTILE} expires`);
    hint(io, HOSTILE);
    errorLine(io, HOSTILE);
    note(io, HOSTILE, 'gray');
    line(io, HOSTILE);
    expect(io.stderrText).toBe(
      [
        `<yellow>warning: key ${ESCAPED} expires</yellow>`,
        `hint: ${ESCAPED}`,
        `<red>error:</red> ${ESCAPED}`,
        `<gray>${ESCAPED}</gray>`,
        '',
      ].join('\n'),
    );
    expect(io.stdoutText).toBe(`${ESCAPED}\n`);
  });

  it('lines prints what line prints for each, in pieces, escaped and styled alike', () => {
    const parts = Array.from({ length: 3_000 }, (_, i) =>
      i % 3 ? t`  ${styled('bold', HOSTILE)} ${i}` : HOSTILE,
    );
    const one = new FakeIO({ tagStyles: true });
    for (const p of parts) line(one, p);
    const batched = new FakeIO({ tagStyles: true });
    lines(batched, parts);
    expect(batched.stdoutText).toBe(one.stdoutText);
    const pieces = [...renderLines(parts, undefined, 4096)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(`${join(parts, '\n').render()}\n`);
  });

  it('success only when stderr is a terminal', () => {
    const tty = new FakeIO({ stderrIsTTY: true });
    success(tty, `Set ${HOSTILE}`);
    expect(tty.stderrText).toBe(`✓ Set ${ESCAPED}\n`);
    const piped = new FakeIO();
    success(piped, 'Set');
    expect(piped.stderrText).toBe('');
  });
});

describe('printBlock', () => {
  it('aligns values in one column (12 by default), escapes labels and values, skips absent fields', () => {
    const io = new FakeIO();
    printBlock(io, [['Run', 'run_1'], false, ['Workflow', HOSTILE], ['Error', t`a ${'\n'}b`]]);
    expect(io.stdoutText).toBe(`Run:        run_1\nWorkflow:   ${ESCAPED}\nError:      a \\u000ab\n`);
  });

  it('widens past the longest label, without colons and indented when asked', () => {
    const io = new FakeIO();
    printBlock(
      io,
      [
        ['list_secrets', 'ok'],
        [`x${HOSTILE}`, 'error: no'],
      ],
      { indent: 2, colon: false, minWidth: 0 },
    );
    const width = 1 + ESCAPED.length + 2;
    expect(io.stdoutText).toBe(
      `  ${'list_secrets'.padEnd(width)}ok\n  ${`x${ESCAPED}`.padEnd(width)}error: no\n`,
    );
  });
});

describe('JSON', () => {
  const data = { name: `a${HOSTILE}\u007f\u2029\u200f\u2066`, n: [1, { deep: '\u0085' }] };

  it('escapes what JSON.stringify leaves raw, and parses back to the same value', () => {
    for (const text of [jsonText(data), jsonText(data, 2)]) {
      expect(text).not.toMatch(
        /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
      );
      expect(JSON.parse(text)).toEqual(data);
    }
    expect(jsonText(data, 2).split('\n')).toHaveLength(JSON.stringify(data, null, 2).split('\n').length);
  });

  it('the streaming array writes the bytes printJson writes for the whole list', () => {
    const items = [data, { b: 2 }, { c: [3] }];
    const whole = new FakeIO();
    printJson(whole, items);
    const paged = new FakeIO();
    const writer = new JsonWriter(paged, 'array');
    writer.add(items.slice(0, 1));
    writer.add([]);
    writer.add(items.slice(1));
    writer.end();
    expect(paged.stdoutText).toBe(whole.stdoutText);
    const empty = new FakeIO();
    new JsonWriter(empty, 'array').end();
    expect(empty.stdoutText).toBe('[]\n');
  });

  it('lines: one compact object a line', () => {
    const io = new FakeIO();
    const writer = new JsonWriter(io, 'lines');
    writer.add([data, { b: 2 }]);
    writer.end();
    const lines = io.stdoutText.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(0, 2).map((l) => JSON.parse(l))).toEqual([data, { b: 2 }]);
  });
});
