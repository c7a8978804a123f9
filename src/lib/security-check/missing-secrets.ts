import { pushAll } from '../arrays.js';
import { isValidSecretName, SECRET_NAME_RULE } from '../validate.js';
import { detached, type FileAt, finalize, type MaskSpan, maskedLine, type RawFinding } from './finding.js';
import type { InlineIgnores } from './inline-ignores.js';
import type { SecretRef } from './references.js';
import { RULE_SECRET_MISSING } from './rules.js';
import { findCredentials, type LineIndex } from './scan-text.js';
import { withHash } from './secret-hash.js';
import type { Finding, ScanReport } from './types.js';

// `--env`: each `{{secrets.NAME}}` that names a secret neither the environment nor the shared scope
// holds. The references are kept (with their masked lines) until the walk is over and the names are
// known, then become findings whose fix is the command that creates the secret.

/** The `{{secrets.NAME}}` references of one file, each with its masked line. */
export interface RefSite {
  path: string;
  root?: number;
  refs: Array<SecretRef & { context: { text: string; caret: number } }>;
  ignores: InlineIgnores;
}

/**
 * Whether a reference's name may be printed: `secret set` would take it and no token is in it (a
 * key pasted as the name is still a key). Otherwise no message, fix or source line repeats it.
 */
function nameShown(name: string): boolean {
  return isValidSecretName(name) && findCredentials(name).length === 0;
}

/** The name's span in its line, masked like a credential when the name may not be printed. */
function nameSpan(lines: LineIndex, r: SecretRef): MaskSpan {
  const from = lines.lineText(r.line).indexOf(r.name, r.column - 1);
  const start = lines.lineStart(r.line) + Math.max(from, r.column - 1);
  return { start, end: start + r.name.length, secret: r.name };
}

/** One file's references, kept without its text (each masked line is a copy). */
export function refSite(
  at: FileAt,
  refs: SecretRef[],
  ignores: InlineIgnores,
  lines: LineIndex,
  spans: readonly MaskSpan[],
): RefSite {
  return {
    path: at.path,
    ...(at.root ? { root: at.root } : {}),
    ignores,
    refs: refs.map((r) => ({
      ...r,
      name: detached(r.name),
      context: maskedLine(
        lines,
        r.line,
        r.column,
        nameShown(r.name) ? spans : [...spans, nameSpan(lines, r)],
      ),
    })),
  };
}

/** The findings of the references whose secret is not in `known`, added to the report. */
export async function missingSecrets(
  known: ReadonlySet<string>,
  environment: string | undefined,
  sites: RefSite[],
  report: ScanReport,
  hashes: boolean,
  alsoAt?: (at: FileAt) => string,
): Promise<void> {
  const pending: Array<Promise<Finding>> = [];
  for (const site of sites) {
    for (const ref of site.refs) {
      if (known.has(ref.name)) continue;
      if (site.ignores.silences(RULE_SECRET_MISSING.id, ref.line)) {
        report.suppressed.inline++;
        continue;
      }
      const raw: RawFinding = {
        rule: RULE_SECRET_MISSING,
        line: ref.line,
        column: ref.column,
        ...missingWords(ref.name, environment ?? 'the environment'),
        subject: ref.name,
      };
      pending.push(withHash(finalize(raw, site, ref.context), raw.subject, hashes, alsoAt?.(site)));
    }
  }
  pushAll(report.findings, await Promise.all(pending));
}

/** The message and the fix, naming the secret when it may be printed: the command to run is the fix. */
function missingWords(name: string, environment: string): { message: string; fix: string } {
  const where = `${environment} nor in the shared scope`;
  if (nameShown(name))
    return {
      message: `{{secrets.${name}}} is not set in ${where}`,
      fix: `create it with \`fibonacci secret set ${name} --env ${environment}\` (or \`fibonacci secret set ${name}\` for the shared scope)`,
    };
  return {
    message: `a {{secrets.…}} reference (its name of ${[...name].length} characters not repeated here) is not set in ${where}`,
    fix: `rename the reference to a secret name (${SECRET_NAME_RULE}, no token in it), then create it with \`fibonacci secret set\``,
  };
}
