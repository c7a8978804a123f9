// Where each entry of a dotenv file starts, and which lines are not entries at all. The dotenv
// package's parser skips a line it cannot read without a word (`garbage`, `KEY: value` aside), takes
// an unterminated quote as part of the value and lets a repeated name win silently; a bulk `secret
// set` that is all or nothing has to refuse those lines instead, by number, before any request.
// Values are still dotenv's (dotenv-file.ts): this only finds structure, and never quotes a line.

/** An entry's name and the 1-based line its `NAME=` stands on. */
export interface DotenvLine {
  name: string;
  line: number;
  /** A quoted value that goes on over the following lines: the 1-based line it closes on. */
  through?: number;
}

/** A line that is not part of any entry, or an entry that cannot be read as the file says. */
export interface DotenvProblem {
  line: number;
  problem: string;
}

/** `NAME=…` or `export NAME=…`, with dotenv's name characters; the rest of the line is the value. */
const ENTRY = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/** Index just past the closing `quote` in `text` from `from`, skipping `\<quote>`; -1 when absent. */
function closingQuote(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === quote) i++;
    else if (text[i] === quote) return i + 1;
  }
  return -1;
}

/** Every entry and every problem of a dotenv text, in file order. */
export function scanDotenv(text: string): { entries: DotenvLine[]; problems: DotenvProblem[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const entries: DotenvLine[] = [];
  const problems: DotenvProblem[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    const current = lines[i] ?? '';
    if (current.trim() === '' || current.trim().startsWith('#')) continue;
    const m = ENTRY.exec(current);
    if (!m) {
      problems.push({ line: number, problem: 'not NAME=value (nor a comment or a blank line)' });
      continue;
    }
    const name = m[1] ?? '';
    const value = m[2] ?? '';
    const quote = value[0] ?? '';
    if (QUOTES.has(quote)) {
      // A quoted value may go on over the following lines until its closing quote.
      let rest = value;
      let end = closingQuote(rest, quote, 1);
      let last = i;
      while (end < 0 && last + 1 < lines.length) {
        last++;
        const from = rest.length + 1;
        rest = `${rest}\n${lines[last] ?? ''}`;
        end = closingQuote(rest, quote, from);
      }
      if (end < 0) {
        problems.push({ line: number, problem: `the quoted value of ${name} is never closed` });
        break;
      }
      if (!/^\s*(#.*)?$/.test(rest.slice(end))) {
        problems.push({ line: last + 1, problem: `text after the closing quote of ${name}'s value` });
      }
      i = last;
    }
    const before = seen.get(name);
    if (before !== undefined) {
      problems.push({ line: number, problem: `${name} is already set on line ${before}` });
      continue;
    }
    seen.set(name, number);
    entries.push(i + 1 > number ? { name, line: number, through: i + 1 } : { name, line: number });
  }
  return { entries, problems };
}
