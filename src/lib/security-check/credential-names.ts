// Which key names hold a credential, judged by the key's words: the generic rule (generic-rule.ts)
// asks this of a key cut out of a line and of a key a parser already gave as a string, so both
// read a name alike, whatever characters stand between its words (`Admin Password (prod)`,
// `api_key[0]`, `"db_password?"`).

/** Words that name a credential when they are a word of the key (`api_key`, not `keyboard`). */
const CREDENTIAL_WORDS = new Set(
  (
    'key keys apikey token tokens secret secrets password passwd pwd credential credentials authorization auth ' +
    // A key's short forms: `DB_PASS`, `smtpPass`, `DB_PW`, `creds`, `gpg_passphrase`.
    'pass pw cred creds passphrase'
  ).split(' '),
);

/**
 * Words that name a credential wherever they stand in a run-together word (`dbpassword`,
 * `oldpassword`, `refreshtoken`, `clientsecret`): none of them hides inside an everyday word the
 * way `key` does in `keyboard` and `monkey`, so `key` counts only as a word or in the compounds below
 * (`pass` and `pw` too: `bypass`, `compass`). A word that says there is none (`passwordless`) is none.
 */
const INSIDE_A_WORD = /(?:passw(?:or)?d|passphrase|secret|token|credential|authorization)(?!less)/;

/** Run-together forms of `key`, `pwd`, `pass` and `pw`: `apikey`, `privatekey`, `dbpwd`, `smtppass`. */
const COMPOUND =
  /(?:api|secret|access|private|signing|master|encryption|session|client|auth|license|app|admin|root|db)keys?$|pwd$|(?:db|smtp|admin|root|user|ftp|mail|redis|ldap|sql|app|api|wifi)(?:pass|pw)$/;

/**
 * Words after the credential word that make the key describe one rather than hold it: its name,
 * address or metadata (`secret_name`, `SecretArn`, `KmsKeyArn`), a digest or fingerprint of it
 * (`token_hash`, `password_sha1`, `host_key_fingerprint`), the rules it must follow
 * (`password_pattern`, `password_policy`), or text and pictures shown beside it (`password_label`,
 * `app_key_icon`).
 */
const DESCRIBING_WORDS = new Set(
  (
    'name names id ids url uri path file env type ref header field count limit length ttl expiry expires version format ' +
    'arn arns fingerprint fingerprints hash hashes hashed digest checksum sha md pattern patterns regex regexp policy ' +
    'rotation label labels localized placeholder hint icon image'
  ).split(' '),
);

/** A word before the credential word that makes it public: `public_key_pem`, `publishable_key`. */
const PUBLIC_WORDS = new Set(['public', 'pub', 'publishable']);

/**
 * Kinds of `key` that are no credential: a lookup's or a cache's key (`cache_key`, `partition_key`,
 * `idempotency_key`), an integrity digest (`npm_integrity_key`), a translation's (`label_key`).
 */
const NOT_A_SECRET_KEY = new Set(
  'cache integrity partition sort primary foreign idempotency routing lookup label translation i18n object group dedup dedupe shard row index unique composite map'.split(
    ' ',
  ),
);

/**
 * A key's words, lower-cased: split at every character that is not an ASCII letter (separators,
 * blanks, brackets, digits: `db_password2` is `db password`), at a case change (`apiKey`), and
 * after an acronym (`DBPassword` is `db password`, `JWTSecret` is `jwt secret`); `passWord` stays
 * one word.
 */
export function keyWords(key: string): string[] {
  const words = key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');
  // `passWord` and `passPhrase` are one word written in two cases, not `pass` and `word`.
  for (let i = words.length - 2; i >= 0; i--)
    if (words[i] === 'pass' && /^(?:word|wd|phrase)$/.test(words[i + 1] as string))
      words.splice(i, 2, `pass${words[i + 1]}`);
  return words;
}

function credentialWord(word: string): boolean {
  return CREDENTIAL_WORDS.has(word) || INSIDE_A_WORD.test(word) || COMPOUND.test(word);
}

/**
 * Whether a key holds a credential: one of its words names one, no word after the last such word
 * says the key describes it instead (`secret_name`, `token_url`, `api_key_header`, `tokenType`), no
 * word before it says it is public, and a `key` is not a cache's or a lookup's.
 */
export function holdsCredential(key: string): boolean {
  const words = keyWords(key);
  let last = -1;
  words.forEach((w, i) => {
    if (credentialWord(w)) last = i;
  });
  if (last === -1 || words.slice(last + 1).some((w) => DESCRIBING_WORDS.has(w))) return false;
  if (words.slice(0, last).some((w) => PUBLIC_WORDS.has(w))) return false;
  const credential = words[last] as string;
  return !(/^keys?$/.test(credential) && NOT_A_SECRET_KEY.has(words[last - 1] ?? ''));
}
