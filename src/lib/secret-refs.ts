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
