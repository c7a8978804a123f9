// What makes an input_schema too costly to compile or to run, judged before Ajv sees it
// (lib/input-schema.ts): too many nodes, too deep, or a pattern that backtracks exponentially.

/**
 * Schemas bigger or deeper than this are not compiled: real ones have tens of nodes and a few
 * levels. Ajv's compile time grows with the schema (about 1.3 s for 3,000 nodes on these machines,
 * bench/RESULTS.md), and a server compiles what any key with workflow write sends it.
 */
export const MAX_SCHEMA_NODES = 2_000;
export const MAX_SCHEMA_DEPTH = 32;

/**
 * Why a value is too big to compile: more than MAX_SCHEMA_NODES nodes, counting a shared one each
 * time it is reached (YAML aliases make a small file a huge tree, a "billion laughs", which
 * serialising or compiling would expand), or nested deeper than MAX_SCHEMA_DEPTH (Ajv's code
 * generator recurses, and overflows its stack at a few thousand levels). Stops at the first.
 */
export function tooBig(value: unknown): string | undefined {
  let count = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (++count > MAX_SCHEMA_NODES)
      return `input_schema has more than ${MAX_SCHEMA_NODES} nodes (aliases counted each time they are used); not compiled`;
    if (depth > MAX_SCHEMA_DEPTH)
      return `input_schema nests deeper than ${MAX_SCHEMA_DEPTH} levels; not compiled`;
    if (typeof v === 'object' && v !== null)
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * The first `pattern` (or `patternProperties` key) whose regular expression can take exponential
 * time on some input (nested repetition such as `(a+)+`, judged by safe-regex2): Ajv runs them with
 * JavaScript's backtracking engine, so one such pattern and a 30-character input hold a server's
 * only thread for seconds.
 */
export function unsafePattern(
  value: unknown,
  isSafe: (re: string) => boolean,
  at: (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [k, v] of entries) {
    if (k === 'pattern' && typeof v === 'string' && !isSafe(v)) return [...at, k];
    if (k === 'patternProperties' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const bad = Object.keys(v).find((re) => !isSafe(re));
      if (bad !== undefined) return [...at, k, bad];
    }
    const deeper: (string | number)[] | undefined = unsafePattern(v, isSafe, [...at, k]);
    if (deeper) return deeper;
  }
  return undefined;
}
