import { describe, expect, it } from 'vitest';
import { type Column, printRows } from '../../../src/lib/display/table.js';
import { FakeIO } from '../../../src/lib/fake-io.js';

const columns: Column<{ name: string; note: string }>[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'note', value: (r) => r.note },
];

describe('printRows: server text cannot rewrite the terminal', () => {
  const row = { name: 'a\tb\nc', note: 'x\u2028y\u009b2J\u001bz\u202e' };

  it('turns tabs and newlines into spaces and escapes the rest, piped', () => {
    const io = new FakeIO();
    printRows(io, columns, [row]);
    expect(io.stdoutText).toBe('a b c\tx\\u2028y\\u009b2J\\u001bz\\u202e\n');
  });

  it('and in the table on a TTY', () => {
    const io = new FakeIO({ stdoutIsTTY: true });
    printRows(io, columns, [row]);
    expect(io.stdoutText).toBe('NAME   NOTE\na b c  x\\u2028y\\u009b2J\\u001bz\\u202e\n');
  });
});
