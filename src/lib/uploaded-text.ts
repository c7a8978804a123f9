import type { Finding } from './security-check/types.js';

// Text a command uploads (a workflow's definition and description, an API key's name) is stored by
// the platform and shown to every key that may read it: a credential in it cannot be taken back.
// It is judged by the gate's own credential rules, with the engine `security check` runs (one
// source of truth: its rules and masking), loaded only when a command uploads such text.

/**
 * The error-level credentials the gate finds in `text`, named `name` (a path, `-`, or a flag): the
 * text itself is judged, as it will be uploaded; inline ignore comments are not honoured (they are
 * in the very text being uploaded). Each finding is already masked; `ignored` says one was tried.
 */
export async function credentialsIn(
  name: string,
  text: string,
): Promise<{ found: Finding[]; ignored: boolean }> {
  const { scan } = await import('./security-check/engine.js');
  const outcome = await scan({
    targets: [],
    cwd: process.cwd(),
    hashes: false,
    text: { name, text },
    honourIgnores: false,
  });
  return {
    found: outcome.findings.filter((f) => f.level === 'error' && f.secret !== undefined),
    ignored: outcome.suppressed.inline > 0,
  };
}

/** `rule (sk-3…, 43 characters)`: the rule and what the gate's mask lets be shown, never the value. */
export function maskedFinding(f: Finding): string {
  const s = f.secret;
  const shown =
    s === undefined ? '' : ` (${s.prefix === null ? '' : `${s.prefix}…, `}${s.length} characters)`;
  return `${f.rule}${shown}`;
}
