import { GENERIC_RULE } from './generic-rule.js';
import { pathForms } from './names.js';
import { type CredentialMatch, findCredentials } from './scan-text.js';

// A token can be a file's name (`ghp_….yaml`): the name is in the repository like the file's text,
// so the token rules check every path the scanner shows, a match is a finding (engine.ts), and the
// path is masked wherever it is printed (every format, skipped and unreadable lists too), the way
// a secret in a line is: its first 4 characters when it is long, then `*`. The rules read the
// path's bytes (names.ts), not its shown form: there `\xfe` before a token ends in a word character,
// the token had no boundary, and a directory `d\xfeghp_…` was printed whole.

const MIN_HIDDEN = 16;

/** The tokens in a path's text (the provider rules only: a name has no `key: value`). */
export function pathTokens(path: string): CredentialMatch[] {
  return findCredentials(path).filter((c) => c.rule !== GENERIC_RULE);
}

/** A path as every report shows it (escaped, each token masked), and the tokens in it. */
export interface ShownPath {
  path: string;
  tokens: CredentialMatch[];
}

/** The shown form of a path given by its bytes (relative to the working directory, `/` separators). */
export function showPath(raw: Buffer): ShownPath {
  const { plain, shown, at } = pathForms(raw);
  const tokens = pathTokens(plain);
  let path = shown;
  for (const t of tokens) {
    const [start, end] = [at[t.start] as number, at[t.end] as number];
    const keep = [...t.secret].length - 4 >= MIN_HIDDEN ? 4 : 0;
    path = path.slice(0, start + keep) + '*'.repeat(end - start - keep) + path.slice(end);
  }
  return { path, tokens };
}
