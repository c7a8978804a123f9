// Headers the emulator decides on that a request may send once. Node keeps the first of two
// `Authorization` headers and drops the other (its http module discards duplicates of a fixed list),
// so a request carrying the owner's key and then a bogus one was answered as the owner, while a
// proxy in front that reads the last header (or joins them) decides differently. Hostile pass 15,
// H15-8. Counted on the raw header list, where every copy still is.

/** The headers a request may carry at most once, lower-case. */
const SINGLE = new Set(['authorization', 'content-type', 'host']);

/** The first of SINGLE that `rawHeaders` (name, value, name, value…) holds more than once. */
export function repeatedHeader(rawHeaders: readonly string[]): string | undefined {
  let seen: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (!SINGLE.has(name)) continue;
    seen ??= new Set();
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}
