import type { CredentialRule } from './credential-rules.js';
import { shannonEntropy } from './entropy.js';

// High-entropy literals under names that hold credentials (`api_key: …`, `"clientSecret": "…"`,
// `DB_PASSWORD=…`): the catch-all after the provider formats. Its false-positive controls, beyond
// the shared ones: a minimum length and entropy (gitleaks' generic rule uses 3.5 bits), at least two
// character classes, and values shaped like names rather than secrets (`OPENAI_API_KEY`,
// `max-tokens-per-run`, URLs, numbers) are left alone, as are keys that name a secret instead of
// holding one (`secret_name`, `token_url`).

/** Names that hold a credential (matched case-insensitively inside the key). */
const CREDENTIAL_NAME = 'key|token|secret|passw(?:or)?d|pwd|credential|authorization';

/**
 * The words of a key that make it a credential's name: the key is split into words (`_ . -` and
 * camelCase), so `api_key`, `apiKey` and `API_KEY` count and `keyboard` or `monkey` do not.
 */
const CREDENTIAL_WORDS = new Set(
  'key keys apikey secretkey accesskey privatekey signingkey masterkey token tokens apitoken authtoken accesstoken refreshtoken secret secrets clientsecret password passwd pwd credential credentials authorization auth'.split(
    ' ',
  ),
);

function namesCredential(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/);
  return words.some((w) => CREDENTIAL_WORDS.has(w));
}

/** Keys that describe a credential rather than hold it. */
const DESCRIBING_KEY =
  /(?:_|-|\b)(?:name|id|ids|url|uri|path|file|env|type|ref|header|field|count|limit|length|ttl|expiry|expires|version|format)$/i;

const MIN_LENGTH = 12;
export const MIN_GENERIC_ENTROPY = 3.5;

function classes(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
}

/** Escaped line breaks inside a quoted value: `\n`, `\r`, `\r\n`. */
const ESCAPED_LINE_BREAKS = /(?:\\[nr])+/;

/** One line of a value: long, random and not shaped like a name. */
export function secretLike(value: string): boolean {
  return (
    value.length >= MIN_LENGTH &&
    !looksLikeName(value) &&
    classes(value) >= 2 &&
    shannonEntropy(value) >= MIN_GENERIC_ENTROPY
  );
}

/** Values shaped like names, identifiers or numbers: not secrets, however random they look. */
function looksLikeName(value: string): boolean {
  return (
    /^[A-Z][A-Z0-9_]*$/.test(value) || // an environment variable's name
    /^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+$/.test(value) || // snake, kebab or dotted words
    /^[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(value) || // camelCase words
    /^[0-9.:_-]+$/.test(value) || // numbers, versions, dates, times
    value.includes('://')
  );
}

/**
 * The generic rule: the key is group 1, the value group 3. A key starts only where a word starts
 * (the lookbehind) and both key and value are bounded, so a long run of letters costs linear time;
 * unanchored, the key's backtracking was quadratic in the run's length (a 1 MiB line: minutes).
 */
/** The generic rule's pattern, with `#` a character of the value or the end of it. */
function genericPattern(hashEndsValue: boolean): RegExp {
  const value = `[^\\s"'\`${hashEndsValue ? '#' : ''},;{}\\[\\]()<>]{${MIN_LENGTH},1024}`;
  return new RegExp(
    `(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,64}?(?:${CREDENTIAL_NAME})[A-Za-z0-9_.-]{0,64})["']?[ \\t]*[:=][ \\t]*(["']?)(${value})\\2`,
    'dgi',
  );
}

/**
 * In YAML and JSON a `#` inside a value is one of its characters (`password: Xk9#mP2…`; a YAML
 * comment needs a blank before it); in a dotenv file an unquoted value ends at it, as dotenv and
 * Node's --env-file read it: DOTENV_GENERIC_RULE is the same rule for those files.
 */
export const GENERIC_RULE: CredentialRule = {
  id: 'generic-credential-entropy',
  level: 'error',
  description:
    'A high-entropy literal under a credential-like name (*key*, *token*, *secret*, *password*, authorization)',
  fix: 'move it to the secret store (`fibonacci secret set NAME`) and reference it as {{secrets.NAME}}; rotate the exposed value',
  keywords: ['key', 'token', 'secret', 'passw', 'pwd', 'credential', 'authorization'],
  pattern: genericPattern(false),
  group: 3,
  accept: (value, match) => {
    const key = /^[A-Za-z0-9_.-]*/.exec(match)?.[0] ?? '';
    if (!namesCredential(key) || DESCRIBING_KEY.test(key)) return false;
    // A double-quoted YAML or JSON string (and dotenv's) writes its line breaks as `\n`:
    // `"OPENAI_API_KEY\nANTHROPIC_API_KEY"` is two lines, judged one by one as the same value
    // written as a block is (decoded-scalars.ts), not one value holding a backslash.
    return value.split(ESCAPED_LINE_BREAKS).some(secretLike);
  },
};

export const DOTENV_GENERIC_RULE: CredentialRule = { ...GENERIC_RULE, pattern: genericPattern(true) };
