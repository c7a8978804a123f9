import type { CredentialRule } from './credential-rules.js';
import { secretLike } from './generic-rule.js';

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
    /(?:authorization|auth[_-]?header)["']?[ \t]*[:=][ \t]*["']?[ \t]*(?!(?:bearer|basic|digest|aws4-hmac-sha256)[ \t])[A-Za-z][A-Za-z0-9._-]{0,31}[ \t]+([^\s"'`,;{}[\]()<>\\]{12,1024})(?=[\s"'`,;)\]}>\\]|$)/dgi,
  group: 1,
  accept: (token) => secretLike(token),
};
