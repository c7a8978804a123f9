import { parse as parseDotenv } from 'dotenv';
import { scanDotenv } from '../dotenv-lines.js';
import { type CredentialMatch, pairCredentials } from './scan-text.js';
import { besideFound, Covered } from './uncovered.js';
import { CREDENTIAL_KEY } from './yaml-key-values.js';

// A dotenv value in quotes may go on over several lines (`API_KEY="` then the value below it),
// and dotenv, Node's --env-file and `secret set --env-file` all take the lines as one value. The
// rules read a file line by line, so such a value's lines never met its name: each is checked
// here under the entry's name, as the value dotenv parses, the finding placed at the entry and
// its whole value masked. A secret the text scan found there is not reported again, and only the
// characters it covers are its own: the rest of its line is still checked.

/** A quote opened after `=` and not closed on its line: worth parsing for multi-line values. */
const OPENS_A_BLOCK = /=[ \t]*(["'`])(?:(?!\1)[^\n])*$/m;

/** Credentials in the multi-line values of a dotenv text (and beside a found token) that `found` does not have. */
export function multilineEnvCredentials(text: string, found: readonly CredentialMatch[]): CredentialMatch[] {
  // A credential-named value on one line that holds a found token: what is beside it is judged too.
  const beside = found.length > 0 && CREDENTIAL_KEY.test(text);
  if (!beside && !OPENS_A_BLOCK.test(text)) return [];
  const starts = lineStarts(text);
  const covered = new Covered(found);
  const holds = (line: number) =>
    covered.within(starts[line - 1] ?? 0, (starts[line] ?? text.length + 1) - 1).length > 0;
  const spans = scanDotenv(text).entries.filter(
    (e) => e.through !== undefined || (beside && CREDENTIAL_KEY.test(e.name) && holds(e.line)),
  );
  if (spans.length === 0) return [];
  const values = parseDotenv(text);
  const out: CredentialMatch[] = [];
  for (const { name, line, through } of spans) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) continue;
    const lineAt = starts[line - 1] ?? 0;
    const start = text.indexOf('=', lineAt) + 1;
    const end = (starts[through ?? line] ?? text.length + 1) - 1;
    // A line inside a found secret (a private key's block) is its; a token's neighbours are not.
    // The same secret elsewhere in the file is a place of its own: an ignore silences one line.
    const { parts, known } = besideFound(text, value, covered.within(start, end), [start, end]);
    const seen = new Set<string>();
    for (const part of parts) {
      for (const m of pairCredentials(name, part)) {
        if (known(m) || seen.has(m.secret)) continue;
        seen.add(m.secret);
        out.push({ rule: m.rule, offset: start, start, end, secret: m.secret });
      }
    }
  }
  return out;
}

/** The offset each line starts at. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
