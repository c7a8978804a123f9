import { holdsCredential } from './credential-names.js';
import type { CredentialRule } from './credential-rules.js';
import { alphabetBits, isPlaceholder, isReference, literalRuns, shannonEntropy } from './entropy.js';
import { addressShape, orderedRuns, partsReadAsWords, readsAsWords, wordPart } from './word-likeness.js';

// High-entropy literals under names that hold credentials (`api_key: …`, `"clientSecret": "…"`,
// `DB_PASSWORD=…`): the catch-all after the provider formats. Its false-positive controls, beyond
// the shared ones: a minimum length and entropy (gitleaks' generic rule uses 3.5 bits over two
// character classes or more; a value of one kind of character is judged against its own alphabet
// and by whether it reads as words: word-likeness.ts), and values shaped like names or addresses
// rather than secrets (`OPENAI_API_KEY`, `max-tokens-per-run`, URLs, versions, ARNs) are left
// alone, as are keys that name or describe a secret instead of holding one (`secret_name`,
// `token_url`, `SecretArn`: credential-names.ts).
// A value is judged whole, whatever characters it holds: a generated password is drawn from every
// printable character (AWS Secrets Manager's default), so a value that stopped at `(` or `;` missed
// nearly all of them. Only a blank ends a value: generated secrets hold none, prose does.

/** Names that may hold a credential (a first cut; holdsCredential judges the key's words). */
const CREDENTIAL_NAME = 'key|token|secret|pass|pw|cred|auth';

const MIN_LENGTH = 12;
export const MIN_GENERIC_ENTROPY = 3.5;

/**
 * A value of one kind of character (32 lowercase letters, 20 digits, 24 hex digits, CJK, Cyrillic,
 * emoji) is judged against its own alphabet: at least this many bits (length × log2 of the
 * alphabet: 13 digits, 8 Cyrillic letters or CJK characters; an ASCII value also needs the rule's
 * 12 characters), spread as a random draw spreads them, and not reading as words. A number under a credential key is a credential once it is this long (a port or
 * a timeout is no credential key's value).
 */
const MIN_BITS = 40;
/** The shortest value written in another script than ASCII (CJK, Cyrillic, emoji) that is judged. */
const MIN_CHARACTERS = 8;
/** Shannon entropy at least this share of a random draw's from the same alphabet and length. */
const MIN_SPREAD = 0.7;

function classes(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(value)).length;
}

/** Escaped line breaks inside a quoted value: `\n`, `\r`, `\r\n`. */
const ESCAPED_LINE_BREAKS = /(?:\\[nr])+/;

/** A UUID (any version, either case), or a run of 16 hex digits or more in one case. */
const HEX_SHAPE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[0-9A-F]{16,})$/i;
const ONE_CASE = /^[^A-F]*$|^[^a-f]*$/;

/**
 * A UUID or a long run of hex digits: what an API key, a session token or `secrets.token_hex()`
 * is written as. Under a credential key it is one whatever its entropy (a random 16-hex value
 * often has under 3.5 bits, and a UUID's dashes put it past the alphabet test's spread: found
 * sometimes, by chance), unless it is no draw at all: fewer than 6 distinct hex digits
 * (`aaaa1111bbbb2222`, the nil UUID; a random 16-digit run has about 10) or a shorter run
 * repeated (`deadbeefdeadbeef`). A non-credential key (`id`, `request_id`) never gets here.
 */
export function hexCredential(value: string): boolean {
  if (!HEX_SHAPE.test(value) || !ONE_CASE.test(value)) return false;
  const digits = value.replace(/-/g, '').toLowerCase();
  return new Set(digits).size >= 6 && !/^(.+)\1+$/.test(digits);
}

/** Symbols a password manager draws from that no name, path or note is written with. */
const GENERATED_SYMBOL = /[!#$%^&*+=?~|<>'"`\\]/;

/**
 * What a password manager or a `pwgen -sy` makes: 16 to 64 characters of letters in both cases
 * and digits or symbols, with a symbol no name is written with (`Tr0ub4dor&3x!Qz9`, `YWQH4*Kuh9!$^#FQ`),
 * spread as a draw is and not reading as words. Its symbols cut it into short runs that each read
 * as a name's part (`YWQH4`, `Kuh9`), so the name test took one in a few hundred for words
 * between punctuation; a name's separators are `-`, `_`, `.`, `/`, `:`, `;`, `@`, brackets.
 */
function generatedPassword(value: string): boolean {
  const n = value.length;
  if (n < 8 || n > 64 || !GENERATED_SYMBOL.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value))
    return false;
  if (value.includes('://') || addressShape(value) || readsAsWords(value)) return false;
  if (n < 16) return shortGenerated(value);
  return shannonEntropy(value) >= GENERATED_ENTROPY;
}

/** The letters a leetspeak password writes as digits and symbols (`P@ssw0rd!` is `Password`). */
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/**
 * 8 to 15 characters as `pwgen -sy 8` and a password manager's short setting make them
 * (`G7p#L2w9`, `mF7#qZ2!`): letters in both cases, a digit and a symbol no name is written with,
 * at most one character drawn twice (two from 10 characters on), and no word of 4 letters or more
 * in it, in leetspeak either (`P@ssw0rd!`, `Summer2024!`, `Welc0me#1` are a person's words: a
 * default, not a draw). Below 16 characters the spread test above cannot tell them (SC-PWGEN:
 * each was missed, under `password:` too).
 */
function shortGenerated(value: string): boolean {
  const drawnTwice = value.length - new Set(value).size;
  if (!/[0-9]/.test(value) || drawnTwice > (value.length < 10 ? 1 : 2)) return false;
  const plain = value.replace(/[013457@$!]/g, (c) => LEET[c] ?? c);
  return !(plain.match(/[A-Za-z]{4,}/g) ?? []).some(readsAsWords);
}

/**
 * The spread a generated password needs: its letters in both cases and its symbol say what it is,
 * and 16 random characters of 70 repeat a few (3.0 bits is 8 distinct characters' worth).
 */
const GENERATED_ENTROPY = 3.0;

/**
 * A reference in a line judged whole as a generated password: a template (`{{ … }}`, `${…}`), or a
 * bare `$NAME` standing between a name's separators (`db-$ENV/key`, `$DB_PASSWORD`). One next to a
 * symbol a password manager draws (`*$PNI9DX!`, `$CHVR2!`) is characters of the password.
 */
const TEMPLATE = /\{\{|\$\{/;
const BARE_REFERENCE =
  /(?<=^|[-_./:@=,;])\$(?:[A-Z_][A-Z0-9_]{2,}|[a-z_][a-z0-9_]{2,}|[A-Z][a-z0-9]{2,})(?=$|[-_./:@=,;])/g;

/**
 * Whether a line is written around references (TEMPLATE, BARE_REFERENCE). A bare `$NAME` counts
 * only when what is around it holds no symbol a password manager draws: in `KZ_a^~t?#&-$i47n` or
 * `Sr1j=$Uni..c~z.M` it is characters of the password, and taking it for a variable cut the value
 * into runs too short to judge (GENPW).
 */
function templated(line: string): boolean {
  if (TEMPLATE.test(line)) return true;
  const rest = line.replace(BARE_REFERENCE, '');
  return rest !== line && !GENERATED_SYMBOL.test(rest);
}

/** One line of a value: long, random, no blank in it, and not shaped like a name or an address. */
export function secretLike(value: string): boolean {
  if (/\s/.test(value)) return false;
  if (hexCredential(value) || generatedPassword(value)) return true;
  if (looksLikeName(value) || addressShape(value)) return false;
  if (value.length >= MIN_LENGTH && classes(value) >= 2 && shannonEntropy(value) >= MIN_GENERIC_ENTROPY)
    return true;
  return randomInItsAlphabet(value);
}

/** The alphabet-relative test: enough bits for its alphabet, spread at random, and no words. */
function randomInItsAlphabet(value: string): boolean {
  const n = [...value].length;
  // ASCII values keep the generic rule's length (a 9-character run beside a reference is none);
  // a character of another script carries 5 to 11 bits, so 8 of them suffice.
  if (n < (/^[\x00-\x7f]*$/.test(value) ? MIN_LENGTH : MIN_CHARACTERS)) return false;
  const perCharacter = alphabetBits(value);
  if (n * perCharacter < MIN_BITS) return false;
  const expected = Math.log2(Math.min(n, 2 ** perCharacter));
  return shannonEntropy(value) >= MIN_SPREAD * expected && !readsAsWords(value);
}

/** Whether every part is a word, and the parts are as long as a name's (a random run's are not). */
function words(value: string, separators: RegExp): boolean {
  const parts = value.split(separators).filter((p) => p !== '');
  return parts.join('').length >= parts.length * 3 && parts.every(wordPart);
}

/** camelCase words: each part a word's shape, and their letter pairs a name's, not a random draw's. */
function camelWords(value: string): boolean {
  return words(value, /(?=[A-Z])/) && partsReadAsWords(value.split(/(?=[A-Z])/));
}

/** Values shaped like names, identifiers, calls or numbers: not secrets, however random they look. */
function looksLikeName(value: string): boolean {
  return (
    (/^[A-Z][A-Z0-9_]*$/.test(value) && words(value, /_+/)) || // an environment variable's name
    (/^[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(value) && camelWords(value)) || // camelCase words
    // Words between punctuation: snake, kebab or dotted names, paths, a vault reference
    // (`((vault:secret/key))`, `Secret[prod/db-password]`), a note (`ask-ops;rotate(monthly)`).
    (/[A-Za-z0-9][^A-Za-z0-9]+[A-Za-z0-9]/.test(value) && words(value, /[^A-Za-z0-9]+/)) ||
    // A list of names (`apiKey,dbPassword,authToken`, `DB_PASSWORD;API_KEY`): which secrets, not one.
    (/^[^,;]+(?:[,;][^,;]+)+$/.test(value) &&
      value.split(/[,;]/).every((item) => wordPart(item) || looksLikeName(item))) ||
    /^[A-Za-z_$][\w$.]*\([^()]*\)$/.test(value) || // a call (`getPassword()`), not its result
    /^(?=.*[.:_-])[0-9.:_-]+$/.test(value) || // versions, dates, times (a bare number: the bits)
    value.includes('://')
  );
}

/**
 * A value made of words and characters counted in order (`test-api-key-12345`,
 * `sk-test-1234567890`, `admin12345678`, `ABCDEFGHIJKL1234`): what a person types for an example or
 * a default, never a draw. Its runs of 3 or more in order (`123`, `98765`, `abcdef`), 4 characters
 * at least, are taken out; what is left is words, or nothing. The counted run looked random enough
 * for the entropy test (SC-DEFAULT: each was reported as a hardcoded credential).
 */
function countedPlaceholder(value: string): boolean {
  const runs = orderedRuns(value, 3);
  if (runs.reduce((n, [from, to]) => n + to - from, 0) < 4) return false;
  let rest = '';
  let at = 0;
  for (const [from, to] of runs) {
    rest += `${value.slice(at, from)} `;
    at = to;
  }
  rest += value.slice(at);
  const parts = rest.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  return parts.every(wordPart) && partsReadAsWords(parts);
}

/**
 * The value test, one value as a whole (a parser's decoded string, or a quoted value cut out of a
 * line): not a placeholder, and some line of it secret-like between its references (a reference is
 * never a finding, the literal beside it can be: entropy.ts). A double-quoted YAML or
 * JSON string (and dotenv's) writes its line breaks as `\n`: `"OPENAI_API_KEY\nANTHROPIC_API_KEY"`
 * is two lines, judged one by one as the same value written as a block is, not one value holding a
 * backslash.
 */
export function secretValue(value: string): boolean {
  if (isReference(value) || isPlaceholder(value) || countedPlaceholder(value)) return false;
  const lines = value.split(/\r?\n|\r/).flatMap((line) => line.split(ESCAPED_LINE_BREAKS));
  // Blanks around a line are no part of it (`" Xk9m… "`, a quoted value with a blank inside the
  // quotes): the secret is what is between them; a blank inside a line still makes it prose.
  return lines.some((raw) => {
    const line = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (!templated(line) && !/\s/.test(line) && generatedPassword(line)) return true;
    return literalRuns(line).some(secretLike);
  });
}

/** The generic rule's judge of a (key, value) pair a parser gave: the key by its words, the value whole. */
export function genericCredential(name: string, value: string): boolean {
  return holdsCredential(name) && secretValue(value);
}

// The key: from a word's start (the lookbehind), the credential word, then what a key holds up to
// its `:` (blanks, brackets, `?`, `!`: `Admin Password (prod)`, `api_key[0]`), but no `=` unless a
// `:` follows it (`--token=` in a command line is a value's start) and no quote or comma.
const KEY = `(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,64}?(?:${CREDENTIAL_NAME})(?:[^\\r\\n:=,"'\`{}]|=(?=["']?[ \\t]*:)){0,64}?)`;

/**
 * The value group: a quoted value runs to its closing quote whatever it holds (`\"` escaped in
 * double quotes, `''` in single ones); an unquoted one runs to a blank, without the quotes, commas
 * and brackets that end it (`{api_key: X…}`, `"…",`), and cannot start with a quote, a flow
 * indicator or YAML's `&`, `*`, `!`, `|`, `>`.
 * Each quoted run stops at the next quote of its kind, so however long, the runs the pattern
 * tries from the quotes of one line are disjoint: linear, with no bound needed (a value over
 * 1,024 characters is still one value).
 */
function valuePattern(hashEndsValue: boolean): string {
  const h = hashEndsValue ? '#' : '';
  const other = `[^\\s${h}"'\`,\\]}]`;
  // A closing bracket, a comma or a quote is the value's only where the value goes on after it, and
  // never a comma before a quote or a quote before a colon (`512,"api_key":` in compact JSON).
  const plain = `${other}|[\\]}]+(?=${other})|,(?=[^\\s${h}"'\`,\\]}])|["'\`](?=[^\\s${h}"'\`,\\]}:])`;
  return [
    `(?<=")(?:[^"\\\\\\r\\n]|\\\\.){${MIN_CHARACTERS},}(?=")`,
    `(?<=')(?:[^'\\r\\n]|''){${MIN_CHARACTERS},}(?=')`,
    `(?<=\`)[^\`\\r\\n]{${MIN_CHARACTERS},}(?=\`)`,
    `(?<!["'\`])[^\\s${h}"'\`{}\\[\\],;&*!|>](?:${plain}){${MIN_CHARACTERS - 1},1023}`,
  ].join('|');
}

/** The generic rule: the key is group 1, the value group 3 (group 2 its opening quote). */
function genericPattern(hashEndsValue: boolean): RegExp {
  return new RegExp(`${KEY}["']?[ \\t]*[:=][ \\t]*(["'\`]?)(${valuePattern(hashEndsValue)})`, 'dgi');
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
  keywords: ['key', 'token', 'secret', 'pass', 'pw', 'cred', 'auth'],
  pattern: genericPattern(false),
  group: 3,
  judgesReferences: true,
  accept: (value, match) => holdsCredential(match[1] ?? '') && secretValue(value),
};

export const DOTENV_GENERIC_RULE: CredentialRule = { ...GENERIC_RULE, pattern: genericPattern(true) };
