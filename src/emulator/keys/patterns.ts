import picomatch from 'picomatch';

// Workflow names and the globs API keys carry, and when one set of globs is narrower than another.

// The name rule is shared with the CLI (its completion offers only names that follow it).
export { WORKFLOW_NAME, WORKFLOW_NAME_MAX_LENGTH } from '../../lib/validate.js';

/** A pattern segment: `**` alone, or name characters with `*` wildcards (no `.`/`..`, no `**` inside). */
const PATTERN_SEGMENT = /^[A-Za-z0-9_.*-]{1,64}$/;
export const WORKFLOW_PATTERN_RULE =
  '/-separated segments of letters, digits, _, ., - and * wildcards, or ** alone as a segment';

/** Whether a workflow pattern follows the grammar above (so coverage can be decided exactly). */
export function isValidWorkflowPattern(pattern: string): boolean {
  if (pattern.length === 0 || pattern.length > 256) return false;
  return pattern.split('/').every((s) => {
    if (s === '**') return true;
    return PATTERN_SEGMENT.test(s) && !s.includes('**') && s !== '.' && s !== '..';
  });
}

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
