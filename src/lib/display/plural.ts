/**
 * A count and its noun, the noun singular for exactly one: `1 event`, `12,345 events`, `1 day`.
 * Every count message of the CLI is made here, so none says "1 events".
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
