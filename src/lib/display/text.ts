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

  /** Columns it takes on a terminal (code points of the unstyled rendering). */
  get width(): number {
    return codePoints(this.render());
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

/** The length of `text` in code points (what a terminal column count approximates). */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
