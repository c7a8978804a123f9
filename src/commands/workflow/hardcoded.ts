import type { Context } from '../../lib/context.js';
import { hint, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';
import { shellQuote } from '../../lib/quote.js';
import type { Finding } from '../../lib/security-check/types.js';
import { shownPathBare } from '../../lib/shown-value.js';

// A credential written into a definition is sent to the platform with it: stored there, shown to
// every key that may read the workflow, kept in backups. An upload cannot be taken back (the
// credential must then be rotated), so `create` runs the gate's own credential rules on the file
// first, with the engine `security check` uses (one source of truth: its rules and masking), loaded
// only here. A finding is refused unless --allow-hardcoded-credentials says the value is meant, and
// then still warned about. An inline `fibonacci:ignore` comment does not count here: it keeps a
// finding out of the gate's report, it cannot make a credential fit to send (the comment is in the
// very file being uploaded, so it was a way to upload one without the flag: hostile pass 14, H14a-10).

/** The flag that creates a workflow whose file holds a hardcoded credential. */
export const ALLOW_FLAG = '--allow-hardcoded-credentials';

/** How the definition is named in messages: its path, or standard input. */
// A path that holds a token-shaped run is named by its length, as every error names such a path.
const shownFile = (file: string) => (file === '-' ? 'standard input' : shownPathBare(file));

/**
 * The error-level credentials the gate finds in `text`, the definition read from `file` (a path or
 * `-`): the text itself is judged, as it will be uploaded, so that a definition of any name, or
 * one on standard input, is judged as the gate judges a file. Each finding is already masked.
 */
async function credentialsIn(file: string, text: string): Promise<{ found: Finding[]; ignored: boolean }> {
  const { scan } = await import('../../lib/security-check/engine.js');
  const outcome = await scan({
    targets: [],
    cwd: process.cwd(),
    hashes: false,
    text: { name: file, text },
    honourIgnores: false,
  });
  return {
    found: outcome.findings.filter((f) => f.level === 'error' && f.secret !== undefined),
    ignored: outcome.suppressed.inline > 0,
  };
}

/**
 * `file:line:col rule (sk-3…, 43 characters)`: the place, the rule and what the gate's mask lets be
 * shown of the value (its first characters when it is long, its length), never the value.
 */
function where(file: string, f: Finding): string {
  const s = f.secret;
  const shown =
    s === undefined ? '' : ` (${s.prefix === null ? '' : `${s.prefix}…, `}${s.length} characters)`;
  return `${file}:${f.line}:${f.column} ${f.rule}${shown}`;
}

/**
 * Refuse (exit 2) a definition (`text`, read from `file`) that holds a hardcoded credential, before anything is sent;
 * with `allow`, warn about each one and let the create go on.
 */
export async function refuseHardcoded(
  file: string,
  text: string,
  allow: boolean,
  ctx: Context,
): Promise<void> {
  const { found, ignored } = await credentialsIn(file, text);
  if (found.length === 0) return;
  const named = shownFile(file);
  // Standard input is no file the gate can be pointed at: the user saves it to one first.
  const check =
    file === '-' || named !== file
      ? '`fibonacci security check FILE` on the definition saved to FILE'
      : `\`fibonacci security check ${shellQuote(file)}\``;
  if (allow) {
    for (const f of found) warn(ctx.io, t`hardcoded credential at ${where(named, f)}`);
    hint(ctx.io, t`${check} shows each one with its fix`);
    return;
  }
  const count = found.length === 1 ? 'a hardcoded credential' : `${found.length} hardcoded credentials`;
  const source = file === '-' ? 'the definition on standard input' : `--file ${named}`;
  // Said when the file tries: its author expected the comment to be enough, and the check it would
  // point to shows nothing (the comment silences it there).
  const hintText = ignored
    ? `a fibonacci:ignore comment silences the security check's report, not the upload: use {{secrets.NAME}} instead, or ${ALLOW_FLAG} to create it anyway`
    : `${check} shows each one with its fix ({{secrets.NAME}} instead); ${ALLOW_FLAG} creates it anyway`;
  throw new CliError('usage', `${source} holds ${count}: nothing was created`, {
    details: found.map((f) => where(named, f)),
    hint: hintText,
  });
}
