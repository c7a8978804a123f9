/**
 * What a terminal shows for some bytes, as far as the CLI's output goes: lines split at LF, CR
 * back to column 0 overwriting what follows, ESC [2K erasing the line, other escape sequences
 * (colour) dropped. Enough to tell "the notice is on a line of its own" from "it was glued to the
 * progress line", which a raw byte comparison cannot say.
 */
export function screenLines(bytes: string): string[] {
  const lines: string[] = [];
  let line: string[] = [];
  let col = 0;
  const tokens = bytes.match(/\x1b\[[0-9;?]*[A-Za-z]|\r\n|[\s\S]/gu) ?? [];
  for (const token of tokens) {
    if (token === '\n' || token === '\r\n') {
      lines.push(line.join('').trimEnd());
      line = [];
      col = 0;
    } else if (token === '\r') col = 0;
    else if (token === '\x1b[2K') line = Array.from({ length: line.length }, () => ' ');
    else if (token.startsWith('\x1b[')) continue;
    else {
      line[col] = token;
      col++;
    }
  }
  const last = line.join('').trimEnd();
  if (last !== '') lines.push(last);
  return lines;
}

/**
 * What a terminal `cols` wide shows for some bytes, row by row, wrapping as a terminal does (a
 * full row leaves the cursor on it until the next character): LF, CR, ESC [2K (erase the row),
 * ESC [K (to its end), ESC [J (to the end of the screen), ESC [nA (up n rows); other escape
 * sequences dropped. For what the rows above the cursor keep when a line wraps.
 */
export function terminalRows(bytes: string, cols: number): string[] {
  const rows: string[][] = [[]];
  let r = 0;
  let c = 0;
  const row = () => {
    while (rows.length <= r) rows.push([]);
    return rows[r] as string[];
  };
  const tokens = bytes.match(/\x1b\[[0-9;?]*[A-Za-z~]|\r\n|[\s\S]/gu) ?? [];
  for (const token of tokens) {
    if (token === '\n' || token === '\r\n') {
      r++;
      c = 0;
    } else if (token === '\r') c = 0;
    else if (token === '\x1b[2K') rows[r] = [];
    else if (token === '\x1b[K' || token === '\x1b[0K') row().length = Math.min(row().length, c);
    else if (token === '\x1b[J' || token === '\x1b[0J') {
      row().length = Math.min(row().length, c);
      rows.length = r + 1;
    } else if (/^\x1b\[\d*A$/.test(token)) r = Math.max(0, r - Number(token.slice(2, -1) || '1'));
    else if (token.startsWith('\x1b[')) continue;
    else {
      if (c >= cols) {
        r++;
        c = 0;
      }
      const line = row();
      while (line.length < c) line.push(' ');
      line[c] = token;
      c++;
    }
  }
  return rows.map((cells) => cells.join('').trimEnd());
}
