import { FAILSAFE_SCHEMA, type LoadOptions, load, YAMLException } from 'js-yaml';
import { MAX_NESTING } from './json-depth.js';

// How many nodes a YAML text holds, counted before the `yaml` package composes it. That package
// keeps a token tree and a node with ranges for every value: a 1 MB list of 115,000 items took it
// 2 s and 170 MB in the parser alone, and `workflow create --file` read such a file twice (6.5 s,
// 380 MB; hostile YBIG). js-yaml counts the same nodes in a tenth of the time, and stops at the
// budget: a text past it is refused whole, by `workflow create --file` and `security check` alike.

/** The most YAML nodes (scalars, mappings, sequences) a definition may hold. */
export const MAX_YAML_NODES = 20_000;

const OVER = new Error('over the node budget');

/**
 * Whether `text` holds more than `limit` YAML nodes. Where js-yaml stops at a syntax error, each
 * line break and comma after it counts as a node more (what follows a broken line is not read).
 */
export function moreYamlNodesThan(text: string, limit = MAX_YAML_NODES): boolean {
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
    // error here. maxDepth (js-yaml 4.3's, not in its type definitions) as the gate's: a text
    // deeper than a definition may be is counted to where it stops.
    load(text, { schema: FAILSAFE_SCHEMA, json: true, listener, maxDepth: MAX_NESTING + 8 } as LoadOptions);
    return false;
  } catch (e) {
    if (e === OVER) return true;
    if (!(e instanceof YAMLException)) throw e;
    const from = (e.mark as { position?: number } | undefined)?.position ?? 0;
    for (let i = from; i < text.length && count <= limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 44) count++;
    }
    return count > limit;
  }
}

/** What a text past the budget is said to be, by `security check` and `workflow create --file`. */
export function tooLargeWords(nodes = MAX_YAML_NODES): string {
  return `too large to check: more than ${nodes.toLocaleString('en-US')} YAML nodes`;
}
