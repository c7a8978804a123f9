import { BASIC_AUTHORIZATION_RULE, SCHEME_AUTHORIZATION_RULE } from './authorization-header.js';
import { COMMAND_LINE_RULE } from './command-line.js';
import type { RuleInfo } from './types.js';

// The hardcoded-credential rules. Shapes follow the providers' documented token formats, as
// gitleaks, trufflehog and secretlint encode them; each rule also has a keyword pre-filter (the
// regex runs only on files that contain one), an entropy floor on the random part, and the shared
// placeholder/reference controls of entropy.ts. Order matters: when two rules match the same text,
// the earlier (more specific) one reports it. Every quantifier that backtracks is bounded, so no
// input (files are up to 1 MiB) makes a pattern superlinear.

/** A rule that finds a credential by its shape. */
export interface CredentialRule extends RuleInfo {
  /** Lower-case substrings; the pattern runs only when the lower-cased file contains one. */
  keywords: readonly string[];
  /** Global, with indices (`dg`); `group` is the secret. */
  pattern: RegExp;
  group: number;
  /** Minimum Shannon entropy (bits per character) of the secret after `skip` characters. */
  minEntropy?: number;
  skip?: number;
  /** `accept` judges a secret holding a reference itself (else such a secret is never a finding). */
  judgesReferences?: boolean;
  /** Extra check on the secret (and the match, with its groups); false drops the candidate. */
  accept?: (secret: string, match: RegExpExecArray) => boolean;
  /** Report at the match's start instead of the secret's (a private key's BEGIN line). */
  reportAtMatch?: boolean;
  /** The secret as hashed and previewed (a private key's body without line breaks or indentation). */
  normalize?: (secret: string) => string;
}

const MOVE = 'move it to the secret store (`fibonacci secret set NAME`) and reference it as {{secrets.NAME}}';

function jwtHeaderHasAlg(token: string): boolean {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof header.alg === 'string';
  } catch {
    return false;
  }
}

const compact = (s: string) => s.replace(/\\[nr]|\s/g, '');

/** Every credential rule, most specific first. */
export const CREDENTIAL_RULES: readonly CredentialRule[] = [
  {
    id: 'fibonacci-api-key',
    level: 'error',
    description: 'A Fibonacci API key (fib_live_… or fib_test_…)',
    fix: `${MOVE}; revoke the key with \`fibonacci auth revoke-key\``,
    keywords: ['fib_live_', 'fib_test_'],
    pattern: /\b(fib_(?:live|test)_[A-Za-z0-9]{20,})(?![A-Za-z0-9])/dg,
    group: 1,
    minEntropy: 3.5,
    skip: 9,
  },
  {
    id: 'aws-access-key-id',
    level: 'error',
    description: 'An AWS access key id (AKIA…, ASIA…)',
    fix: `${MOVE}; deactivate the key in IAM`,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/dg,
    group: 1,
    minEntropy: 3.0,
  },
  {
    id: 'aws-secret-access-key',
    level: 'error',
    description: 'An AWS secret access key under an aws_secret_access_key name',
    fix: `${MOVE}; deactivate the key in IAM`,
    keywords: ['aws_secret', 'awssecret', 'aws-secret'],
    pattern:
      /aws[_-]?secret[_-]?(?:access[_-]?)?key["']?\s*[:=]\s*(?:["'][ \t]*)?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
    group: 1,
    minEntropy: 4.0,
  },
  {
    id: 'github-token',
    level: 'error',
    description: 'A GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    fix: `${MOVE}; revoke the token in GitHub's settings`,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/dg,
    group: 1,
    minEntropy: 3.0,
    skip: 4,
  },
  {
    id: 'gitlab-token',
    level: 'error',
    description: 'A GitLab personal access token (glpat-…)',
    fix: `${MOVE}; revoke the token in GitLab`,
    keywords: ['glpat-'],
    pattern: /\b(glpat-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/dg,
    group: 1,
    minEntropy: 3.0,
    skip: 6,
  },
  {
    id: 'slack-token',
    level: 'error',
    description:
      'A Slack token (xoxb-, xoxp-, xoxa-, …, an app-level xapp-, a configuration xoxe.xoxp- or xoxe-)',
    fix: `${MOVE}; revoke the token in Slack's app settings`,
    keywords: ['xox', 'xapp-'],
    // Bot, user and legacy tokens; an app-level token (`xapp-1-A…-<digits>-<hex>`); a configuration
    // access token (`xoxe.xoxp-1-…`, 163 to 166 characters after its prefix) and its refresh token
    // (`xoxe-1-…`, 146): the shapes gitleaks' slack-app-token and slack-config-* rules match.
    pattern:
      /\b(xapp-\d-[A-Za-z0-9]{8,16}-\d{8,16}-[A-Za-z0-9]{32,128}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166}|xoxe-\d-[A-Za-z0-9]{146}|xox[abeoprs]-[0-9]{8,13}-[0-9A-Za-z-]{10,})(?![0-9A-Za-z-])/dg,
    group: 1,
    minEntropy: 3.0,
    skip: 5,
  },
  {
    id: 'slack-webhook-url',
    level: 'error',
    description: 'A Slack incoming-webhook URL',
    fix: `${MOVE}; regenerate the webhook in Slack`,
    keywords: ['hooks.slack.com'],
    pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/dg,
    group: 1,
  },
  {
    id: 'stripe-secret-key',
    level: 'error',
    description: 'A Stripe secret or restricted key (sk_live_, sk_test_, rk_…)',
    fix: `${MOVE}; roll the key in Stripe's dashboard`,
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    pattern: /\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})(?![0-9A-Za-z])/dg,
    group: 1,
    minEntropy: 3.0,
    skip: 8,
  },
  {
    id: 'anthropic-api-key',
    level: 'error',
    description: 'An Anthropic API key (sk-ant-…)',
    fix: `${MOVE}; revoke the key in the Anthropic console`,
    keywords: ['sk-ant-'],
    pattern: /\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])/dg,
    group: 1,
    minEntropy: 3.5,
    skip: 14,
  },
  {
    id: 'openai-api-key',
    level: 'error',
    description: 'An OpenAI API key (sk-…T3BlbkFJ…, sk-proj-…)',
    fix: `${MOVE}; revoke the key in OpenAI's dashboard`,
    keywords: ['t3blbkfj', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-'],
    pattern:
      /\b(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,256}T3BlbkFJ[A-Za-z0-9_-]{20,256}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/dg,
    group: 1,
    minEntropy: 3.5,
    skip: 3,
  },
  {
    id: 'google-api-key',
    level: 'error',
    description: 'A Google API key (AIza…)',
    fix: `${MOVE}; delete or restrict the key in the Google Cloud console`,
    keywords: ['aiza'],
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/dg,
    group: 1,
    minEntropy: 3.0,
    skip: 4,
  },
  {
    id: 'npm-token',
    level: 'error',
    description: 'An npm access token (npm_…)',
    fix: `${MOVE}; revoke the token with \`npm token revoke\``,
    keywords: ['npm_'],
    pattern: /\b(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/dg,
    group: 1,
    minEntropy: 3.0,
    skip: 4,
  },
  {
    id: 'private-key',
    level: 'error',
    description: 'A private key block (-----BEGIN … PRIVATE KEY-----)',
    fix: `${MOVE} (multi-line values survive \`fibonacci secret set NAME --from-file key.pem\`); replace the key pair`,
    keywords: ['private key'],
    pattern:
      /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----((?:[\sA-Za-z0-9+/=:,]|-(?!----)|\\[nr]){1,16384}?)-----END/dg,
    group: 1,
    reportAtMatch: true,
    normalize: compact,
    accept: (body) => {
      const b = compact(body);
      return b.length >= 64 && /^[A-Za-z0-9+/=:,-]+$/.test(b);
    },
  },
  {
    id: 'jwt',
    level: 'error',
    description: 'A JSON Web Token (eyJ….eyJ….…)',
    fix: `${MOVE}; rotate the signing key if the token does not expire soon`,
    keywords: ['eyj'],
    pattern:
      /\b(eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{16,4096})(?![A-Za-z0-9_.-])/dg,
    group: 1,
    accept: jwtHeaderHasAlg,
  },
  {
    id: 'url-credentials',
    level: 'error',
    description: 'A password in a URL (scheme://user:password@host), e.g. a database connection string',
    fix: `${MOVE}, or build the URL from {{secrets.NAME}}; change the password`,
    keywords: ['://'],
    // The password runs to the authority's LAST `@` (RFC 3986 parsers, WHATWG URL and curl read it
    // so: `app:Xk9m@Q2vL…@db` is the password `Xk9m@Q2vL…`), and may hold a `'` (a sub-delim).
    pattern: /\b[A-Za-z][A-Za-z0-9+.-]{1,20}:\/\/[^\s:@/"'`]{0,100}:([^\s/"`]{4,200})@[A-Za-z0-9[]/dg,
    group: 1,
    minEntropy: 2.0,
    accept: (password) => !/^(?:pass(?:word)?|secret|pwd|user(?:name)?|\*+)$/i.test(password),
  },
  BASIC_AUTHORIZATION_RULE,
  COMMAND_LINE_RULE,
  {
    id: 'bearer-authorization',
    level: 'error',
    description: 'A literal bearer token in an Authorization header',
    fix: 'write the header as `Authorization: Bearer {{secrets.API_KEY}}` and store the token with `fibonacci secret set API_KEY`; revoke the exposed one',
    keywords: ['bearer'],
    // The header, or a variable named for it (AUTH_HEADER, authHeader): a .env file has no header.
    // The blanks around an optional quote as `\s*(?:["']\s*)?`, never `\s*["']?\s*`: two runs of
    // blanks side by side split a long run every way (a 64 KB run after `authorization:` took 4 s).
    pattern: /(?:authorization|auth[_-]?header)["']?\s*[:=]\s*(?:["']\s*)?bearer\s+([^\s"',;}\])]{8,})/dgi,
    group: 1,
    minEntropy: 2.5,
  },
  SCHEME_AUTHORIZATION_RULE,
];
