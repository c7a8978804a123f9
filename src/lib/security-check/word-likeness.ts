// Whether a value under a credential key reads as words, and value shapes that are an address of a
// secret or public data rather than one: the generic rule's controls for values of one kind of
// character (generic-rule.ts), which no character-class count can tell from a random draw.

/**
 * The letter pairs that make up most of English (and of the words in names, `changeme`,
 * `sunshine`): about 190 of the 676 pairs. A word's pairs are mostly among them; a random run of
 * letters has about one pair in four among them.
 */
const COMMON_PAIRS = new Set(
  (
    'th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me ' +
    'de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct us ac ot ' +
    'il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai ' +
    'sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag ' +
    'if ap gr od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ' +
    'ey ls va um pp ua up lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi pt ak pu ui rg ib tl ny ki ' +
    'rk ys ob mm fu ph og ms ye ud mb ip ub oi rl gu dr hr cc tw ft wn nu af hu nn eo vo rv nf xp gn sm ' +
    'fl iz ok nl my gl aw ju oa eq sy sl ps jo ka ze nk sk ya'
  ).split(' '),
);

/** A pair share at or above this reads as words (random letters: about 0.3; words: 0.8 or more, a few pairs across word boundaries aside). */
const WORD_SHARE = 0.75;

/**
 * True when the value's ASCII letters are most of it and their pairs read as words: `changeme2024`,
 * `PASSWORDPASSWORD`, `correcthorsebatterystaple`, `Pa55w0rd-Leak`. Pairs are taken inside runs of
 * letters, and one that crosses a change of case no word is written with (`pU` in `PpUU`, `oA` in
 * `oASSo`; `CorrectHorse` changes at a word's start) is a pair of no word: a random mixed-case run
 * read case-blind reads as words one time in a few thousand (GENPW).
 */
export function readsAsWords(value: string): boolean {
  const runs = value.match(/[A-Za-z]+/g) ?? [];
  const letters = runs.reduce((n, r) => n + r.length, 0);
  if (letters * 5 < [...value].length * 3) return false;
  let pairs = 0;
  let common = 0;
  for (const run of runs) {
    pairs += run.length - 1;
    // The run as words are written: lowercase, Capitalized or in capitals.
    for (const word of run.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [])
      for (let i = 1; i < word.length; i++)
        if (COMMON_PAIRS.has(word.slice(i - 1, i + 1).toLowerCase())) common++;
  }
  return pairs > 0 && common >= WORD_SHARE * pairs;
}

/**
 * Whether the parts of a name (`maxTokensPerRun`, `dbPasswordProd`) read as words by their letter
 * pairs: a random mixed-case run split at its capitals (`dFeHiKfu3Nqgfuch`) gives parts short enough
 * that each passes as a word's, but their pairs are a random draw's (about one in four common).
 */
export function partsReadAsWords(parts: readonly string[]): boolean {
  let pairs = 0;
  let common = 0;
  for (const part of parts) {
    const letters = part.toLowerCase().replace(/[^a-z]/g, '');
    // Three letters or fewer are as often an abbreviation (`npm`, `db`, `aws`) as a word: not judged.
    if (letters.length <= 3) continue;
    for (let i = 1; i < letters.length; i++) {
      pairs++;
      if (COMMON_PAIRS.has(letters.slice(i - 1, i + 1))) common++;
    }
  }
  return common >= NAME_SHARE * pairs;
}

/** The pair share a name's longer parts need (`dbPasswordProd`: 0.75, a random run: about 0.3). */
const NAME_SHARE = 0.7;

/**
 * Values that are an address or public data, whatever key holds them: an ARN names a secret or a
 * key in AWS (`arn:aws:secretsmanager:…:secret:prod/db-AbCdEf`), a `data:` URI of an image is an
 * icon, an SSH `SHA256:` fingerprint identifies a public key.
 */
export function addressShape(value: string): boolean {
  return (
    /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:\S+$/.test(value) ||
    /^data:image\/[a-z0-9.+-]+(?:;[a-z0-9=-]+)*;base64,[A-Za-z0-9+/=]+$/i.test(value) ||
    /^(?:SHA256:[A-Za-z0-9+/]{43}=?|MD5(?::[0-9a-f]{2}){16})$/.test(value)
  );
}

/**
 * A part of a name that reads as a word: letters in one case (or Capitalized) with at most a few
 * digits after them (`v2`, `gpt4`, `base64`), or a short number; a longer one has vowels as words
 * do (a random run of lowercase letters has about one in five). A random run (`3bx7ynkp…`, `m9k4`,
 * `aBcD`, 32 hex digits) is no word, so a key such as Mailgun's `key-…` or Mailchimp's `<hex>-us6`
 * is judged as the secret it is.
 */
export function wordPart(part: string): boolean {
  if (/^[0-9]{1,4}$/.test(part)) return true;
  const m = /^([a-z]+|[A-Z][a-z]+|[A-Z]+)[0-9]{0,3}$/.exec(part);
  if (!m) return false;
  const letters = (m[1] as string).toLowerCase();
  const vowels = letters.match(/[aeiouy]/g)?.length ?? 0;
  if (letters.length < 6) return true;
  // A long run is a word when its letter pairs read as one (a random run of capitals has vowels too).
  return letters.length < 12 ? vowels > 0 : readsAsWords(letters);
}

/** The kind of a character a counted run stays in: a digit, a lowercase or an uppercase ASCII letter. */
function orderKind(code: number): number {
  if (code >= 48 && code <= 57) return 1;
  if (code >= 97 && code <= 122) return 2;
  return code >= 65 && code <= 90 ? 3 : 0;
}

/**
 * The runs of at least `min` characters of one kind counted in order, up or down (`12345`,
 * `987654`, `abcdef`, `WXYZ`), as [from, to) offsets: what a person types, no random draw.
 */
export function orderedRuns(value: string, min: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let from = 0;
  let step = 0;
  for (let i = 1; i <= value.length; i++) {
    const kind = i < value.length ? orderKind(value.charCodeAt(i)) : 0;
    const d = value.charCodeAt(i) - value.charCodeAt(i - 1);
    const goesOn = kind !== 0 && kind === orderKind(value.charCodeAt(i - 1)) && (d === 1 || d === -1);
    if (goesOn && (step === 0 || d === step)) {
      step = d;
      continue;
    }
    if (i - from >= min && step !== 0) runs.push([from, i]);
    // A change of direction (`12321`) starts a run at the turn.
    if (goesOn) {
      from = i - 1;
      step = d;
    } else {
      from = i;
      step = 0;
    }
  }
  return runs;
}
