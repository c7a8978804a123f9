import type { Context } from '../../lib/context.js';
import { hint, warn } from '../../lib/display/messages.js';
import { t } from '../../lib/display/text.js';
import { CliError } from '../../lib/errors.js';
import { shellQuote } from '../../lib/quote.js';
import type { Finding } from '../../lib/security-check/types.js';
import { shownPathBare } from '../../lib/shown-value.js';
import { credentialsIn, maskedFinding } from '../../lib/uploaded-text.js';

// A credential written into a definition is sent to the platform with it: stored there, shown to
// every key that may read the workflow, kept in backups. An upload cannot be taken back (the
// credential must then be rotated), so `create` runs the gate's own credential rules on the file
// first, with the engine `security check` uses (one source of truth: its rules and masking, through
// lib/uploaded-text.ts), and on the name and --description uploaded with it. A finding is refused unless --allow-hardcoded-credentials says the value is meant, and
// then still warned about. An inline `fibonacci:ignore` comment does not count here: it keeps a
// finding out of the gate's report, it cannot make a credential fit to send (the comment is in the
// very file being uploaded, so it was a way to upload one without the flag: hostile pass 14, H14a-10).

/** The flag that creates a workflow whose file holds a hardcoded credential. */
export const ALLOW_FLAG = '--allow-hardcoded-credentials';

/** How the definition is named in messages: its path, or standard input. */
// A path that holds a token-shaped run is named by its length, as every error names such a path.
const shownFile = (file: string) => (file === '-' ? 'standard input' : shownPathBare(file));

/** `file:line:col rule (sk-3…, 43 characters)`: the place, the rule and the masked value. */
const where = (file: string, f: Finding) => `${file}:${f.line}:${f.column} ${maskedFinding(f)}`;

/** `--description rule (sk_l…, 48 characters)`: a flag's value is one line, named by the flag. */
const inFlag = (flag: string, f: Finding) => `${flag} ${maskedFinding(f)}`;

/**
 * Refuse (exit 2) a definition (`text`, read from `file`) that holds a hardcoded credential, before
 * anything is sent; with `allow`, warn about each one and let the create go on. The free text of
 * `flags` (`--description`) is uploaded with the definition, stored and shown the same way, so it
 * is judged by the same rules and refused (or, with `allow`, warned about) in the same error.
 */
export async function refuseHardcoded(
  file: string,
  text: string,
  allow: boolean,
  ctx: Context,
  flags: ReadonlyArray<readonly [flag: string, value: string | undefined]> = [],
): Promise<void> {
  const { found, ignored } = await credentialsIn(file, text);
  const inFlags: string[] = [];
  const flagNames: string[] = [];
  for (const [flag, value] of flags) {
    if (value === undefined || value === '') continue;
    const hits = (await credentialsIn(flag, value)).found;
    if (hits.length > 0) flagNames.push(flag);
    for (const f of hits) inFlags.push(inFlag(flag, f));
  }
  if (found.length === 0 && inFlags.length === 0) return;
  const named = shownFile(file);
  // Standard input is no file the gate can be pointed at: the user saves it to one first.
  const check =
    file === '-' || named !== file
      ? '`fibonacci security check FILE` on the definition saved to FILE'
      : `\`fibonacci security check ${shellQuote(file)}\``;
  const places = [...found.map((f) => where(named, f)), ...inFlags];
  if (allow) {
    for (const p of places) warn(ctx.io, t`hardcoded credential at ${p}`);
    if (found.length > 0) hint(ctx.io, t`${check} shows each one with its fix`);
    return;
  }
  const total = places.length;
  const count = total === 1 ? 'a hardcoded credential' : `${total} hardcoded credentials`;
  const sources = [
    ...(found.length > 0 ? [file === '-' ? 'the definition on standard input' : `--file ${named}`] : []),
    ...flagNames,
  ];
  const verb = sources.length === 1 ? 'holds' : 'hold';
  // Said when the file tries: its author expected the comment to be enough, and the check it would
  // point to shows nothing (the comment silences it there).
  const hintText =
    found.length === 0
      ? `a workflow's name and description are stored and shown to every key that may read it: leave the credential out; ${ALLOW_FLAG} creates it anyway`
      : ignored
        ? `a fibonacci:ignore comment silences the security check's report, not the upload: use {{secrets.NAME}} instead, or ${ALLOW_FLAG} to create it anyway`
        : `${check} shows each one with its fix ({{secrets.NAME}} instead); ${ALLOW_FLAG} creates it anyway`;
  throw new CliError('usage', `${sources.join(' and ')} ${verb} ${count}: nothing was created`, {
    details: places,
    hint: hintText,
  });
}
