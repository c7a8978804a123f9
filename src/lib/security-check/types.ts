import type { ScanRoot } from './scan-root.js';

// The shapes `security check` passes between its parts. A finding never holds the secret it found:
// only its first 4 characters, its length and its SHA-256, so no reporter can print it by mistake.

/** How serious a finding is (SARIF's levels). */
export type Level = 'error' | 'warning' | 'note';

/** Levels from the least to the most serious: `--fail-on L` fails on L and everything after it. */
export const LEVELS: readonly Level[] = ['note', 'warning', 'error'];

/** True when `level` is at or above `threshold`. */
export function atOrAbove(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(threshold);
}

/** A rule as `--list-rules` and SARIF's `tool.driver.rules` describe it. */
export interface RuleInfo {
  id: string;
  level: Level;
  /** One line: what the rule finds. */
  description: string;
  /** One line: how to fix a finding (in a workflow, for a credential rule). */
  fix: string;
  /** A credential rule's fix in each kind of file it reads (credential-fix.ts): `--list-rules --json`'s `fix_by_file`. */
  fix_by_file?: { workflow: string; 'fibonacci.yaml': string; '.env': string };
  /**
   * A problem the server refuses the file for (it will not take the policy or the workflow until
   * it is fixed): fibonacci:ignore cannot silence it, or the gate would pass what the apply refuses.
   */
  refusedByServer?: true;
}

/** What may be shown of a found secret: its length, and its first 4 characters when it is long (finding.ts). */
export interface SecretPreview {
  prefix: string | null;
  length: number;
}

/** One problem in one file. */
export interface Finding {
  rule: string;
  level: Level;
  /** Relative to its root (the git work tree's top level, else the working directory: scan-root.ts), with `/` separators. */
  path: string;
  /** The index of that root in the report's `roots`; absent for the first. */
  root?: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (SARIF's default column kind). */
  column: number;
  message: string;
  fix: string;
  /** Set for hardcoded credentials. */
  secret?: SecretPreview;
  /**
   * A salted scrypt (hex, secret-hash.ts) of the secret, or of a stable subject for findings without
   * one (the variable, the document path): with rule and path it is the baseline key, and it does not
   * change when lines move. Empty when the report does not carry it (text, no baseline).
   */
  hash: string;
  /** The path and hash a baseline written relative to the working directory holds (baseline.ts): matching only, never reported. */
  legacy?: { path: string; hash: string };
  /** About the file, not a line of it (a variable it does not set): the text report shows no line:column. */
  whole?: true;
  /** The source line with every secret on it masked, and the caret's column in it (text report only). */
  context?: { text: string; caret: number };
}

/** The reason of a YAML or JSON file that was read and is no workflow definition. */
export const NOT_A_WORKFLOW = 'not a workflow definition';

/** A file that was scanned. */
export interface Scanned {
  path: string;
  /** As a finding's. */
  root?: number;
  /** How it was scanned when not whole: `larger than 1 MiB: checked for token formats only`. */
  note?: string;
}

/** How much of a `--baseline` matched (a baseline written elsewhere matches nothing, and says so). */
export interface BaselineUse {
  file: string;
  entries: number;
  matched: number;
}

/** A file that was not scanned, and why. */
export interface Skipped {
  path: string;
  /** As a finding's. */
  root?: number;
  reason: string;
}

/** A file that could not be read or parsed (exit 3). */
export interface FileError {
  path: string;
  /** As a finding's. */
  root?: number;
  line?: number;
  column?: number;
  message: string;
}

/** Everything one scan found, before printing. */
export interface ScanReport {
  /** The directories paths are relative to (scan-root.ts): one unless the PATHs are in several trees. */
  roots: ScanRoot[];
  scanned: Scanned[];
  skipped: Skipped[];
  errors: FileError[];
  findings: Finding[];
  /** Findings silenced by `fibonacci:ignore` comments and by the baseline. */
  suppressed: { inline: number; baseline: number };
  durationMs: number;
  /** The `--baseline` read, and how many of its entries accepted a finding. */
  baseline?: BaselineUse;
  /** Why a part of the check did not run (a failed --env check), when one did not. */
  incomplete?: string;
}

/** The parts of a report every format prints as totals. */
export function totals(report: ScanReport) {
  const count = (level: Level) => report.findings.filter((f) => f.level === level).length;
  return {
    files_scanned: report.scanned.length,
    files_skipped: report.skipped.length,
    files_unreadable: report.errors.length,
    findings: report.findings.length,
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
    suppressed_inline: report.suppressed.inline,
    suppressed_baseline: report.suppressed.baseline,
  };
}
