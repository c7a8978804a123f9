// How deep a parsed JSON or YAML value from the user may nest. Every request body is serialized
// with JSON.stringify, which recurses and overflows the stack at some 10,000 levels; no definition
// or input needs more than a few dozen, and the server refuses more than 32. So every value the
// user hands the CLI (a flag's JSON, a file's JSON or YAML) is checked against this bound before it
// is sent, by whichever reader parsed it, each refusing it in its own error form.

/** Deeper than any definition or input needs, far below what would overflow the stack. */
export const MAX_NESTING = 512;

/** Whether `value` nests objects and arrays more than MAX_NESTING levels deep (without recursing). */
export function nestsTooDeep(value: object): boolean {
  const open: Array<[object, number]> = [[value, 1]];
  for (let item = open.pop(); item !== undefined; item = open.pop()) {
    const [node, depth] = item;
    if (depth > MAX_NESTING) return true;
    for (const child of Object.values(node))
      if (child !== null && typeof child === 'object') open.push([child as object, depth + 1]);
  }
  return false;
}
