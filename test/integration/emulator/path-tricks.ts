// Spellings of a path parameter that a server which decodes, normalises or folds text could take
// for another one: encoded and double-encoded separators, dot segments, backslashes, case, Unicode
// look-alikes, control characters and trailing slashes. Each aims at `target`, some through
// `inside` (a thing the caller may reach), and is sent byte for byte.

/** One spelling of a path parameter: `raw` goes into the path as it is. */
export interface PathTrick {
  label: string;
  raw: string;
}

const SEPARATORS: Record<string, string> = {
  'encoded /': '%2F',
  'lower-case encoded /': '%2f',
  'double-encoded /': '%252F',
  'raw \\': '\\',
  'encoded \\': '%5C',
  'double-encoded \\': '%255C',
  'overlong UTF-8 /': '%C0%AF',
  'fullwidth solidus': '%EF%BC%8F',
  'division slash': '%E2%88%95',
  'fraction slash': '%E2%81%84',
};
const DOTS: Record<string, string> = {
  '..': '..',
  'encoded ..': '%2E%2E',
  'lower-case encoded ..': '%2e%2e',
  'half-encoded ..': '.%2E',
  'double-encoded ..': '%252E%252E',
  'overlong UTF-8 ..': '%C0%AE%C0%AE',
  'two-dot leader': '%E2%80%A5',
  'fullwidth ..': '%EF%BC%8E%EF%BC%8E',
};
const SUFFIXES: Record<string, string> = {
  NUL: '%00',
  space: '%20',
  tab: '%09',
  newline: '%0A',
  plus: '+',
  semicolon: ';x',
  'encoded ?': '%3Fx',
  'encoded #': '%23x',
  'encoded *': '%2A',
  'combining accent': '%CC%81',
  'zero-width space': '%E2%80%8B',
  'invalid UTF-8': '%FF',
  'encoded surrogate': '%ED%A0%80',
};
/** Cyrillic letters that render like Latin ones. */
const LOOKALIKES: Record<string, string> = {
  a: 'а',
  c: 'с',
  e: 'е',
  i: 'і',
  o: 'о',
  p: 'р',
  s: 'ѕ',
  x: 'х',
  y: 'у',
  A: 'А',
  E: 'Е',
  I: 'І',
  K: 'К',
  O: 'О',
  P: 'Р',
  S: 'Ѕ',
  T: 'Т',
  X: 'Х',
};

function spell(text: string, separator: string): string {
  return text.split('/').map(encodeURIComponent).join(separator);
}
function swapCase(text: string): string {
  return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}
function fullwidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => (c === '/' ? c : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
}
function percentEncodeAll(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** Every trick aimed at `target`, some through `inside`. */
export function pathTricks(target: string, inside: string): PathTrick[] {
  const t = spell(target, '%2F');
  const i = spell(inside, '%2F');
  const out: PathTrick[] = [];
  const add = (label: string, raw: string) => out.push({ label, raw });
  for (const [name, sep] of Object.entries(SEPARATORS)) {
    add(`target with ${name}`, spell(target, sep));
    add(`inside/../target with ${name}`, `${spell(inside, sep)}${sep}..${sep}${spell(target, sep)}`);
    add(`wf_/../target with ${name}`, `wf_${sep}..${sep}${spell(target, sep)}`);
    add(`leading ${name}`, `${sep}${spell(target, sep)}`);
    add(`trailing ${name}`, `${spell(target, sep)}${sep}`);
  }
  for (const [name, dots] of Object.entries(DOTS)) {
    add(`inside/${name}/target`, `${i}%2F${dots}%2F${t}`);
    add(`${name}/target`, `${dots}%2F${t}`);
    add(`target/${name}`, `${t}%2F${dots}`);
  }
  add('./target', `.%2F${t}`);
  add('target/.', `${t}%2F.`);
  add('doubled /', spell(target, '%2F%2F'));
  add('raw dot segment', `${i}/../${t}`);
  add('raw trailing /', `${t}/`);
  add('upper case', spell(target.toUpperCase(), '%2F'));
  add('lower case', spell(target.toLowerCase(), '%2F'));
  add('swapped case', spell(swapCase(target), '%2F'));
  add('Cyrillic look-alikes', spell([...target].map((c) => LOOKALIKES[c] ?? c).join(''), '%2F'));
  add('fullwidth letters', spell(fullwidth(target), '%2F'));
  for (const [name, s] of Object.entries(SUFFIXES)) {
    add(`${name} after`, `${t}${s}`);
    add(`${name} before`, `${s}${t}`);
  }
  add('wf_ prefix', `wf_${t}`);
  add('padded past any name', `${t}${'A'.repeat(2000)}`);
  // Spellings that decode to the target itself: a router may accept them, as the same thing.
  add('the target itself', t);
  add('every byte percent-encoded', percentEncodeAll(target));
  return out;
}

/** The parameter as a router decodes it (once), or undefined when it is not valid UTF-8. */
export function decodedOnce(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
