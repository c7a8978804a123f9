/** The exit codes (README.md and `fibonacci help exit-codes`). Stable: scripts depend on these numbers. */
export const EXIT_CODES = [
  { code: 0, kind: 'ok', meaning: 'success (an empty result is success)' },
  {
    code: 1,
    kind: 'unexpected',
    meaning: 'unexpected error, or a run that failed: workflow run started it and the run failed',
  },
  { code: 2, kind: 'usage', meaning: 'usage error: bad flag, argument or value' },
  {
    code: 3,
    kind: 'config',
    meaning:
      'local configuration error: unreadable CA file, bad config file; for security check also a file it cannot read or parse, an --output it cannot write, a missing or bad --baseline',
  },
  { code: 4, kind: 'auth', meaning: 'not authenticated: no key, or the server said 401' },
  { code: 5, kind: 'forbidden', meaning: 'not allowed: 403 (role, scope or workflow pattern)' },
  { code: 6, kind: 'rate_limited', meaning: 'rate limited after the retries ran out' },
  {
    code: 7,
    kind: 'network',
    meaning: 'network or TLS failure (refused, reset, timeout, handshake, certificate)',
  },
  {
    code: 8,
    kind: 'partial',
    meaning: 'partial: an export stopped part-way; the checkpoint is written and --resume continues it',
  },
  { code: 10, kind: 'input_needed', meaning: 'input needed but prompting is impossible' },
  {
    code: 11,
    kind: 'check_failed',
    meaning:
      'a check did not pass: security check found problems at or above --fail-on, secret health is unhealthy, access check said no',
  },
  {
    code: 12,
    kind: 'not_found',
    meaning: 'not found: the named secret, key, workflow, run or member does not exist',
  },
  {
    code: 130,
    kind: 'interrupted',
    meaning: 'interrupted (Ctrl-C) or cancelled: "no" at a confirmation; nothing was changed',
  },
] as const;

export type ErrorKind = Exclude<(typeof EXIT_CODES)[number]['kind'], 'ok'>;

/** Exit code for an error kind. */
export function exitCodeFor(kind: ErrorKind): number {
  return EXIT_CODES.find((e) => e.kind === kind)?.code ?? 1;
}

export interface CliErrorOptions {
  hint?: string | undefined;
  /**
   * The problems behind the message, one per line below it (a 422's violations, each `loc: msg`);
   * a detail that only repeats the message is not printed twice.
   */
  details?: readonly string[] | undefined;
  requestId?: string | undefined;
  status?: number | undefined;
  cause?: unknown;
  /**
   * The command has already told the user everything (`secret health` printed "unhealthy", a
   * follow stopped on Ctrl-C): main prints no `error:` line, only the exit code says it. The
   * message still says what happened, for --debug and for callers that catch the error.
   */
  silent?: boolean | undefined;
}

/**
 * The one error type commands throw; its kind decides the exit code, main.ts prints it. A command
 * never returns an exit code: it returns (exit 0) or throws one of these.
 */
export class CliError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly details: readonly string[];
  readonly requestId: string | undefined;
  readonly status: number | undefined;
  readonly silent: boolean;

  constructor(kind: ErrorKind, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.kind = kind;
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.requestId = options.requestId;
    this.status = options.status;
    this.silent = options.silent === true;
  }

  get exitCode(): number {
    return exitCodeFor(this.kind);
  }
}

/** Usage error (exit 2). */
export function usageError(message: string, hint?: string): CliError {
  return new CliError('usage', message, { hint });
}

/**
 * Mask an API key for display: first 7 characters, an ellipsis, the last 3;
 * keys of 10 characters or fewer print as `fib_***`.
 */
export function maskKey(key: string): string {
  if (key.length <= 10) return 'fib_***';
  return `${key.slice(0, 7)}…${key.slice(-3)}`;
}

// Anything shaped like a Fibonacci key, wherever it appears in a line.
const KEY_PATTERN = /fib_[A-Za-z0-9_-]{8,}/g;
const BEARER_PATTERN = /(Bearer\s+)\S+/gi;

/**
 * Remove every key and any extra known secret from text before it reaches the user.
 * Keys are masked; other secrets (values) are replaced outright.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  }
  out = out.replace(BEARER_PATTERN, (_m, p1: string) => `${p1}[REDACTED]`);
  return out.replace(KEY_PATTERN, (k) => maskKey(k));
}

// C0 and C1 controls (ESC and CSI start terminal escape sequences; a newline would split the one
// error line), line/paragraph separators, every bidirectional control (which can make a terminal
// show other text than was sent: U+061C, U+200E/F, U+202A–E, U+2066–9) and the invisible format
// characters (soft hyphen, zero-width space/joiners, word joiner and invisible operators, the BOM,
// U+180E: two names that differ only by one look the same on screen) print as \uXXXX. The display
// layer (lib/display/) applies it to every string from outside; it lives here so that layer and
// the emulator share it without loading more. A character-class body, shared with the emulator's
// rule for key names (JSON-schema pattern).
export const UNPRINTABLE_CLASS =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const UNPRINTABLE = new RegExp(`[${UNPRINTABLE_CLASS}]`, 'g');

/** Text from a user or a server made safe to print: unprintable characters escaped as `\uXXXX`. */
export function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
