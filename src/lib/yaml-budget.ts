import { FAILSAFE_SCHEMA, type LoadOptions, load, YAMLException } from 'js-yaml';
import { MAX_NESTING } from './json-depth.js';

// How many nodes a YAML text holds, counted before the `yaml` package composes it. That package
// keeps a token tree and a node with ranges for every value: a 1 MB list of 115,000 items took it
// 2 s and 170 MB in the parser alone, and `workflow create --file` read such a file twice (6.5 s,
// 380 MB; hostile YBIG). js-yaml counts the same nodes in a tenth of the time, and stops at the
// budget: a text past it is refused whole, by `workflow create --file` and `security check` alike.

/** The most YAML nodes (scalars, mappings, sequences) a definition may hold. */
export const MAX_YAML_NODES = 20_000;

/**
 * js-yaml's nesting limit (a node is one level deeper than its collection): a little more than the
 * upload takes (lib/json-depth.ts), so that what js-yaml refuses as too deep the upload refuses too.
 * `security check` reads with it, so both say one place.
 */
export const MAX_YAML_DEPTH = MAX_NESTING + 8;

const OVER = new Error('over the node budget');

/** Where a text first nests deeper than a definition may (1-based), as js-yaml stops there. */
export interface TooDeep {
  line: number;
  column: number;
}

/**
 * Whether `text` holds more than `limit` YAML nodes (`tooLarge`), else whether it nests deeper than
 * the gate's js-yaml reads (`tooDeep`, at the place js-yaml stops: `security check` says that place
 * too); undefined when neither. Where js-yaml stops at a syntax error, each line break and comma
 * after it counts as a node more (what follows a broken line is not read).
 */
export function yamlLimits(
  text: string,
  limit = MAX_YAML_NODES,
): { tooLarge: number } | { tooDeep: TooDeep } | undefined {
  let count = 0;
  let last = -1;
  // js-yaml opens a plain scalar of a block twice at one place (as a value, then as a key it might
  // be): a node is an open at a new place.
  const listener = (event: string, state: { position: number }) => {
    if (event !== 'open' || state.position === last) return;
    last = state.position;
    if (++count > limit) throw OVER;
  };
  try {
    // FAILSAFE: every scalar a string (no typing, no tags resolved); json: a repeated key is not an
    // error here. maxDepth (js-yaml 4.3's, not in its type definitions) as the gate's.
    load(text, { schema: FAILSAFE_SCHEMA, json: true, listener, maxDepth: MAX_YAML_DEPTH } as LoadOptions);
    return undefined;
  } catch (e) {
    if (e === OVER) return { tooLarge: limit };
    if (!(e instanceof YAMLException)) throw e;
    const mark = e.mark as { position?: number; line?: number; column?: number } | undefined;
    if (e.reason?.startsWith('nesting exceeded') && mark?.line !== undefined) {
      return { tooDeep: { line: mark.line + 1, column: (mark.column ?? 0) + 1 } };
    }
    for (let i = mark?.position ?? 0; i < text.length && count <= limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 44) count++;
    }
    return count > limit ? { tooLarge: limit } : undefined;
  }
}

/** What a text past the budget is said to be, by `security check` and `workflow create --file`. */
export function tooLargeWords(nodes = MAX_YAML_NODES): string {
  return `too large to check: more than ${nodes.toLocaleString('en-US')} YAML nodes`;
}
