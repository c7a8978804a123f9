import { parseDocument, visit as visitYaml } from 'yaml';
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

/** Containers a walk visits at most: a 1 MiB file's worth, so a hostile one costs what its size does. */
const MAX_VISITS = 1_000_000;

/**
 * Credentials in the header-list values of a YAML or JSON text that `found` (what the other passes
 * found) does not have, each placed at its value's scalar (whose source is masked). `doc` is the
 * text as the structural parse read it: the pairs are looked for there, in plain data, and the
 * text is composed (eemeli/yaml, with source ranges) only to place a value whose text a search
 * does not find as it is written (an escape, a folded scalar). Composing every file that says
 * `name:` cost the bench corpus three times its scan.
 */
export function headerPairCredentials(
  text: string,
  found: readonly CredentialMatch[],
  doc: unknown,
): CredentialMatch[] {
  // Only when some scalar may be the header's name: the one-line form never is one.
  if (!MAY_NAME_HEADER.test(text) && !MAY_NAME_CREDENTIAL.test(text)) return [];
  const known = new Set(found.map((c) => c.secret));
  const out: CredentialMatch[] = [];
  let ranges: Map<string, [number, number][]> | undefined;
  const place = (value: string): [number, number] | undefined => {
    const at = text.indexOf(value);
    if (at >= 0) return [at, at + value.length];
    ranges ??= scalarRanges(text);
    return ranges.get(value)?.[0];
  };
  /** `value` judged as the one line `as(value)` gives (undefined: not judged). */
  const judge = (value: unknown, as: (value: string) => string | undefined) => {
    if (typeof value !== 'string') return;
    const line = as(value);
    if (line === undefined) return;
    for (const m of findCredentials(line)) {
      if (known.has(m.secret)) continue;
      const at = place(value);
      if (at === undefined) continue;
      known.add(m.secret);
      out.push({ rule: m.rule, offset: at[0], start: at[0], end: at[1], secret: m.secret });
    }
  };
  const isHeaderName = (v: unknown) => typeof v === 'string' && HEADER_NAME.test(v.trim());
  const header = (v: string) =>
    WHOLE_CREDENTIAL.test(v) ? `Authorization: ${JSON.stringify(v.trim())}` : undefined;
  const stack: unknown[] = [doc];
  const seen = new Set<object>();
  for (let visits = 0; stack.length > 0 && visits < MAX_VISITS; visits++) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v); // an alias is the same object: judged once
    if (Array.isArray(v)) {
      if (v.length === 2 && isHeaderName(v[0])) judge(v[1], header);
      for (const item of v) stack.push(item);
      continue;
    }
    const entries = Object.entries(v);
    const names = entries.filter(([k]) => NAME_KEY.test(k));
    if (names.some(([, n]) => isHeaderName(n))) {
      for (const [k, value] of entries) if (!NAME_KEY.test(k)) judge(value, header);
    } else {
      const name = names.find(([, n]) => typeof n === 'string')?.[1] as string | undefined;
      if (name !== undefined)
        for (const [k, value] of entries)
          if (VALUE_KEY.test(k)) judge(value, (s) => `${JSON.stringify(name)}: ${JSON.stringify(s)}`);
    }
    for (const [, child] of entries) stack.push(child);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** Each string scalar's source ranges, by its value (composed: only to place what a search missed). */
function scalarRanges(text: string): Map<string, [number, number][]> {
  const ranges = new Map<string, [number, number][]>();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
  visitYaml(doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      const list = ranges.get(node.value) ?? [];
      list.push([node.range[0], node.range[1]]);
      ranges.set(node.value, list);
    },
  });
  return ranges;
}
