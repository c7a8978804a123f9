import { mayShowName } from './shown-value.js';

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
 * Text that reads as a reference and is not one (`{{secret.X}}`, `{{SECRETS.X}}`,
 * `{{secrets.crm-token}}`, `{{ secrets }}`): the server resolves only SECRET_REFERENCE and sends
 * the rest as it is, so a misspelt reference reaches a tool as its own text.
 */
const NEAR_REFERENCE = /\{\{\s*secrets?\b[^{}]{0,200}?\}\}/gi;
const WHOLE_REFERENCE = new RegExp(`^${SECRET_REFERENCE.source}$`);
const MISSPELT_NAME = /^\{\{\s*secrets?\b\s*[.:]?\s*["']?([A-Za-z0-9_-]+)["']?\s*\}\}$/i;

/** One misspelt reference: its text, and the reference it was probably meant to be. */
export interface NearReference {
  text: string;
  /** `{{secrets.NAME}}` when a name can be read from it (a hyphen read as `_`). */
  meant?: string;
}

/** ` (did you mean {{secrets.NAME}}?)` when the name it was meant to be may be shown, else ''. */
export function meantShown(near: NearReference): string {
  const name = near.meant?.slice('{{secrets.'.length, -2);
  return name && mayShowName(name, 'secret') ? ` (did you mean ${near.meant}?)` : '';
}

/** The distinct misspelt references in a JSON value's strings (keys too), in the order they appear. */
export function nearReferences(value: unknown): NearReference[] {
  const seen = new Map<string, NearReference>();
  for (const s of strings(value)) {
    if (!s.includes('{{')) continue;
    for (const m of s.matchAll(NEAR_REFERENCE)) {
      const text = m[0];
      if (WHOLE_REFERENCE.test(text) || seen.has(text)) continue;
      const name = MISSPELT_NAME.exec(text)?.[1]?.replace(/-/g, '_');
      seen.set(
        text,
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(name ?? '') ? { text, meant: `{{secrets.${name}}}` } : { text },
      );
    }
  }
  return [...seen.values()];
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
