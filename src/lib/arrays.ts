// Arrays whose length comes from outside (a user's file, a server's page, a scanned tree). A spread
// into a call, `into.push(...items)` or `Math.max(...lengths)`, passes every item as an argument on
// the stack, and past some 100,000 of them throws `RangeError: Maximum call stack size exceeded`
// (a 250 KB YAML list did). These take the items one at a time; test/unit/lib/spread-calls.test.ts
// keeps any other spread into a call to what is bounded by the program itself.

/** Append each of `items` to `into`, in order; `into` is returned. */
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}

/** The largest of `values`, or `empty` when there is none (Math.max() of nothing is -Infinity). */
export function maxOf(values: Iterable<number>, empty = Number.NEGATIVE_INFINITY): number {
  let most: number | undefined;
  for (const v of values) if (most === undefined || v > most || Number.isNaN(v)) most = v;
  return most ?? empty;
}
