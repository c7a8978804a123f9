import { plural } from './display/plural.js';
import { parseDurationSeconds } from './duration.js';
import { MIN_PROXY_PREFIX, proxyTrustProblems, validProxyEntry } from './proxy-trust.js';

// The platform server's settings rules (docs/emulator.md "Settings"): which values are valid and which
// are unsafe in production. Pure, so the emulator's startup check and `security check`'s production
// .env rules judge with the same code, not with two copies that drift apart.

export type AppEnv = 'development' | 'staging' | 'production';
export type SecretsBackendName = 'db' | 'aws_secrets_manager';

/** Validated server settings. */
export interface ServerSettings {
  appEnv: AppEnv;
  /** Present only to be checked; the emulator signs no sessions. */
  sessionSecretKey: string | undefined;
  enableDocs: boolean;
  enableDeveloperRoutes: boolean;
  /** Socket peers whose X-Forwarded-For is believed (IPs or CIDR ranges). */
  trustedProxyHosts: string[];
  secretsBackend: SecretsBackendName;
  awsRegion: string | undefined;
  awsSecretsPrefix: string;
  /** Requests per window per key; undefined: the server's default. */
  rateLimit: number | undefined;
  rateLimitWindowMs: number;
}

/** One startup finding: fatal ones stop the start, warnings are printed and the server starts. */
export interface Finding {
  severity: 'fatal' | 'warning';
  variable: string;
  /** What is wrong and how to fix it, naming the variable. */
  message: string;
  /** A hint to show when this is the only fatal finding. */
  hint?: string;
}

export const SETTINGS_VARIABLES = [
  'APP_ENV',
  'SESSION_SECRET_KEY',
  'ENABLE_DOCS',
  'ENABLE_DEVELOPER_ROUTES',
  'TRUSTED_PROXY_HOSTS',
  'SECRETS_BACKEND',
  'AWS_REGION',
  'AWS_SECRETS_PREFIX',
  'FIBONACCI_EMULATOR_RATE_LIMIT',
] as const;

export const MIN_SESSION_SECRET_LENGTH = 32;
export const APP_ENVS: readonly AppEnv[] = ['development', 'staging', 'production'];
const BACKENDS: readonly SecretsBackendName[] = ['db', 'aws_secrets_manager'];
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

/** The settings of a server started with no configuration at all. */
export const DEFAULT_SETTINGS: ServerSettings = {
  appEnv: 'development',
  sessionSecretKey: undefined,
  enableDocs: false,
  enableDeveloperRoutes: false,
  trustedProxyHosts: [],
  secretsBackend: 'db',
  awsRegion: undefined,
  awsSecretsPrefix: '',
  rateLimit: undefined,
  rateLimitWindowMs: 60_000,
};

/**
 * What security check judges a SESSION_SECRET_KEY reference (`${SESSION_SECRET}`) as: a value filled
 * in at deploy time, which passes every rule here (its text is not judged).
 */
export const FILLED_SESSION_SECRET = 'filled-in-at-deploy-time-0123456789';

/** Fewer different characters than this in a session secret: not a random value (hex has 16). */
export const MIN_SESSION_SECRET_DISTINCT = 8;
/** Words of a value left as the example said: `change-me`, `replace_this`, `your-secret-key`, `example`. */
const PLACEHOLDER =
  /(?:change|replace)[-_ .]?(?:me|this|it)\b|placeholder|example|your[-_ .]?(?:secret|session|key)/i;

/**
 * How a session secret long enough falls short of random, in words that never repeat it: white
 * space only, one piece repeated (`abab…`, a hex run written twice), a handful of characters, or a
 * placeholder's words. Undefined when none holds.
 */
export function weakSecret(value: string): string | undefined {
  const chars = [...value];
  if (value.trim() === '') return 'is only white space';
  const n = chars.length;
  if (n <= 4096) {
    for (let p = 1; p <= n / 2; p++) {
      if (n % p !== 0) continue;
      const piece = chars.slice(0, p).join('');
      if (piece.repeat(n / p) === value) return `repeats a piece of ${plural(p, 'character')}`;
    }
  }
  const distinct = new Set(chars).size;
  if (distinct < MIN_SESSION_SECRET_DISTINCT)
    return `uses only ${distinct} different characters (a random one of this length uses many more)`;
  if (PLACEHOLDER.test(value)) return 'reads like a placeholder left in, not a random value';
  return undefined;
}

/** Parse `N` (per minute) or `N/DURATION` (`5/2s`); null when invalid. */
function parseRate(text: string): { limit: number; windowMs: number } | null {
  const [count, per, ...rest] = text.trim().split('/');
  if (rest.length > 0 || !/^\d{1,9}$/.test(count ?? '') || Number(count) < 1) return null;
  if (per === undefined) return { limit: Number(count), windowMs: 60_000 };
  const seconds = parseDurationSeconds(per);
  return seconds ? { limit: Number(count), windowMs: seconds * 1000 } : null;
}

/**
 * A value as a message shows it: whole when it has at most 4 characters, else its first 4 and its
 * length. Someone pastes a secret into the wrong variable; the startup log and security check's
 * report must not print it.
 */
export function shownValue(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return `"${value}"`;
  return `"${chars.slice(0, 4).join('')}…" (${chars.length} characters)`;
}

function parseBool(vars: Record<string, string>, name: string, findings: Finding[]): boolean {
  const raw = vars[name];
  if (raw === undefined) return false;
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (!FALSE.has(v)) {
    findings.push({
      severity: 'fatal',
      variable: name,
      message: `${name}=${shownValue(raw)} is not a boolean; set it to true or false`,
    });
  }
  return false;
}

/**
 * Judge the settings and return them with every finding at once (never only the first).
 * Invalid values are fatal in every environment; hardening findings (session secret, docs,
 * developer routes) are fatal in production, warnings in staging and silent in development.
 * `judgeAs` applies one environment's hardening whatever APP_ENV says (security check's
 * `.env.production`), while an APP_ENV that is no environment is still its own finding.
 */
export function evaluateSettings(
  vars: Record<string, string>,
  judgeAs?: AppEnv,
): {
  settings: ServerSettings;
  findings: Finding[];
} {
  const findings: Finding[] = [];
  const fatal = (variable: string, message: string) =>
    findings.push({ severity: 'fatal', variable, message });

  let appEnv: AppEnv = 'development';
  const rawEnv = vars.APP_ENV?.trim().toLowerCase();
  if (rawEnv !== undefined && rawEnv !== '') {
    if ((APP_ENVS as readonly string[]).includes(rawEnv)) appEnv = rawEnv as AppEnv;
    else
      fatal(
        'APP_ENV',
        `APP_ENV=${shownValue(vars.APP_ENV ?? '')} is unknown; set it to development, staging or production`,
      );
  }
  if (judgeAs) appEnv = judgeAs;
  const hardening = (variable: string, message: string) => {
    if (appEnv === 'production') findings.push({ severity: 'fatal', variable, message });
    else if (appEnv === 'staging') findings.push({ severity: 'warning', variable, message });
  };

  const session = vars.SESSION_SECRET_KEY;
  const sessionLength = session === undefined ? 0 : [...session].length;
  const weakness =
    session === undefined || sessionLength < MIN_SESSION_SECRET_LENGTH ? undefined : weakSecret(session);
  if (session === undefined || session === '') {
    hardening(
      'SESSION_SECRET_KEY',
      `SESSION_SECRET_KEY is not set; set it to a random string of at least ${MIN_SESSION_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  } else if (sessionLength < MIN_SESSION_SECRET_LENGTH) {
    hardening(
      'SESSION_SECRET_KEY',
      `SESSION_SECRET_KEY has ${sessionLength} characters; use at least ${MIN_SESSION_SECRET_LENGTH} (e.g. \`openssl rand -hex 32\`)`,
    );
  } else if (weakness !== undefined) {
    hardening(
      'SESSION_SECRET_KEY',
      `SESSION_SECRET_KEY is not a random value: it ${weakness}; set it to a random string of at least ${MIN_SESSION_SECRET_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`,
    );
  }
  // A true value is quoted as it is written (`ENABLE_DOCS=1`, not `=true`): one of true, 1, yes, on.
  const enableDocs = parseBool(vars, 'ENABLE_DOCS', findings);
  if (enableDocs)
    hardening(
      'ENABLE_DOCS',
      `ENABLE_DOCS=${vars.ENABLE_DOCS?.trim()} exposes /docs and /openapi.json; set ENABLE_DOCS=false`,
    );
  const enableDeveloperRoutes = parseBool(vars, 'ENABLE_DEVELOPER_ROUTES', findings);
  if (enableDeveloperRoutes) {
    hardening(
      'ENABLE_DEVELOPER_ROUTES',
      `ENABLE_DEVELOPER_ROUTES=${vars.ENABLE_DEVELOPER_ROUTES?.trim()} exposes /api/v1/dev/shell; set ENABLE_DEVELOPER_ROUTES=false`,
    );
  }

  const trustedProxyHosts = (vars.TRUSTED_PROXY_HOSTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const badHosts = trustedProxyHosts.filter((h) => !validProxyEntry(h));
  if (badHosts.length > 0) {
    fatal(
      'TRUSTED_PROXY_HOSTS',
      `TRUSTED_PROXY_HOSTS has entries that are not IP addresses: ${badHosts.map(shownValue).join(', ')}; list the proxies' IPs (or CIDR ranges), comma-separated`,
    );
  } else if (trustedProxyHosts.length === 0 && appEnv === 'production') {
    findings.push({
      severity: 'warning',
      variable: 'TRUSTED_PROXY_HOSTS',
      message:
        "TRUSTED_PROXY_HOSTS is not set: X-Forwarded-For is ignored and audit ip_address is the socket peer; set it to your load balancers' IPs",
    });
  } else {
    // Clients, not proxies, would be trusted: any of them picks the address the network rules judge
    // and the audit log records, by sending X-Forwarded-For. Judged over the whole list (two halves
    // cover everyone as /0 does). Hardening: fatal in production, a warning elsewhere (a local
    // emulator behind a proxy of unknown address may want it), where the value is honoured.
    const { everyone, tooWide } = proxyTrustProblems(trustedProxyHosts);
    const message = everyone
      ? `TRUSTED_PROXY_HOSTS=${(tooWide.length > 0 ? tooWide : trustedProxyHosts).join(', ')} trusts every client's X-Forwarded-For: any client can choose the address ip_allowlist judges and the audit log records; list only your load balancers' IPs or CIDR ranges`
      : tooWide.length > 0
        ? `TRUSTED_PROXY_HOSTS=${tooWide.join(', ')} is wider than any proxy list needs (an IPv4 range wider than /${MIN_PROXY_PREFIX.ipv4}, an IPv6 one wider than /${MIN_PROXY_PREFIX.ipv6}): the clients in it can choose the address ip_allowlist judges and the audit log records; list only your load balancers' IPs or CIDR ranges`
        : undefined;
    if (message !== undefined) {
      if (appEnv === 'production') fatal('TRUSTED_PROXY_HOSTS', message);
      else findings.push({ severity: 'warning', variable: 'TRUSTED_PROXY_HOSTS', message });
    }
  }

  let secretsBackend: SecretsBackendName = 'db';
  const rawBackend = vars.SECRETS_BACKEND?.trim();
  if (rawBackend !== undefined && rawBackend !== '') {
    if ((BACKENDS as readonly string[]).includes(rawBackend))
      secretsBackend = rawBackend as SecretsBackendName;
    else
      fatal(
        'SECRETS_BACKEND',
        `SECRETS_BACKEND=${shownValue(rawBackend)} is unknown; set it to db or aws_secrets_manager`,
      );
  }
  const awsRegion = vars.AWS_REGION?.trim() || undefined;
  if (secretsBackend === 'aws_secrets_manager' && awsRegion === undefined) {
    fatal(
      'AWS_REGION',
      'SECRETS_BACKEND=aws_secrets_manager needs AWS_REGION; set it, e.g. AWS_REGION=eu-west-1',
    );
  }

  let rateLimit: number | undefined;
  let rateLimitWindowMs = 60_000;
  const rawRate = vars.FIBONACCI_EMULATOR_RATE_LIMIT;
  if (rawRate !== undefined && rawRate.trim() !== '') {
    const rate = parseRate(rawRate);
    if (rate) ({ limit: rateLimit, windowMs: rateLimitWindowMs } = rate);
    else {
      // Worded as before per-period limits existed (`5/2s` is documented in `help environment`).
      findings.push({
        severity: 'fatal',
        variable: 'FIBONACCI_EMULATOR_RATE_LIMIT',
        message: `FIBONACCI_EMULATOR_RATE_LIMIT must be a positive integer, not ${shownValue(rawRate)}`,
        hint: 'unset it, or give --rate-limit N',
      });
    }
  }

  return {
    settings: {
      appEnv,
      sessionSecretKey: session || undefined,
      enableDocs,
      enableDeveloperRoutes,
      trustedProxyHosts,
      secretsBackend,
      awsRegion,
      awsSecretsPrefix: vars.AWS_SECRETS_PREFIX ?? '',
      rateLimit,
      rateLimitWindowMs,
    },
    findings,
  };
}
