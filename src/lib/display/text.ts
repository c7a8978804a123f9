import { pushAll } from '../arrays.js';
import { escapeUnprintable } from '../errors.js';
import type { Style } from '../io.js';

// A line is built from three kinds of run: the program's own words (the literal parts of a `t`
// template), a value from outside (printed with escapeUnprintable, whatever it holds) and a styled
// run. Only source code can make a literal run, so text from a server or a file can never reach
// the terminal unescaped, however a command splices it in.

type Run =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'outside'; readonly text: string }
  | { readonly kind: 'styled'; readonly style: Style; readonly inner: Text };

/** Anything the display functions print: a Text, or a value from outside (printed escaped). */
export type Part = Text | string | number | boolean | null | undefined;

/** What rendering needs of an IO: its colour decision. */
export interface Styler {
  style(format: Style, text: string): string;
}

const NO_STYLE: Styler = { style: (_format, text) => text };

/** Printable text: literal words of the program, escaped outside values and styled runs. */
export class Text {
  private constructor(private readonly runs: readonly Run[]) {}

  /** The runs of `t` (see below). */
  static template(literals: TemplateStringsArray, values: readonly Part[]): Text {
    const runs: Run[] = [];
    literals.forEach((literal, i) => {
      if (literal) runs.push({ kind: 'literal', text: literal });
      if (i < values.length) pushAll(runs, Text.from(values[i]).runs);
    });
    return new Text(runs);
  }

  /** A Text as is; anything else as one outside run (null and undefined print as nothing). */
  static from(part: Part): Text {
    if (part instanceof Text) return part;
    if (part === null || part === undefined || part === '') return new Text([]);
    return new Text([{ kind: 'outside', text: String(part) }]);
  }

  /** `part` in one style (applied only when the IO has colour). */
  static styled(style: Style, part: Part): Text {
    return new Text([{ kind: 'styled', style, inner: Text.from(part) }]);
  }

  /** The parts with `separator` (program text) between them. */
  static join(parts: readonly Part[], separator: string): Text {
    const runs: Run[] = [];
    parts.forEach((p, i) => {
      if (i > 0 && separator) runs.push({ kind: 'literal', text: separator });
      pushAll(runs, Text.from(p).runs);
    });
    return new Text(runs);
  }

  /** The characters to write: outside runs escaped, styles applied by `styler` (none by default). */
  render(styler: Styler = NO_STYLE): string {
    let out = '';
    for (const r of this.runs) {
      if (r.kind === 'literal') out += r.text;
      else if (r.kind === 'outside') out += escapeUnprintable(r.text);
      else out += styler.style(r.style, r.inner.render(styler));
    }
    return out;
  }

  /** Columns it takes on a terminal (of the unstyled rendering). */
  get width(): number {
    return displayWidth(this.render());
  }
}

/**
 * Program text with values spliced in: the literal parts are printed as written, every `${value}`
 * that is not itself a Text is text from outside and is printed escaped.
 *
 *   warn(io, t`key ${key.name} expires ${when}`)
 */
export function t(literals: TemplateStringsArray, ...values: Part[]): Text {
  return Text.template(literals, values);
}

/** `part` in one style; see Text.styled. */
export const styled = (style: Style, part: Part): Text => Text.styled(style, part);

/** Parts joined by program text; see Text.join. */
export const join = (parts: readonly Part[], separator: string): Text => Text.join(parts, separator);

/**
 * Lines rendered (by `styler`: colour only for a terminal), each ended by a newline, in pieces of
 * about `size` characters: a long report is written a piece at a time, never as one string. Small
 * pieces for the reason display/json.ts gives (a piece that lives long is promoted).
 */
export function* renderLines(lines: Iterable<Part>, styler?: Styler, size = 16 * 1024): Generator<string> {
  let buffered = '';
  for (const l of lines) {
    buffered += `${Text.from(l).render(styler)}\n`;
    if (buffered.length >= size) {
      yield buffered;
      buffered = '';
    }
  }
  if (buffered !== '') yield buffered;
}

// What a terminal gives a character (wcwidth): two columns for the East Asian Wide and Fullwidth
// ranges (Han, kana, Hangul syllables, fullwidth forms) and for emoji drawn as pictures, none for a
// combining mark or a variation selector (it sits on the character before), one for the rest.
// Counting code points put a name in Chinese half its width short: every cell after it on its row
// moved right, and the line could run past the terminal. A list of ranges, not a dependency for
// one function; the halfwidth forms (U+FF61 on) are outside them, one column as they should be.
const WIDE =
  /[\u1100-\u115f\u231a\u231b\u2329\u232a\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{16fe4}\u{17000}-\u{18cff}\u{1b000}-\u{1b2ff}\u{20000}-\u{2fffd}\u{30000}-\u{3fffd}\p{Emoji_Presentation}]/u;
// Variation selectors (U+FE00–FE0F) are Mn too.
const ZERO_WIDTH = /[\p{Mn}\p{Me}]/u;
const NARROW_ONLY = /^[\x20-\x7e]*$/;

/** The columns one character takes on a terminal: 0, 1 or 2. */
export function charWidth(c: string): number {
  if (ZERO_WIDTH.test(c)) return 0;
  return WIDE.test(c) ? 2 : 1;
}

/** The columns `text` takes on a terminal (an escaped text: no control characters in it). */
export function displayWidth(text: string): number {
  if (NARROW_ONLY.test(text)) return text.length;
  let n = 0;
  for (const c of text) n += charWidth(c);
  return n;
}
