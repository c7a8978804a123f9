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
