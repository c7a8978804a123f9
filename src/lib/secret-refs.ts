import { mention } from './security-check/mention.js';
import { looksLikeCredential, mayShowName } from './shown-value.js';
import { SECRET_NAME_RULE } from './validate.js';

// `{{secrets.NAME}}`: how a workflow names a secret instead of holding its value (docs/api.md,
// workflow execute). One pattern for the scanner (`security check --env`) and the emulator's runs, so
// what one calls a reference the other resolves.

/** A reference; the name is group 1. Spaces inside the braces are allowed, as templates allow them. */
export const SECRET_REFERENCE = /\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Strings a walk visits at most: a definition is at most 1 MiB, this bounds a hostile one's cost. */
const MAX_VISITS = 1_000_000;

/** Every string in a JSON value (keys too: a header name could reference a secret), depth first. */
function* strings(value: unknown): Generator<string> {
  const stack: unknown[] = [value];
  let visits = 0;
  while (stack.length > 0 && ++visits <= MAX_VISITS) {
    const v = stack.pop();
    if (typeof v === 'string') yield v;
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v).reverse()) stack.push(child, k);
    }
  }
}

/** The distinct secret names a JSON value references, in the order they first appear. */
export function secretNames(value: unknown): string[] {
  const names = new Set<string>();
  for (const s of strings(value)) {
    if (!s.includes('secrets.')) continue;
    for (const m of s.matchAll(SECRET_REFERENCE)) names.add(m[1] as string);
  }
  return [...names];
}

/**
 * Text that reads as a reference and is not one (`{{secret.X}}`, `{{SECRETS.X}}`, `{{sercets.X}}`,
 * `{{secrets.X}`, `{secrets.X}}`, `{{secrets.crm-token}}`, `{{ secrets }}`): the server resolves
 * only SECRET_REFERENCE and sends the rest as it is, so a misspelt reference reaches a tool as its
 * own text. A candidate is one or two braces, a word, and what follows up to the nearest one or two
 * closing braces; READS_LIKE then judges the word.
 */
const CANDIDATE = /\{\{?\s*([A-Za-z]{4,10})\b([^{}]{0,200}?)\}\}?/g;
const WHOLE_REFERENCE = new RegExp(`^${SECRET_REFERENCE.source}$`);
/** After the word: a separator, then a name (in quotes or not), then the closing braces. */
const AFTER_WORD = /^\s*[.:]?\s*["']?([A-Za-z0-9_-]+)["']?\s*$/;
/** A separator and the start of a name: what a word that is not `secret(s)` exactly must have. */
const SEPARATED = /^\s*[.:]\s*["']?[A-Za-z0-9_]/;
/** What is around the value after the word: the separator, quotes, spaces. */
const AROUND_VALUE = /^\s*[.:[]?\s*["']?|["']?\s*\]?\s*$/g;

/**
 * The edit distance (insertions, deletions, substitutions, a swap of neighbours) of two short
 * words, lowercase: `sercets` and `secrest` are one swap from `secrets`.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * Whether a candidate reads like a reference: `{{secret(s)…}}` whatever follows (as before); any
 * other word at most two edits from `secrets`, or braces unbalanced, only with a separator and a
 * name after it, so that `{{ item }}`, `{{inputs.x}}`, `{{secretary}}`, `{{regrets.x}}` and a
 * prompt's `{secret}` stay quiet. `${{ secrets.X }}` (GitHub Actions' form) holds a reference the
 * server resolves: it is one, the `$` sent as text before the value.
 */
function readsLike(text: string, word: string, rest: string): boolean {
  const w = word.toLowerCase();
  if ((w === 'secret' || w === 'secrets') && text.startsWith('{{') && text.endsWith('}}')) return true;
  // Two edits only from a word that starts as `secrets` does: `{{regrets.x}}` is a word of its own.
  const edits = w.length >= 5 ? distance(w, 'secrets') : 3;
  return (edits <= 1 || (edits === 2 && w[0] === 's')) && SEPARATED.test(rest);
}

/** One reference, or one text that reads like one: its text, and the reference it was probably meant to be. */
export interface NearReference {
  text: string;
  /** `{{secrets.NAME}}` when a name can be read from it (a hyphen read as `_`). */
  meant?: string;
  /**
   * What is written where the name goes, when it looks like a credential (shown-value.ts): a value
   * pasted in a secret's place, stored with the workflow whether the server resolves it or not.
   */
  credential?: string;
  /**
   * What is written where the name goes when the text is a reference's own form (`{{`, `secrets.`,
   * `}}`, spaces allowed inside the braces) around something that is no secret name:
   * `{{secrets.lower-case}}`, `{{secrets.A.B}}`, `{{secrets.}}`. It can never resolve, so the server
   * refuses it at create and the gate calls it an error; unset when it is a credential (refused as one).
   */
  unresolvable?: string;
}

/** The reference's own form around any text: one that is no reference in it is unresolvable. */
const REFERENCE_FORM = /^\{\{\s*secrets\.([^{}]*?)\s*\}\}$/;

/** The words a refusal of an unresolvable reference ends with (server, gate and create alike). */
export function unresolvableShown(written: string): string {
  const what = written === '' ? 'no name' : `the name ${mention(written)}`;
  return `a {{secrets.…}} reference with ${what}, which no secret can have (${SECRET_NAME_RULE}): it could never resolve, and a run would send it as text`;
}

/**
 * ` (did you mean {{secrets.NAME}}?)` when the name it was meant to be may be shown, else ''. The
 * name is what is written with `-` read as `_`: what was written is judged as well (a UUID or a
 * grouped key written where a name goes is the credential itself, whichever separator it has).
 */
export function meantShown(near: NearReference): string {
  const name = near.meant?.slice('{{secrets.'.length, -2);
  if (!name || near.credential !== undefined || looksLikeCredential(near.text)) return '';
  return mayShowName(name, 'secret') ? ` (did you mean ${near.meant}?)` : '';
}

/**
 * Every reference and every text that reads like one in a JSON value's strings (keys too), each
 * distinct text once, in the order they appear; `wellFormed` for a reference the server resolves.
 * The one reader of both: the gate, `workflow create`'s warning and the server's check.
 */
export function referenceTexts(value: unknown): Array<NearReference & { wellFormed: boolean }> {
  const seen = new Map<string, NearReference & { wellFormed: boolean }>();
  for (const s of strings(value)) {
    if (!s.includes('{')) continue;
    for (const m of s.matchAll(CANDIDATE)) {
      const [text, word = '', inner = ''] = m;
      if (seen.has(text)) continue;
      const whole = WHOLE_REFERENCE.exec(text);
      if (!whole && !readsLike(text, word, inner)) continue;
      const written = whole ? (whole[1] as string) : inner.replace(AROUND_VALUE, '');
      const found: NearReference & { wellFormed: boolean } = { text, wellFormed: whole !== null };
      const name = whole ? undefined : AFTER_WORD.exec(inner)?.[1]?.replace(/-/g, '_');
      if (name !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) found.meant = `{{secrets.${name}}}`;
      if (looksLikeCredential(written)) found.credential = written;
      const form = whole ? null : REFERENCE_FORM.exec(text);
      if (form && found.credential === undefined) found.unresolvable = form[1] as string;
      seen.set(text, found);
    }
  }
  return [...seen.values()];
}

/** The distinct misspelt references in a JSON value's strings (keys too), in the order they appear. */
export function nearReferences(value: unknown): NearReference[] {
  return referenceTexts(value)
    .filter((r) => !r.wellFormed)
    .map(({ wellFormed: _, ...near }) => near);
}

/** A copy of a JSON value with every reference replaced by its value (names not in `values` kept). */
export function substitute(value: unknown, values: ReadonlyMap<string, string>): unknown {
  const render = (s: string) =>
    s.includes('secrets.') ? s.replace(SECRET_REFERENCE, (ref, name: string) => values.get(name) ?? ref) : s;
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map((v) => substitute(v, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [render(k), substitute(v, values)]));
  }
  return value;
}
