import picomatch from 'picomatch';

// When one set of workflow globs is narrower than another (API key creation). The name rule and
// the pattern grammar live in lib/access-policy/workflow-glob.ts, shared with the CLI.

export {
  isValidWorkflowPattern,
  WORKFLOW_NAME,
  WORKFLOW_NAME_MAX_LENGTH,
  WORKFLOW_PATTERN_RULE,
} from '../../lib/access-policy/workflow-glob.js';

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
