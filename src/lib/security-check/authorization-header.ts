import type { CredentialRule } from './credential-rules.js';
import { containsReference, isPlaceholder, isReference, shannonEntropy } from './entropy.js';
import { secretLike } from './generic-rule.js';

// The credential in an Authorization header, whatever its scheme word (the bearer rule, with the
// provider rules, is in credential-rules.ts).
//
// `Authorization: Basic <base64 of user:password>` (RFC 7617). Worse than a bearer token: anyone
// who reads the file decodes the password. The scheme word alone proves little (prose says "basic"
// often), so the false-positive controls are on what the credential decodes to, as gitleaks'
// curl-auth-header and detect-secrets' basic-auth plugin judge the credential rather than the
// word: canonical base64 (re-encoding gives the same text back), valid UTF-8 without control
// characters, a `:` between user and password, and a password that is neither empty, a reference
// (`${PASS}`, `{{secrets.X}}`), a placeholder (`password`, `xxxx`, `changeme`) nor a documented
// example. A reference in place of the base64 (`Basic {{secrets.CREDS}}`, `Basic ${CREDS}`) is not
// base64 and never matches. An API key sent as the user with an empty password (`sk_…:`, as curl
// -u KEY: sends it) counts when the user is long and random enough to be a key.

/** Passwords that stand for "a password goes here", as the URL rule judges them. */
const PASSWORD_WORDS = /^(?:pass(?:word)?|passwd|secret|pwd|user(?:name)?|\*+|x+)$/i;

/** Examples every tutorial carries: RFC 7617's and MDN's. Not secrets. */
const KNOWN_EXAMPLES = new Set(['Aladdin:open sesame', 'Aladdin:OpenSesame']);

/** Below this, a password is a template's filler (`a`, `aa`), as in the URL rule. */
const MIN_PASSWORD_ENTROPY = 2.0;
/** A key sent as the user with no password: as long and random as the generic rule asks. */
const MIN_KEY_LENGTH = 16;
const MIN_KEY_ENTROPY = 3.5;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** `user:password` when `text` is canonical base64 of printable UTF-8 holding a `:`; else null. */
export function decodeBasic(text: string): { user: string; password: string } | null {
  const bytes = Buffer.from(text, 'base64');
  const unpadded = (s: string) => s.replace(/=+$/, '');
  if (bytes.length === 0 || unpadded(bytes.toString('base64')) !== unpadded(text)) return null;
  let decoded: string;
  try {
    decoded = UTF8.decode(bytes);
  } catch {
    return null;
  }
  if (/[\u0000-\u001f\u007f-\u009f]/.test(decoded)) return null;
  const colon = decoded.indexOf(':');
  if (colon === -1 || KNOWN_EXAMPLES.has(decoded)) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const filler = (value: string) =>
  isReference(value) || containsReference(value) || isPlaceholder(value) || PASSWORD_WORDS.test(value);

/** Whether the decoded pair is a credential someone could use. */
export function isBasicCredential(text: string): boolean {
  const pair = decodeBasic(text);
  if (pair === null) return false;
  const { user, password } = pair;
  if (password === '') {
    return user.length >= MIN_KEY_LENGTH && shannonEntropy(user) >= MIN_KEY_ENTROPY && !filler(user);
  }
  return !filler(password) && shannonEntropy(password) >= MIN_PASSWORD_ENTROPY;
}

export const BASIC_AUTHORIZATION_RULE: CredentialRule = {
  id: 'basic-authorization',
  level: 'error',
  description:
    'A literal HTTP Basic credential (base64 of user:password, as an Authorization header sends it)',
  fix: 'write the header as `Authorization: Basic {{secrets.BASIC_AUTH}}` and store the base64 with `fibonacci secret set BASIC_AUTH`; change the password',
  keywords: ['basic'],
  // The scheme word is case-insensitive (RFC 9110), then the token68 in base64's alphabet, ending
  // where a value ends: a `$` or `{` after it is a reference spliced on, never a literal's end.
  pattern: /(?<![A-Za-z0-9_-])basic[ \t]+([A-Za-z0-9+/]{8,4096}={0,2})(?=[\s"'`,;)\]}>\\]|$)/dgi,
  group: 1,
  accept: (secret) => isBasicCredential(secret),
};

// An Authorization header holds a credential whatever its scheme word: `Token …` (Django REST,
// GitHub's older form), `ApiKey …`, `SSWS …` (Okta), `Bot …` (Discord), a vendor's own word. The
// bearer and Basic rules judge their two schemes; this one takes the token after any other word,
// with the generic rule's controls (12 characters or more, two character classes, 3.5 bits of
// entropy, not shaped like a name), since a scheme word says nothing about the token's shape.
// Left to others: Digest (its parameters are a per-request hash, never the password) and
// AWS4-HMAC-SHA256 (its access key id has its own rule; the signature is per request).
export const SCHEME_AUTHORIZATION_RULE: CredentialRule = {
  id: 'scheme-authorization',
  level: 'error',
  description: 'A literal credential after a scheme word (Token, ApiKey, SSWS, …) in an Authorization header',
  fix: 'write the header as `Authorization: Token {{secrets.API_TOKEN}}` (its own scheme word) and store the token with `fibonacci secret set API_TOKEN`; revoke the exposed one',
  keywords: ['authorization', 'auth_header', 'auth-header', 'authheader'],
  // The header's name (or a variable named for it: AUTH_HEADER, authHeader), then one scheme word,
  // then the token, ending where a value ends: a `$` or `{` after it is a reference spliced on,
  // never a literal's end.
  pattern:
    /(?:authorization|auth[_-]?header)["']?[ \t]*[:=][ \t]*(?:["'][ \t]*)?(?!(?:bearer|basic|digest|aws4-hmac-sha256)[ \t])[A-Za-z][A-Za-z0-9._-]{0,31}[ \t]+([^\s"'`,;{}[\]()<>\\]{12,1024})(?=[\s"'`,;)\]}>\\]|$)/dgi,
  group: 1,
  accept: (token) => secretLike(token),
};
