import picomatch from 'picomatch';

// Workflow names and the globs over them, as API keys and the access policy's workflow rules use
// them. Shared by the CLI and the emulator; pure (picomatch only).

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
 * A test of workflow names against patterns, compiled once for checking many names: `*` stays
 * within a segment, `**` crosses `/`. Only canonical names (the workflow-name rule, as they stand)
 * can match: `production/../staging/x` or `production//etl` match nothing, rather than being
 * normalised into some other name. No patterns match nothing.
 */
export function workflowMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch([...patterns], { dot: true });
  return (name) => WORKFLOW_NAME.test(name) && isMatch(name);
}
