import picomatch from 'picomatch';
import { isValidWorkflowPattern, WORKFLOW_PATTERN_RULE } from '../../lib/validate.js';

// Workflow names and the globs API keys carry, and when one set of globs is narrower than another.
// The pattern grammar itself lives in lib/validate.ts, so the CLI checks it without loading picomatch.
export { isValidWorkflowPattern, WORKFLOW_PATTERN_RULE };

const SEGMENT_MAX = 64;
const SEGMENTS_MAX = 8;
const SEGMENT = `[A-Za-z0-9][A-Za-z0-9_.-]{0,${SEGMENT_MAX - 1}}`;
/**
 * A workflow name: up to 8 `/`-separated segments of up to 64 letters, digits, `_`, `.`, `-`, each
 * starting with a letter or digit (so no `.`/`..` segment, no empty one, nothing to normalise).
 */
export const WORKFLOW_NAME = new RegExp(`^${SEGMENT}(\\/${SEGMENT}){0,${SEGMENTS_MAX - 1}}$`);
/** The longest name WORKFLOW_NAME allows (8 segments of 64 and their 7 slashes: 519). */
export const WORKFLOW_NAME_MAX_LENGTH = SEGMENTS_MAX * SEGMENT_MAX + SEGMENTS_MAX - 1;

/**
 * Whether every name one segment `p` can match is matched by the segment `c`. `p` is matched
 * literally against `c`: its `*` characters can only be consumed by a `*` of `c` (a literal never
 * equals `*`), and a `*` that consumes a literal `*` consumes anything it stands for, so this is exact
 * for the grammar above.
 */
function segmentCovers(c: string, p: string): boolean {
  return picomatch(c, { dot: true })(p);
}

function covers(c: readonly string[], p: readonly string[]): boolean {
  if (c.length === 0) return p.length === 0;
  const [head, ...rest] = c as [string, ...string[]];
  // `**` spans zero or more whole segments, including a `**` of the narrower pattern.
  if (head === '**') return covers(rest, p) || (p.length > 0 && covers(c, p.slice(1)));
  if (p.length === 0) return false;
  const [phead, ...prest] = p as [string, ...string[]];
  // Only a `**` of the wider pattern can cover a `**` (it crosses `/`; `*` does not).
  if (phead === '**') return false;
  return segmentCovers(head, phead) && covers(rest, prest);
}

/**
 * Whether pattern `narrow` can only match names that `wide` matches: `production/*` covers
 * `production/etl` and `production/*`, not `*`, `production/**` or `staging/*`; `**` covers all.
 */
export function patternCovers(wide: string, narrow: string): boolean {
  return covers(wide.split('/'), narrow.split('/'));
}

/** The requested patterns that no granted pattern covers (empty when the request is not wider). */
export function uncoveredPatterns(granted: readonly string[], requested: readonly string[]): string[] {
  return requested.filter((r) => !granted.some((g) => patternCovers(g, r)));
}
