// windowed.ts (H15-2): a text given in pieces, checked window by window, yields what the same
// rules find in the whole text, each once and at its line and column, whatever the pieces' sizes
// and wherever a window's part ends: a private key block and tokens across the boundaries, after
// characters of two UTF-16 units, on a line that began in an earlier window.
import { describe, expect, it } from 'vitest';
import { PLANTS, seeded } from '../../../../bench/security-check-secrets.mjs';
import { findCredentials, LineIndex } from '../../../../src/lib/security-check/scan-text.js';
import { OVERLAP, WINDOW, windowedFindings } from '../../../../src/lib/security-check/windowed.js';

const rng = seeded(1502);
const plant = (rule: string) => PLANTS[rule]?.(rng).secret as string;

async function* inPieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function windowed(text: string, size: number): Promise<string[]> {
  const out: string[] = [];
  for await (const f of windowedFindings(inPieces(text, size), 'tokens', 'yaml'))
    out.push(`${f.raw.rule.id} ${f.raw.line}:${f.raw.column}`);
  return out;
}

/** The same rules on the whole text at once: the reference. */
function whole(text: string): string[] {
  const lines = new LineIndex(text);
  return findCredentials(text, 'tokens').map((m) => {
    const { line, column } = lines.position(m.offset);
    return `${m.rule.id} ${line}:${column}`;
  });
}

/** `filler` up to `at`, then `insert`: the text grows to the places the tokens must straddle. */
function put(text: string, at: number, insert: string, filler: string): string {
  let t = text;
  while (t.length < at) t += filler;
  return t.slice(0, at) + insert;
}

describe('windowedFindings', () => {
  it('finds what the whole text holds, once each, across every boundary and piece size', async () => {
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${plant('private-key')}\n-----END RSA PRIVATE KEY-----`;
    const filler = 'x 😀 padding line\n';
    let text = '';
    for (const at of [WINDOW - 300, WINDOW + OVERLAP - 10, 2 * WINDOW - 5, 2 * WINDOW + OVERLAP + 3])
      text = put(text, at, ` ${plant('github-token')} `, filler);
    text = put(text, 3 * WINDOW - 700, `\n${key}\n`, filler);
    // One line longer than a window, a token at its end: its column counts from the line's start.
    text = `${text}${'y '.repeat(WINDOW)}${plant('stripe-secret-key')}\n`;
    const expected = whole(text);
    expect(expected.length).toBe(6);
    expect(await windowed(text, 64 * 1024)).toEqual(expected);
    expect(await windowed(text, 1_000_003)).toEqual(expected);
    expect(await windowed(text, text.length)).toEqual(expected);
  });
});
