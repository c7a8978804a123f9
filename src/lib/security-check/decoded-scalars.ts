import { isPair, isScalar, parseDocument, type Scalar, visit } from 'yaml';
import { type CredentialMatch, findCredentials } from './scan-text.js';

// The rules match the file's text, but what the platform receives is the parsed value: a token
// written with escapes (`"\u0067hp_…"`, `"gh\x70_…"`), broken by an escaped line end, or under an
// escaped or explicit key (`"api\u005fkey"`, `? password`) is a secret the text does not show.
// So when a file has escapes or explicit keys, its decoded string keys and values are checked too
// (the token rules, and the credential-name rule on `"key": "value"`), each match placed at its
// scalar in the text, whose whole source is masked. A secret the text scan already found is not
// reported twice. eemeli/yaml gives each scalar its decoded value and its source range.

/** Worth decoding: an escape (JSON, YAML double quotes) or an explicit YAML key. */
const MAY_HIDE = /\\|^[ \t]*\?[ \t]/m;

/** Credentials in the decoded keys and values of `text` that `found` (the text scan's) does not have. */
export function decodedCredentials(text: string, found: readonly CredentialMatch[]): CredentialMatch[] {
  if (!MAY_HIDE.test(text)) return [];
  const known = new Set(found.map((c) => c.secret));
  const out: CredentialMatch[] = [];
  const check = (key: Scalar | undefined, value: Scalar) => {
    if (typeof value.value !== 'string' || !value.range) return;
    const name = key && typeof key.value === 'string' ? key.value : '';
    for (const m of findCredentials(`${JSON.stringify(name)}: ${JSON.stringify(value.value)}`)) {
      if (known.has(m.secret)) continue;
      known.add(m.secret);
      const [start, end] = value.range;
      out.push({ rule: m.rule, offset: start, start, end, secret: m.secret });
    }
  };
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  visit(doc, {
    Scalar(where, node, path) {
      const parent = path[path.length - 1];
      if (where === 'value' && isPair(parent)) check(isScalar(parent.key) ? parent.key : undefined, node);
      else check(undefined, node);
    },
  });
  return out.sort((a, b) => a.offset - b.offset);
}
