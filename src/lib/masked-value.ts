// The value being typed at the masked prompt (masked-prompt.ts), as its line editor sees it: chunks
// kept as they come and joined once (a 1 MB paste stays linear), at most PROMPT_MAX_CHARS (more is
// an overflow, the value lost until Ctrl-U), and the editing keys: Backspace takes one character as
// seen (a grapheme), Ctrl-W the word before, Ctrl-U all of it.

/** How many UTF-16 units before the last grapheme Backspace looks at to find where it starts. */
const BACKSPACE_CONTEXT = 64;
let segmenter: Intl.Segmenter | undefined;
const graphemes = () => {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
};
/** The most a prompt keeps (in UTF-16 units): a secret value is at most 64 KiB of UTF-8. */
export const PROMPT_MAX_CHARS = 64 * 1024;

export class MaskedValue {
  private readonly parts: string[] = [];
  /** The value's length in UTF-16 units. */
  length = 0;
  /** More was typed or pasted than PROMPT_MAX_CHARS: the value is lost. */
  overflow = false;

  add(text: string): void {
    if (text === '' || this.overflow) return;
    if (this.length + text.length > PROMPT_MAX_CHARS) {
      this.overflow = true;
      return;
    }
    this.parts.push(text);
    this.length += text.length;
  }
  value(): string {
    return this.parts.join('');
  }
  /** The last `n` UTF-16 units of the value (all of it when shorter), across the chunks. */
  private tail(n: number): string {
    let text = '';
    for (let i = this.parts.length - 1; i >= 0 && text.length < n; i--) text = this.parts[i] + text;
    return text.length > n ? text.slice(-n) : text;
  }
  /** Remove the last `n` UTF-16 units, across the chunks. */
  cut(n: number): void {
    this.length -= n;
    while (n > 0) {
      const last = this.parts.pop() as string;
      if (last.length > n) this.parts.push(last.slice(0, last.length - n));
      n -= last.length;
    }
  }
  backspace(): void {
    if (this.overflow || this.length === 0) return;
    // One character as the user sees it (a grapheme: 👨‍👩‍👧, a flag, e + combining accent), which
    // may span chunks. Only the end of the value is segmented: the last grapheme is taken once
    // BACKSPACE_CONTEXT units precede it in the window (a boundary cut in the middle of a cluster is
    // that far behind), so Backspace held down over a long paste stays linear.
    for (let window = 2 * BACKSPACE_CONTEXT; ; window *= 2) {
      const text = this.tail(window);
      let start = 0;
      for (const { index } of graphemes().segment(text)) start = index;
      if (text.length === this.length || start >= BACKSPACE_CONTEXT) {
        this.cut(text.length - start);
        return;
      }
    }
  }
  /** Ctrl-W: the spaces before the end, then the word before them (back to a space or the start). */
  deleteWord(): void {
    if (this.overflow || this.length === 0) return;
    for (let window = 2 * BACKSPACE_CONTEXT; ; window *= 2) {
      const text = this.tail(window);
      const match = /\S*\s*$/.exec(text) as RegExpExecArray;
      if (match.index > 0 || text.length === this.length) {
        this.cut(text.length - match.index);
        return;
      }
    }
  }
  clear(): void {
    this.parts.length = 0;
    this.length = 0;
    this.overflow = false;
  }
}
