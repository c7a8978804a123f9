/**
 * Turn an HTTP error response into the one CliError a user sees: the kind (hence the exit code) by
 * status, the server's own words (FastAPI `detail`) in the message, a remedy where one exists.
 */
import { CliError, type ErrorKind } from '../errors.js';
import { locPath } from '../input-schema-words.js';
import { shownPathBare } from '../shown-value.js';
import { nestedTooDeep, tooDeep } from './body.js';
import { formatLongWait, RETRY_AFTER_CAP_MS, statusReason } from './retry.js';

/** What the client knows about a failed response. */
export interface HttpFailure {
  status: number;
  /** Raw response body (never the request body). */
  body: string;
  requestId: string | undefined;
  /** host[:port] of the server, for messages. */
  host: string;
  /** The request path, used when a 404 carries no detail. */
  path: string;
  /** The Location header of a 3xx. */
  location?: string | undefined;
  /** Retry-After of a 429, parsed, as the server asked (not capped). */
  retryAfterMs?: number | undefined;
  /** A 401's remedy for the key this client sends (ApiClientOptions.authFailureHint). */
  authHint?: string | undefined;
}

/** A 401's remedy when the client was not told where its key came from. */
export const DEFAULT_AUTH_HINT = 'run `fibonacci auth login`, or check FIBONACCI_API_KEY';

const AUTH_FAILED = 'authentication failed: ';

/**
 * The server's own reason for refusing a key (a 401's detail: "API key has expired"), as the
 * error above words it; undefined when the server gave none. A command that rewords a refusal
 * (`auth status`) passes it on (newcomer pass 14, NC-19).
 */
export function refusalReason(e: CliError): string | undefined {
  if (e.kind !== 'auth' || e.status !== 401 || !e.message.startsWith(AUTH_FAILED)) return undefined;
  const reason = e.message.slice(AUTH_FAILED.length);
  return reason === 'the server refused the key' ? undefined : reason;
}

const USAGE_STATUSES = new Set([400, 409, 413, 422]);
const BODY_LOCATIONS = new Set(['body', 'query', 'path', 'header', 'cookie']);

// A loc is written as the gate writes an input_schema's places (locPath): one problem, one path.

/** One FastAPI validation item `{loc: ["body","value"], msg}` as "value: msg". */
function formatValidationItem(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (item === null || typeof item !== 'object') return undefined;
  const { loc, msg } = item as { loc?: unknown; msg?: unknown };
  if (typeof msg !== 'string') return undefined;
  if (!Array.isArray(loc) || loc.length === 0) return msg;
  // The first element only says where the field lives (body, query…); users know fields by name.
  const located = loc.length > 1 && typeof loc[0] === 'string' && BODY_LOCATIONS.has(loc[0]);
  return `${locPath(located ? loc.slice(1) : loc)}: ${msg}`;
}

/** The body as JSON, or undefined when it is not JSON (a plain-text or HTML error page). */
function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A validation list's items (`loc: msg` each), or none when the body holds no such list. */
function validationItems(parsed: unknown): string[] {
  const detail = (parsed as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail)) return [];
  return detail.map(formatValidationItem).filter((s): s is string => s !== undefined);
}

/**
 * The server's explanation from an error body: FastAPI `{"detail": "…"}` or a validation list, a
 * `message`/`error` string from other servers, or a short plain-text body. HTML pages and long
 * bodies are not explanations, so they give undefined.
 */
function errorDetail(body: string, parsed: unknown): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  if (parsed === undefined)
    return text.length <= 200 && !text.includes('\n') && !text.startsWith('<') ? text : undefined;
  if (parsed === null || typeof parsed !== 'object') return typeof parsed === 'string' ? parsed : undefined;
  const record = parsed as Record<string, unknown>;
  const detail = record.detail ?? record.message ?? record.error;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const items = detail.map(formatValidationItem).filter((s): s is string => s !== undefined);
    return items.length > 0 ? items.join('; ') : undefined;
  }
  return formatValidationItem(detail);
}

/** Where every endpoint lives (docs/api.md); the CLI adds it to the API URL itself. */
const API_PREFIX = '/api/v1/';

/**
 * A 404 that says the path is not served at all (FastAPI's bare `Not Found`, or no explanation)
 * for a request whose API URL had a path of its own (`--api-url https://host/api/v1`): the URL is
 * wrong, not the thing named. Worded as a usage error, as the API URL's other mistakes are, and
 * never as "no such secret" (exit 12), which a script takes for the secret's absence.
 */
function urlPathMistake(f: HttpFailure, detail: string | undefined) {
  // The last one: a path segment holds no `/` (segment.ts encodes it), so what precedes is the URL's.
  const at = f.path.lastIndexOf(API_PREFIX);
  if (f.status !== 404 || at <= 0 || (detail !== undefined && detail !== 'Not Found')) return undefined;
  const prefix = shownPathBare(f.path.slice(0, at));
  const origin = `https://${f.host}`;
  return {
    kind: 'usage' as const,
    message: `${origin} serves no ${shownPathBare(f.path)} (404): the API URL has the path ${prefix}`,
    hint: `the CLI adds /api/v1 itself: give the origin alone, --api-url ${origin} (or FIBONACCI_BASE_URL)`,
  };
}

function describe(
  f: HttpFailure,
  detail: string | undefined,
  items: string[],
): { kind: ErrorKind; message: string; hint?: string } {
  const { status } = f;
  const mistake = urlPathMistake(f, detail);
  if (mistake) return mistake;
  if (status === 401) {
    return {
      kind: 'auth',
      message: `${AUTH_FAILED}${detail ?? 'the server refused the key'}`,
      hint: f.authHint ?? DEFAULT_AUTH_HINT,
    };
  }
  if (status === 403) {
    return {
      kind: 'forbidden',
      message: `not allowed: ${detail ?? 'the key lacks the role, scope or workflow pattern this needs'}`,
      hint: '`fibonacci auth status` shows the role and scopes of the key in use',
    };
  }
  if (status === 404) return { kind: 'not_found', message: `not found: ${detail ?? f.path}` };
  if (status === 429) {
    const asked = f.retryAfterMs;
    const wait =
      asked !== undefined
        ? `wait ${formatLongWait(asked)} (the server's Retry-After${asked >= 90_000 ? `: ${Math.round(asked / 1000)} s` : ''})`
        : 'wait a moment';
    // --retries waits at most RETRY_AFTER_CAP_MS: naming it for a longer wait would send the user
    // round a loop that the server refuses every time.
    const retries =
      asked === undefined || asked <= RETRY_AFTER_CAP_MS
        ? '; --retries sets how often the CLI waits and retries by itself'
        : '';
    return {
      kind: 'rate_limited',
      message: `rate limited by ${f.host}: ${detail ?? 'too many requests'}`,
      hint: `${wait} and try again${retries}`,
    };
  }
  if (USAGE_STATUSES.has(status)) {
    const fallback = status === 413 ? 'request too large' : statusReason(status);
    // Several violations: a count on the error line, then one line each (printError).
    if (items.length > 1) return { kind: 'usage', message: `${items.length} problems with the request` };
    return { kind: 'usage', message: detail ?? fallback };
  }
  if (status >= 500)
    return { kind: 'unexpected', message: `server error ${status}: ${detail ?? statusReason(status)}` };
  if (status >= 300 && status < 400) {
    return {
      kind: 'unexpected',
      message: `unexpected redirect ${status} from ${f.host}${f.location ? ` to ${f.location}` : ''}`,
      hint: 'the CLI never follows redirects; point --api-url (FIBONACCI_BASE_URL) at the final address',
    };
  }
  return {
    kind: 'unexpected',
    message: `unexpected response ${statusReason(status)}${detail ? `: ${detail}` : ''}`,
  };
}

/**
 * The CliError for a non-OK response; `redactText` scrubs the key and any value a caller marked
 * secret, since a server may echo what it was sent.
 */
export function httpError(failure: HttpFailure, redactText: (s: string) => string): CliError {
  // Parsed once, and bounded as a success body is: an error body is walked to word it.
  const parsed = parsedBody(failure.body);
  if (tooDeep(parsed)) return nestedTooDeep(failure, failure.host);
  const items = validationItems(parsed);
  const { kind, message, hint } = describe(failure, errorDetail(failure.body, parsed), items);
  return new CliError(kind, redactText(message), {
    hint: hint === undefined ? undefined : redactText(hint),
    details: USAGE_STATUSES.has(failure.status) ? items.map(redactText) : [],
    status: failure.status,
    requestId: failure.requestId,
  });
}
