import picomatch from 'picomatch';
import {
  isValidWorkflowPattern,
  WORKFLOW_NAME,
  WORKFLOW_NAME_MAX_LENGTH,
  WORKFLOW_PATTERN_RULE,
} from '../validate.js';

// Workflow names and the globs over them, as API keys and the access policy's workflow rules use
// them. Shared by the CLI and the emulator; pure (picomatch only). The name rule and the pattern
// grammar live in lib/validate.ts, so the CLI checks them without loading picomatch.

export { isValidWorkflowPattern, WORKFLOW_NAME, WORKFLOW_NAME_MAX_LENGTH, WORKFLOW_PATTERN_RULE };

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
