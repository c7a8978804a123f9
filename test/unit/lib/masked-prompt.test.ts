// The masked prompt's reading of keys (src/lib/masked-prompt.ts), on a stand-in terminal: what a
// person types or pastes, in the chunks a terminal may split it into, becomes the value; the
// integration cases through a real pty are test/integration/e2e/secret-prompt.test.ts.
import { PassThrough } from 'node:stream';
import type { ReadStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/lib/errors.js';
import { MASK, maskedPrompt } from '../../../src/lib/masked-prompt.js';

function terminal(o: { rawFails?: boolean } = {}) {
  const input = new PassThrough() as PassThrough & { setRawMode(on: boolean): void; raw: boolean[] };
  input.raw = [];
  input.setRawMode = (on: boolean) => {
    if (o.rawFails) throw new Error('EINVAL');
    input.raw.push(on);
  };
  const drawn: string[] = [];
  return { input, drawn, draw: (t: string) => drawn.push(t) };
}

async function typed(chunks: string[], o: { multiline?: boolean; settleMs?: number } = {}) {
  const t = terminal();
  const p = maskedPrompt({
    input: t.input as unknown as ReadStream,
    draw: t.draw,
    message: 'Value:',
    settleMs: 5,
    ...o,
  });
  p.catch(() => {}); // awaited below; it may reject before the last chunk is written
  for (const c of chunks) {
    t.input.write(c);
    await new Promise((r) => setTimeout(r, 15));
  }
  return { value: await p, drawn: t.drawn.join(''), raw: t.input.raw };
}

describe('masked prompt', () => {
  it('a paste split anywhere, its end marker too, keeps every line; CR and CR LF become LF', async () => {
    const r = await typed(['\u001b[20', '0~line1\r\nline2\rli', 'ne3\u001b[2', '01~', '\r']);
    expect(r.value).toBe('line1\nline2\nline3');
    expect(r.raw).toEqual([true, false]);
    expect(r.drawn).toContain(MASK);
    expect(r.drawn).not.toContain('line');
  });

  it('backspace takes one character (a surrogate pair whole), Ctrl-U all; escape sequences are no part of it', async () => {
    expect((await typed(['ab\u007fc\u001b[1;5D', '\u001bOA', 'd\r'])).value).toBe('acd');
    expect((await typed(['x😀\u007f', 'y\r'])).value).toBe('xy');
    expect((await typed(['junk\u0015', 'ok\r'])).value).toBe('ok');
  });

  // One Backspace, one character as the user sees it (a grapheme): before, it took one code point,
  // so `abé😀⌫e👨‍👩‍👧⌫Z` stored `abée👨‍👩‍Z` (a family emoji cut to two people and a joiner).
  it('backspace takes one visible character: an emoji sequence, a flag, a combining accent, whole', async () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect((await typed(['abé😀', '\u007f', `e${family}`, '\u007f', 'Z', '\r'])).value).toBe('abéeZ');
    expect((await typed(['x\u{1F1EB}\u{1F1F7}\u007f', 'y\r'])).value).toBe('xy');
    expect((await typed(['ae\u0301', '\u007f', '\u007fb\r'])).value).toBe('b');
    // A grapheme split across chunks (the accent typed as its own key) goes whole too.
    expect((await typed(['ae', '\u0301', '\u007f\r'])).value).toBe('a');
    // Held down, Backspace empties the value and stops there.
    expect((await typed([`${family}${family}`, '\u007f\u007f\u007f', 'q\r'])).value).toBe('q');
  });

  it('the mask is drawn when the first character comes and not again per key', async () => {
    const r = await typed(['a', 'b', 'c', 'd', '\r']);
    expect(r.drawn.split(MASK).length - 1).toBe(1);
  });

  it('multiline: Enter is a newline, Ctrl-D ends', async () => {
    expect((await typed(['a\rb\r', '\u0004'], { multiline: true })).value).toBe('a\nb\n');
  });

  it('Enter with more input right after it is a refused paste; Ctrl-C is interrupted', async () => {
    await expect(typed(['one\rtwo\r'])).rejects.toMatchObject({ kind: 'usage' });
    await expect(typed(['one\r', 'two'], { settleMs: 100 })).rejects.toMatchObject({ kind: 'usage' });
    await expect(typed(['ab\u0003'])).rejects.toMatchObject({ kind: 'interrupted' });
  });

  // Ctrl-W was ignored (the word stayed in the value); it takes the word before, as a terminal's
  // werase and readline's unix-word-rubout do: spaces first, then back to the previous space.
  it('Ctrl-W deletes the previous word (across chunks), Ctrl-U the whole line; neither shows it', async () => {
    expect((await typed(['one two  ', '\u0017', 'three\r'])).value).toBe('one three');
    expect((await typed(['a-b/c', 'd\u0017\u0017', 'x\r'])).value).toBe('x');
    expect((await typed([`keep ${'w'.repeat(300)}`, '\u0017\r'])).value).toBe('keep ');
    const r = await typed(['first second', '\u0015', 'z\r']);
    expect(r.value).toBe('z');
    expect(r.drawn).not.toMatch(/first|second/);
  });

  // A paste that ends in its one newline (a line copied from a terminal or a password manager) is
  // that line, submitted: it used to wait for another Enter. Several lines still wait for Enter.
  it('a one-line bracketed paste ending in a newline submits the line without it; several lines wait', async () => {
    expect((await typed(['\u001b[200~sk_line\r\u001b[201~'])).value).toBe('sk_line');
    expect((await typed(['ab', '\u001b[200~cd\r', '\n\u001b[201~'])).value).toBe('abcd');
    expect((await typed(['\u001b[200~one\rtwo\r\u001b[201~', '\r'])).value).toBe('one\ntwo\n');
    expect((await typed(['\u001b[200~x\r\u001b[201~', '\u0004'], { multiline: true })).value).toBe('x\n');
    await expect(typed(['\u001b[200~one\r\u001b[201~more'])).rejects.toMatchObject({ kind: 'usage' });
  });

  it('a terminal that cannot be put in raw mode gets no prompt (it would echo the value)', async () => {
    const t = terminal({ rawFails: true });
    const p = maskedPrompt({ input: t.input as unknown as ReadStream, draw: t.draw, message: 'Value:' });
    await expect(p).rejects.toBeInstanceOf(CliError);
    await expect(p).rejects.toMatchObject({ kind: 'input_needed' });
    expect(t.drawn).toEqual([]);
  });
});
