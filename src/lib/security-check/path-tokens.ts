import { GENERIC_RULE } from './generic-rule.js';
import { type CredentialMatch, findCredentials } from './scan-text.js';

// A token can be a file's name (`ghp_….yaml`): the name is in the repository like the file's text,
// so the token rules check every path the scanner shows, a match is a finding (engine.ts), and the
// path is masked wherever it is printed (every format, skipped and unreadable lists too), the way
// a secret in a line is: its first 4 characters when it is long, then `*`.

const MIN_HIDDEN = 16;

/** The tokens in a displayed path (the provider rules only: a name has no `key: value`). */
export function pathTokens(path: string): CredentialMatch[] {
  return findCredentials(path).filter((c) => c.rule !== GENERIC_RULE);
}

/** `path` with each token in it masked. */
export function maskPath(path: string, tokens = pathTokens(path)): string {
  let out = path;
  for (const t of tokens) {
    const keep = [...t.secret].length - 4 >= MIN_HIDDEN ? 4 : 0;
    out = out.slice(0, t.start + keep) + '*'.repeat(t.end - t.start - keep) + out.slice(t.end);
  }
  return out;
}
