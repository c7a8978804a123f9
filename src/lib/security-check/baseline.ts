import { createHash } from 'node:crypto';
import { realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { readRegularFileAtMost, sizeLabel } from '../bounded-read.js';
import { CliError } from '../errors.js';
import { type Distrust, shownDistrustDir, untrusted, untrustedAncestor, WRITE_DIR } from '../file-trust.js';
import { describeFileType, describeFsError } from '../files.js';
import type { IO } from '../io.js';
import { namedFileError, writeNamedFile } from '../output-file.js';
import { shownPathBare } from '../shown-value.js';
import { HASH_VERSION } from './secret-hash.js';
import type { Finding } from './types.js';

// A baseline records findings a team has accepted, so a CI gate fails only on new ones. Each entry
// is rule + path + the salted scrypt of the secret (or of the finding's subject, secret-hash.ts):
// never a line number, so moving code does not churn it, and never the secret nor a fast hash of
// it, so the file is safe to commit. Version 1 held a plain SHA-256: such a file is refused (exit 3)
// with a hint to write a new one, since matching it would mean computing the weak hash again.
// Paths are relative to the scan's root (scan-root.ts) and the file says so (`paths`); a version 2
// file without that field was written relative to the working directory, and a finding matches it
// by either path (the one relative to the working directory hashed again for it: engine.ts).
// With several roots, two repositories' `workflows/a.yaml` are two files: an entry is for one root.
// The baseline's own root is the one holding the baseline file, and its entries say no root, as
// every baseline written before did; an entry for another root names it (`root`, its directory
// relative to the baseline file's), so one written for a root matches that root alone, whatever
// else a later command line names. A baseline in none of the roots has no own root: every entry it
// records names its root, and an entry in it that names none matches nothing. (It once stood for
// the first PATH's root, which is whichever PATH comes first on the command line that reads it:
// `check A --write-baseline ../bl.json` then `check B A --baseline ../bl.json` silenced B's
// `wf.yaml` with A's entry and reported A's; hostile pass 14, H14a-6.)

/** The file `--write-baseline` writes and `--baseline` reads. */
export interface BaselineFile {
  version: typeof HASH_VERSION;
  tool: 'fibonacci security check';
  /** Absent in files written before paths were relative to the scan's root. */
  paths?: typeof ROOT_PATHS;
  findings: Array<{ rule: string; path: string; hash: string; root?: string }>;
}

const ROOT_PATHS = 'relative to the git work tree top level, else the working directory';

/**
 * A baseline read: its keys, whether its paths were written relative to the working directory, and
 * the keys that accepted a finding so far. A baseline written from another root matches nothing,
 * and the report says how many of its entries matched rather than passing over it in silence.
 */
export interface Baseline {
  file: string;
  /** Each entry as `entryKey(root, baselineKey)`. */
  keys: ReadonlySet<string>;
  cwdRelative: boolean;
  matched: Set<string>;
  /** The labels an entry's `root` may have for each root of the scan (bindRoots); unbound: ['']. */
  labels?: ReadonlyArray<readonly string[]>;
}

const entryKey = (root: string, key: string) => `${root}\u0000${key}`;

/** Whether the baseline accepts `f`: by its root and path, or (an older file) by its working-directory path. */
export function accepts(b: Baseline, f: Finding): boolean {
  const key = baselineKey(f);
  for (const label of b.labels?.[f.root ?? 0] ?? ['']) {
    if (!b.keys.has(entryKey(label, key))) continue;
    b.matched.add(entryKey(label, key));
    return true;
  }
  // A path from the working directory names its root already.
  if (!b.cwdRelative || f.legacy === undefined) return false;
  const old = entryKey('', baselineKey({ rule: f.rule, ...f.legacy }));
  if (!b.keys.has(old)) return false;
  b.matched.add(old);
  return true;
}

/**
 * Where the baseline file `file` sits, and which of `roots` (directories) is its own: the deepest
 * holding it, or -1 when none does (then no entry goes without its root, at write and at read).
 */
function placeOf(file: string, cwd: string, roots: readonly string[]): { dir: string; home: number } {
  let dir = dirname(resolve(cwd, file));
  try {
    dir = realpathSync(dir);
  } catch {
    // A baseline in a directory that cannot be resolved: placed by the path as given.
  }
  let home = -1;
  let depth = -1;
  roots.forEach((root, i) => {
    const rel = relative(root, dir);
    const inside = rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
    if (inside && root.length > depth) [home, depth] = [i, root.length];
  });
  return { dir, home };
}

/** `root` relative to the baseline's directory, as an entry names it (`/` separators). */
const rootLabel = (dir: string, root: string) => {
  const rel = relative(dir, root).split(sep).join('/');
  return rel === '' ? '.' : rel;
};

/** Tie a baseline read to the scan's roots (directories, in the report's order). */
export function bindRoots(b: Baseline, cwd: string, roots: readonly string[]): void {
  const { dir, home } = placeOf(b.file, cwd, roots);
  b.labels = roots.map((root, i) => [...(i === home ? [''] : []), rootLabel(dir, root)]);
}

/** How much of the baseline matched the scan's findings (read once the scan has matched them). */
export function baselineUse(b: Baseline): { file: string; entries: number; matched: number } {
  return { file: b.file, entries: b.keys.size, matched: b.matched.size };
}

/** The key a finding is matched by. */
export function baselineKey(f: Pick<Finding, 'rule' | 'path' | 'hash'>): string {
  return `${f.rule}\u0000${f.path}\u0000${f.hash}`;
}

/**
 * The largest baseline read: an entry is about 150 bytes, so this is some 100,000 accepted
 * findings. A path from the repository (`.fibonacci-baseline.json -> /dev/zero`) must not
 * exhaust memory, nor (a FIFO) hold the gate.
 */
export const MAX_BASELINE_BYTES = 16 * 1024 * 1024;

const HINT = 'write one with `fibonacci security check --write-baseline FILE`';

/**
 * Why the baseline at `file` (a regular file, `st`) may not be believed: it silences findings, so
 * whoever could have written it decides what the gate reports. The file must be this user's (or
 * root's) and not writable by others, and so must every directory on the way to its name and to
 * where a link leads (the rule audit export applies to its --output): then nobody else can change
 * or swap it between this check and the read.
 */
function baselineDistrust(file: string, st: Stats): Distrust | undefined {
  // Root in a CI container scans a workspace another uid checked out (and owns): its baseline is
  // as trusted as the code it gates, so long as nobody else may write it or its directories.
  const rule = process.getuid?.() === 0 ? { ...WRITE_DIR, anyOwner: true } : WRITE_DIR;
  const why = untrusted(st, 'file', rule);
  if (why) return { why };
  const abs = resolve(file);
  for (const dir of new Set([dirname(abs), dirname(realpathSync(abs))])) {
    const d = untrustedAncestor(dir, rule);
    if (d) return { ...d, why: `the directory ${shownDistrustDir(d)} is not safe: ${d.why}` };
  }
  return undefined;
}

/** Read a baseline (exit 3 when it cannot be read, is no regular file, is too large or is not one). */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  const cannot = (why: string) =>
    new CliError('config', `cannot read the baseline ${shownPathBare(file)}: ${why}`, { hint: HINT });
  let st: Stats | undefined;
  try {
    st = statSync(file);
  } catch {
    // Not there, or not reachable: the read below says why.
  }
  const distrusted = st?.isFile() ? baselineDistrust(file, st) : undefined;
  if (distrusted) {
    throw new CliError('config', `refusing the baseline ${shownPathBare(file)}: ${distrusted.why}`, {
      hint: distrusted.dir
        ? 'whoever can swap a baseline can silence any finding: keep it in a directory only you can write to'
        : 'whoever can rewrite a baseline can silence any finding: make it yours and writable only by you (`chmod go-w`), or write a new one with `fibonacci security check --write-baseline FILE`',
    });
  }
  try {
    const read = await readRegularFileAtMost(file, MAX_BASELINE_BYTES);
    if ('notRegular' in read) throw cannot(`it is ${describeFileType(read.notRegular)}, not a regular file`);
    if ('tooLarge' in read)
      throw cannot(`it is larger than ${sizeLabel(MAX_BASELINE_BYTES)}, the most a baseline may be`);
    text = read.bytes.toString('utf8');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw cannot(describeFsError(e));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // "a version 2 one is expected" read as if it were a baseline of another version. JSON.parse's
    // own message quotes the text, which may hold anything: not repeated.
    const what = text.trim() === '' ? 'it is empty' : 'it is not JSON';
    throw new CliError('config', `${shownPathBare(file)} is not a security check baseline: ${what}`, {
      hint: HINT,
    });
  }
  const entries = (data as Partial<BaselineFile> | undefined)?.findings;
  if ((data as { version?: unknown } | undefined)?.version === 1) {
    throw new CliError(
      'config',
      `${shownPathBare(file)} is a version 1 baseline: its plain SHA-256 hashes are no longer used, and a short secret can be recovered from them`,
      {
        hint: 'write a new one with `fibonacci security check --write-baseline FILE`, commit it in place of the old one, and rotate the secrets the old one listed',
      },
    );
  }
  const problem = baselineProblem(data);
  if (problem !== undefined) {
    throw new CliError('config', `${shownPathBare(file)} is not a security check baseline: ${problem}`, {
      hint: HINT,
    });
  }
  const paths = (data as Partial<BaselineFile>).paths;
  const rootOf = (e: BaselineFile['findings'][number]) =>
    typeof e.root === 'string' ? posix.normalize(e.root).replace(/\/$/, '') : '';
  return {
    file,
    keys: new Set((entries as BaselineFile['findings']).map((e) => entryKey(rootOf(e), baselineKey(e)))),
    cwdRelative: paths === undefined,
    matched: new Set(),
  };
}

/** A JSON value's kind in words, never its text (a baseline may hold anything): "a number". */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'a string' : `a ${typeof v}`;
}

/**
 * What keeps `data` (parsed JSON) from being a version 2 baseline, in words that name the field
 * and its kind but quote nothing of the file; undefined when it is one. "(a version 2 one is
 * expected)" alone, for a file whose only fault was one entry's hash, sent people hunting.
 */
function baselineProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return `it is ${kindOf(data)}, not an object with "version" and "findings"`;
  const b = data as Record<string, unknown>;
  if (b.version === undefined) return `it has no "version" (a version ${HASH_VERSION} one is expected)`;
  if (b.version !== HASH_VERSION)
    return typeof b.version === 'number' && Number.isSafeInteger(b.version)
      ? `it is version ${b.version} (a version ${HASH_VERSION} one is expected)`
      : `its "version" is ${kindOf(b.version)}, not ${HASH_VERSION}`;
  if (b.paths !== undefined && b.paths !== ROOT_PATHS) return `its "paths" is not "${ROOT_PATHS}"`;
  if (!Array.isArray(b.findings))
    return b.findings === undefined
      ? 'it has no "findings" list'
      : `its "findings" is ${kindOf(b.findings)}, not a list`;
  for (const [i, e] of b.findings.entries()) {
    const entry = `entry ${i + 1} of "findings"`;
    if (typeof e !== 'object' || e === null || Array.isArray(e))
      return `${entry} is ${kindOf(e)}, not an object`;
    const f = e as Record<string, unknown>;
    for (const key of ['rule', 'path'] as const)
      if (typeof f[key] !== 'string')
        return f[key] === undefined
          ? `${entry} has no "${key}"`
          : `${entry} has a "${key}" that is ${kindOf(f[key])}, not a string`;
    if (f.root !== undefined && typeof f.root !== 'string')
      return `${entry} has a "root" that is ${kindOf(f.root)}, not a string`;
    if (typeof f.hash !== 'string' || !/^[0-9a-f]{64}$/.test(f.hash))
      return f.hash === undefined
        ? `${entry} has no "hash"`
        : `${entry} has a "hash" that is ${typeof f.hash === 'string' ? 'a string' : kindOf(f.hash)}, not 64 hexadecimal digits (lower case)`;
  }
  return undefined;
}

/** Where a baseline is written from: the working directory and the scan's roots (directories). */
export interface BaselinePlace {
  cwd: string;
  roots: readonly string[];
}

/** Write the findings as a baseline, atomically (a reader never sees half a file). */
export async function writeBaseline(
  file: string,
  findings: readonly Finding[],
  io?: IO,
  place?: BaselinePlace,
): Promise<number> {
  const where = place === undefined ? undefined : placeOf(file, place.cwd, place.roots);
  const seen = new Set<string>();
  const entries: BaselineFile['findings'] = [];
  for (const f of findings) {
    const i = f.root ?? 0;
    const dir = place?.roots[i];
    const root =
      where === undefined || dir === undefined || i === where.home ? undefined : rootLabel(where.dir, dir);
    const key = entryKey(root ?? '', baselineKey(f));
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ rule: f.rule, path: f.path, hash: f.hash, ...(root === undefined ? {} : { root }) });
  }
  entries.sort((a, b) =>
    entryKey(a.root ?? '', baselineKey(a)).localeCompare(entryKey(b.root ?? '', baselineKey(b))),
  );
  const body: BaselineFile = {
    version: HASH_VERSION,
    tool: 'fibonacci security check',
    paths: ROOT_PATHS,
    findings: entries,
  };
  try {
    await writeNamedFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o644, io });
  } catch (e) {
    throw namedFileError(
      e,
      `cannot write the baseline ${shownPathBare(file)}`,
      'name a regular file (or a pipe or device such as /dev/stdout)',
    );
  }
  return entries.length;
}

/**
 * The findings of a file beyond what a report lists, as the one capped finding's key: a baseline
 * that accepted them accepts those secrets and no others (their count alone would let one be
 * swapped for a new one). Each is a SHA-256 of its rule and secret, the key one SHA-256 of them in
 * sorted order (stable when lines move); only the key's slow hash (secret-hash.ts) is ever written.
 */
export class UnlistedFindings {
  private readonly digests: string[] = [];

  add(rule: string, secret: string): void {
    this.digests.push(
      createHash('sha256')
        .update(`${rule}\u0000${secret.normalize('NFC')}`)
        .digest('hex'),
    );
  }

  get count(): number {
    return this.digests.length;
  }

  key(capped: string): string {
    const all = createHash('sha256').update(this.digests.sort().join('\n')).digest('hex');
    return `${capped}:${this.count}:${all}`;
  }
}
