import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';

// Where a value sits in a YAML (or JSON) document: a `loc` path (`["access_control", "roles", 0,
// "name"]`, the shape the API's 422 `detail` and validators use) to a 1-based line and column.
// Shared by `security check` and any command that reports problems in fibonacci.yaml.

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** A parsed document that answers "where is this path?". */
export class YamlPositions {
  private readonly lines = new LineCounter();
  private readonly root: Node | null;

  constructor(text: string) {
    // Errors are the caller's business (it parsed the text already); positions of what did parse
    // are still right. Duplicate keys are not looked for: the package's check is quadratic (H14a-5).
    this.root = parseDocument(text, {
      lineCounter: this.lines,
      keepSourceTokens: false,
      logLevel: 'silent',
      uniqueKeys: false,
    }).contents as Node | null;
  }

  /** Each mapping's pairs by key (the first of a repeated one), made once: a finding per key of a
   * mapping of 40,000 keys is not 40,000 searches of it. */
  private readonly keys = new WeakMap<YAMLMap, Map<string, Pair>>();

  private keysOf(map: YAMLMap): Map<string, Pair> {
    let keys = this.keys.get(map);
    if (keys === undefined) {
      keys = new Map();
      for (const p of map.items) {
        const name = isScalar(p.key) ? String(p.key.value) : undefined;
        if (name !== undefined && !keys.has(name)) keys.set(name, p);
      }
      this.keys.set(map, keys);
    }
    return keys;
  }

  /**
   * The position of the deepest node on `loc` that exists: a mapping entry points at its key, a
   * sequence item at the item; an empty path (or a document without content) is line 1, column 1.
   */
  locate(loc: readonly (string | number)[]): Position {
    let node: Node | null = this.root;
    let at: number | undefined = node?.range?.[0];
    for (const step of loc) {
      if (isMap(node)) {
        const pair = this.keysOf(node).get(String(step));
        if (!pair) break;
        at = (pair.key as Node).range?.[0] ?? at;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof step === 'number') {
        const item = node.items[step] as Node | undefined;
        if (!item) break;
        at = item.range?.[0] ?? at;
        node = item;
      } else break;
    }
    if (at === undefined) return { line: 1, column: 1 };
    const { line, col } = this.lines.linePos(at);
    return { line, column: col };
  }
}

/** The position of `loc` in `text` (see YamlPositions.locate). */
export function locate(text: string, loc: readonly (string | number)[]): Position {
  return new YamlPositions(text).locate(loc);
}
