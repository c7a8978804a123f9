// The false-positive controls every credential rule shares, after those of gitleaks and
// trufflehog: Shannon entropy of a candidate, and the values that are never secrets (references to a
// secret store or a variable, template placeholders, documentation examples).

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  const n = [...text].length;
  for (const k of counts.values()) {
    const p = k / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// `{{secrets.NAME}}` (the fix), `${VAR}`/`$VAR`/`%VAR%` (shell and CI variables), `<token>`, and
// template expressions `{{ … }}` / `${{ … }}`: a reference, never a literal. A bare `$VAR` is one
// when VAR is shaped like a variable's name: in one case (`$DB_PASSWORD`, `$db_password`), or
// camelCase or PascalCase words (`$dbPassword`, `$DbPassword2`); `$ZnvS0TLKnc9UQJ5` is a generated
// password that starts with a `$`, which taken for a variable was never judged. Not a shell parameter
// with a word (`${GH_TOKEN:-ghp_…}`, `${X:=…}`, `${X-…}`, `${X:+…}`): its word is literal text that
// the shell uses when the variable is unset (or set), written in the file; it is judged as any
// literal (hostile pass 14, H14a-17: the whole was taken for a reference and never reported).
const REFERENCE =
  /^(?:\{\{.*\}\}|\$\{\{.*\}\}|\$\{(?![A-Za-z_][A-Za-z0-9_]*:?[-=?+])[^}]*\}|\$(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*|[a-z_][a-z0-9_]*(?:[A-Z][a-z0-9_]+)+|(?:[A-Z][a-z0-9_]+)+)|%[A-Za-z_][A-Za-z0-9_]*%|<[^<>]*>)$/;

// Words that mark a documentation value. A word counts written in one case (`your`, `YOUR`, `Your`),
// never in a random token's mixed case (`yOuR`), and only where it reads as a word: next to a
// separator inside the value (`your-key`, `sk-your…`, `…_TODO`) or as most of it (`changeme`).
// Random tokens hold a short word in some case about once in a few thousand, and the start or end
// of a token's random part is no word edge; the token rules check the part after their prefix.
const PLACEHOLDER_WORDS = [
  'your',
  'xxxx',
  'changeme',
  'change-me',
  'change_me',
  'example',
  'placeholder',
  'dummy',
  'redacted',
  'replace',
  'insert',
  'sample',
  'fixme',
  'todo',
  '****',
  '....',
  '…',
];

/** Public example values that documentation everywhere carries (not secrets, and seen daily). */
const KNOWN_EXAMPLES = new Set([
  // jwt.io's example token
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  // AWS's documented example access key and secret
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
]);

/**
 * A shell parameter with a word, the whole value (`${API_KEY:-sk_live_…}`, `${X:=…}`): the word and
 * where it starts in `value`, without the blanks around it (an unquoted value's match ends before
 * the closing brace). The word is the literal a rule judged
 * (literalRuns), so it is the finding's own span: its preview, mask, hash and column are the word's,
 * not the expression's (`${AP…` showed the start of the reference, PREVIEW).
 */
export function shellDefault(value: string): { at: number; word: string } | undefined {
  const m = /^(\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=?+][ \t]*)([^}]*?)[ \t]*\}?$/.exec(value);
  const word = m?.[2];
  if (m === null || word === undefined || word === '') return undefined;
  return { at: (m[1] as string).length, word };
}

/** True for a reference to a secret or variable (`{{secrets.X}}`, `${VAR}`, `$VAR`, `<token>`). */
export function isReference(value: string): boolean {
  return REFERENCE.test(value.trim());
}

/**
 * True when the value contains a reference anywhere (`Bearer {{secrets.KEY}}`, `sk-${SUFFIX}`,
 * `sk-$SUFFIX`). A bare `$NAME` counts only where a word could start (the value's start, or after
 * a character that is not a letter or digit), and only when NAME is shaped like a variable's name
 * (three characters or more in one case, or Capitalized, up to a character that is no letter or
 * digit): inside a run of letters and digits (`Zq8$Lm3n…`), or before a random run (`,$yK8P…`,
 * `~$Q%` in a generated password), a `$` is one more character of a password, and taking it for
 * a variable hid the whole value.
 */
export function containsReference(value: string): boolean {
  return /\{\{|\$\{(?![A-Za-z_][A-Za-z0-9_]*:?[-=?+])|(?:^|[^A-Za-z0-9$])\$(?:[A-Z_][A-Z0-9_]{2,}|[a-z_][a-z0-9_]{2,}|[A-Z][a-z0-9]{2,})(?![A-Za-z0-9])/.test(
    value,
  );
}

/**
 * The references of a value, to split it at: `{{ … }}` to its first `}}`, `${…}`, a bare `$NAME` as
 * containsReference reads it. An opening without its close (`{{E}s…`, `${q9e(` in a generated
 * password) is two characters of the literal, not a template.
 */
const REFERENCES =
  /\{\{.*?\}\}|\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=?+]|(?<=\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=?+][^}]*)\}|\$\{[^}]*\}|(?<=^|[^A-Za-z0-9$])\$(?:[A-Z_][A-Z0-9_]{2,}|[a-z_][a-z0-9_]{2,}|[A-Z][a-z0-9]{2,})(?![A-Za-z0-9])/g;

/**
 * The literal text of a value between its references: what a deploy does not fill in. A run that is
 * a secret on its own is one, a `$ZYG` beside it or not; `sk-$SUFFIX` or `pre_${X}_x9Kq` has none.
 */
export function literalRuns(value: string): string[] {
  return value.split(REFERENCES).filter((run) => run !== '');
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/** True when `value` holds `word` in one of its single-case forms, read as a word (above). */
function holdsWord(value: string, word: string): boolean {
  const forms = new Set([word, word.toUpperCase(), word[0]?.toUpperCase() + word.slice(1)]);
  const letters = value.replace(/[^A-Za-z0-9]/g, '').length;
  const edge = (c: string | undefined) => c !== undefined && !isWordChar(c);
  for (const form of forms) {
    for (let at = value.indexOf(form); at !== -1; at = value.indexOf(form, at + 1)) {
      if (edge(value[at - 1]) || edge(value[at + form.length])) return true;
      if (form.length * 2 >= letters) return true;
    }
  }
  return false;
}

/** True for a placeholder or documentation value: never reported, whatever its shape. */
export function isPlaceholder(value: string): boolean {
  const v = value.toLowerCase();
  if (KNOWN_EXAMPLES.has(value)) return true;
  if (PLACEHOLDER_WORDS.some((w) => holdsWord(value, w))) return true;
  // One character repeated (`aaaaaaaa`, `00000000`) or a short pattern repeated (`abcabcabc`).
  return /^(.{1,4})\1{3,}$/.test(v);
}

/** The characters of `text` that follow a known prefix (`ghp_`, `sk-`), for per-rule entropy checks. */
export function entropyAfter(text: string, prefixLength: number): number {
  return shannonEntropy(text.slice(prefixLength));
}

// The alphabet a value is drawn from, by the kinds of character in it: a random value's strength is
// its length times log2 of that alphabet's size, whatever the alphabet (32 lowercase letters are
// 150 bits, 20 digits 66, 16 CJK characters over 180), where Shannon entropy over the value's own
// characters caps a one-kind alphabet below any fixed bar (hex at 4 bits, digits at 3.3).
const ALPHABETS: readonly [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[!-/:-@[-`{-~]/, 32],
  [/\p{Script=Han}/u, 3000], // the characters in everyday use
  [/\p{Script=Hangul}/u, 2350],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 90],
  [/\p{Extended_Pictographic}/u, 1000],
  [/\p{Ll}/u, 33], // another script's lowercase letters (Cyrillic's 33, Greek's 24, …)
  [/\p{Lu}/u, 33],
];

/** Bits per character of the alphabet `text` is drawn from (0 for an empty one). */
export function alphabetBits(text: string): number {
  // Hex digits in one case are an alphabet of their own (digests, `token_hex`), not letters and digits.
  if (/^(?:[0-9a-f]+|[0-9A-F]+)$/.test(text) && /[a-fA-F]/.test(text) && /[0-9]/.test(text)) return 4;
  const kinds = new Set<number>();
  for (const c of new Set(text)) kinds.add(ALPHABETS.findIndex(([r]) => r.test(c)));
  // Each kind counts once, however many of its characters occur; a character of no kind above
  // (a mark, a symbol of another block) counts as a small alphabet of its own.
  let size = 0;
  for (const k of kinds) size += k === -1 ? 16 : (ALPHABETS[k] as [RegExp, number])[1];
  return size === 0 ? 0 : Math.log2(size);
}
