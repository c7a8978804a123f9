/**
 * A count and its noun in the right number, for every message that counts: `1 event`, `2 events`,
 * `1,204 events`, `1 entry`/`3 entries` (`many` for a plural not made with -s). Thousands grouped
 * the one way (en-US), whatever the locale, so a line reads the same in every log.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
