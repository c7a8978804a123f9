import { describe, expect, it } from 'vitest';
import { type Column, printRows, StreamingTable } from '../../../../src/lib/display/table.js';
import { FakeIO } from '../../../../src/lib/fake-io.js';

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

describe('printRows: widths and colour', () => {
  it('aligns on the widest cell, in code points, and colours only through a Style', () => {
    const io = new FakeIO({ stdoutIsTTY: true, tagStyles: true });
    const styled: Column<{ name: string; note: string }>[] = [
      { header: 'name', value: (r) => r.name, style: (r) => (r.name === 'b' ? 'red' : undefined) },
      { header: 'note', value: (r) => r.note },
    ];
    printRows(io, styled, [
      { name: '日本語日本語', note: '1' },
      { name: 'b', note: '2' },
    ]);
    expect(io.stdoutText).toBe(
      '<bold>NAME  </bold>  <bold>NOTE</bold>\n日本語日本語  1\n<red>b     </red>  2\n',
    );
  });

  it('a quota header names the server plan: headers are escaped too', () => {
    const io = new FakeIO({ stdoutIsTTY: true });
    printRows(io, [{ header: 'pro\u001b[2J default', value: (r: string) => r }], ['1']);
    expect(io.stdoutText).toBe('PRO\\u001b[2J DEFAULT\n1\n');
  });

  // Math.max(...column) passed every cell as an argument and overflowed the call stack here.
  it('prints 200,000 rows on a TTY', () => {
    const io = new FakeIO({ stdoutIsTTY: true });
    const rows = Array.from({ length: 200_000 }, (_, i) => ({ name: `n${i}`, note: 'x' }));
    printRows(io, columns, rows);
    const lines = io.stdoutText.split('\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[0]).toBe('NAME     NOTE');
    expect(lines[200_000]).toBe('n199999  x');
  });
});

describe('StreamingTable: fixed widths for rows that arrive in batches', () => {
  const widths = [6];
  it('pads every column but the last on a TTY, escaped, header first', () => {
    const io = new FakeIO({ stdoutIsTTY: true });
    const table = new StreamingTable(io, columns, widths);
    table.header();
    table.rows([{ name: 'a\u001bb', note: 'n\u009b' }]);
    table.rows([{ name: 'c', note: 'd' }]);
    expect(io.stdoutText).toBe('NAME    NOTE\na\\u001bb  n\\u009b\nc       d\n');
  });

  it('and is TSV without a header when piped', () => {
    const io = new FakeIO();
    const table = new StreamingTable(io, columns, widths);
    table.header();
    table.rows([{ name: 'a\u001bb', note: 'n' }]);
    expect(io.stdoutText).toBe('a\\u001bb\tn\n');
  });
});
