import { isAlias, isScalar, type Node, parseDocument, visit as visitYaml } from 'yaml';
import { type CredentialMatch, findCredentials } from './scan-text.js';

// An Authorization header written as data, its name and its value in sibling scalars: the form of
// HTTP tools' header lists (Kubernetes httpHeaders, Postman, n8n, OpenAPI parameters):
//   - name: Authorization          {key: Authorization, value: "Token …"}    [["Authorization", "Bearer …"]]
//     value: Bearer …
// The header rules match the name, `:` and the scheme word on one line of text, which this layout
// never has, and the value's own key (`value`) names no credential. So the value is judged as the
// header's: each string sibling of a `name`/`key`/`header` that is Authorization (any case), and the
// item after "Authorization" in a two-item list, when it is one whole `<scheme> <credential>`, goes
// through the same rules as `Authorization: <value>` on one line. The same rules, so the same
// controls: `Bearer ${TOKEN}`, `Bearer {{secrets.X}}`, `Bearer <token>` and placeholders stay
// unreported exactly as they do in the one-line form.
// The same layout names a credential too (Kubernetes env lists, Postman variables: `- name:
// DB_PASSWORD` / `value: …`): the `value` beside a credential-named `name`/`key` is judged as
// `"DB_PASSWORD": "…"` on one line, by the rules (the generic one under the name) as for a key.

/** A scalar that is the header's name, as a value (not a key): before `,` `]` `}`, a comment or the line's end. */
const MAY_NAME_HEADER = /(?<![A-Za-z0-9_-])(?:proxy-)?authorization["']?[ \t]*(?:[,\]}#\r\n]|$)/im;
const HEADER_NAME = /^(?:proxy-)?authorization$/i;
/** A `name:`/`key:` whose scalar may name a credential (the generic rule's words, loosely). */
const MAY_NAME_CREDENTIAL =
  /(?:name|key)["']?[ \t]*:[ \t]*["']?[^\s"',}]{0,100}(?:key|token|secret|passw(?:or)?d|pwd|credential)/i;
/** The sibling that holds a named entry's value. */
const VALUE_KEY = /^value$/i;
/** The keys that name a header in a header list. */
const NAME_KEY = /^(?:name|key|header)$/i;
/** One scheme word, blanks, one credential: the whole value, as a header sends it. */
const WHOLE_CREDENTIAL = /^[ \t]*[A-Za-z][A-Za-z0-9._-]{0,31}[ \t]+[^\s]{8,4096}[ \t]*$/;

/**
 * Credentials in the header-list values of a YAML or JSON text that `found` (what the other passes
 * found) does not have, each placed at its value's scalar (whose source is masked).
 */
export function headerPairCredentials(text: string, found: readonly CredentialMatch[]): CredentialMatch[] {
  // Composed only when some scalar may be the header's name: the one-line form never is one.
  if (!MAY_NAME_HEADER.test(text) && !MAY_NAME_CREDENTIAL.test(text)) return [];
  const known = new Set(found.map((c) => c.secret));
  const out: CredentialMatch[] = [];
  /** `node`'s string judged as the one line `as(value)` gives (undefined: not judged). */
  const judge = (node: Node, as: (value: string) => string | undefined) => {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    if (!isScalar(resolved) || typeof resolved.value !== 'string' || !node.range) return;
    const line = as(resolved.value);
    if (line === undefined) return;
    for (const m of findCredentials(line)) {
      if (known.has(m.secret)) continue;
      known.add(m.secret);
      const [start, end] = node.range;
      out.push({ rule: m.rule, offset: start, start, end, secret: m.secret });
    }
  };
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  const isHeaderName = (n: unknown) =>
    isScalar(n) && typeof n.value === 'string' && HEADER_NAME.test(n.value.trim());
  const header = (v: string) =>
    WHOLE_CREDENTIAL.test(v) ? `Authorization: ${JSON.stringify(v.trim())}` : undefined;
  const isValue = (n: unknown): n is Node => n !== null && (isScalar(n) || isAlias(n));
  visitYaml(doc, {
    Map(_, map) {
      const names = map.items.filter((p) => isScalar(p.key) && NAME_KEY.test(String(p.key.value)));
      if (names.some((p) => isHeaderName(p.value))) {
        for (const p of map.items) if (!names.includes(p) && isValue(p.value)) judge(p.value, header);
        return;
      }
      const named = names.find((p) => isScalar(p.value) && typeof p.value.value === 'string');
      const name = named && isScalar(named.value) ? String(named.value.value) : undefined;
      if (name === undefined) return;
      for (const p of map.items)
        if (isScalar(p.key) && VALUE_KEY.test(String(p.key.value)) && isValue(p.value))
          judge(p.value, (v) => `${JSON.stringify(name)}: ${JSON.stringify(v)}`);
    },
    Seq(_, seq) {
      const [first, second] = seq.items;
      if (seq.items.length === 2 && isHeaderName(first) && isValue(second)) judge(second, header);
    },
  });
  return out.sort((a, b) => a.offset - b.offset);
}
