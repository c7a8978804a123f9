import type { Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { classify, type FileKind, walkedKind } from './file-kinds.js';
import { followable } from './follow-link.js';
import { type Tracked, trackedFiles, type Untold } from './git-tracked.js';
import { GitIgnores } from './gitignore.js';
import { entryName } from './names.js';
import { type ShownPath, showPath } from './path-tokens.js';
import type { ScanRoots } from './scan-root.js';
import type { CredentialMatch } from './scan-text.js';
import type { FileError, Skipped } from './types.js';

/** A file to read: `path` for reports (relative to the scan's root, scan-root.ts), `abs` to open (its bytes when its name is not UTF-8). */
export interface Candidate {
  path: string;
  /** The index of the root `path` is relative to (scan-root.ts). */
  root: number;
  abs: string | Buffer;
  kind: FileKind;
  /** Named on the command line: reported as skipped when it turns out not to be a workflow. */
  explicit: boolean;
  /** Tokens in the path itself (`path` shows them masked): findings of this file. */
  nameTokens: CredentialMatch[];
  /** The text itself, when it is not read from `abs` (what `workflow create` is about to upload). */
  text?: string;
  /** A pipe named on the command line (`<(…)`: `/dev/fd/63`), read to its end (read-file.ts). */
  pipe?: boolean;
  /** Where the directory entry is (a walk's own: its directories real, a link not followed), to see it once. */
  place?: string | Buffer;
}

/** Directories never walked (listed as skipped): installed packages. `.git` is not even listed. */
const NEVER_WALKED = new Set(['node_modules']);
const IGNORED = 'ignored by .gitignore';
/** How deep the walk goes below a target directory. */
const MAX_DEPTH = 256;

/** Where the walk reports what it did not scan and what it could not read (each entry with its root). */
export interface WalkSink {
  skipped(s: Skipped): void;
  error(e: FileError): void;
}

/** The sink of one root: every entry it is given is marked with that root. */
function rootSink(sink: WalkSink, root: number): WalkSink {
  if (root === 0) return sink;
  return {
    skipped: (s) => sink.skipped({ ...s, root }),
    error: (e) => sink.error({ ...e, root }),
  };
}

/** `a/b/c` relative to the scan's root (`/` separators, whatever the platform), not masked. */
function relativePath(base: string, abs: string): string {
  const rel = relative(base, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** relativePath as every report shows it: escaped (names.ts), any token in it masked (path-tokens.ts). */
function shownPath(base: string, abs: string): ShownPath {
  return showPath(Buffer.from(relativePath(base, abs), 'utf8'));
}
const displayPath = (base: string, abs: string): string => shownPath(base, abs).path;

/** The entry `raw` of the directory `dir` as it is shown, by its bytes (its name may not be UTF-8). */
function shownEntry(base: string, dir: string, raw: Buffer): ShownPath {
  const parent = relativePath(base, dir);
  return showPath(Buffer.concat([Buffer.from(parent === '.' ? '' : `${parent}/`, 'utf8'), raw]));
}

/**
 * The files to scan under `targets` (relative to `cwd`), in a stable order, each shown relative to
 * its target's root (scan-root.ts). Honours .gitignore; a symbolic link is followed only to a regular file
 * inside the same tree (its real path is checked), never to a directory (no loops) and never out
 * of the tree.
 */
export async function* walk(
  targets: readonly string[],
  cwd: string,
  roots: ScanRoots,
  allSinks: WalkSink,
): AsyncGenerator<Candidate> {
  // Overlapping targets (`security check . workflows`, `sub sub/wf.yaml`, `sub link-to-sub`) name a
  // file once: scanned and reported once, by where its directory entry really is (its directories'
  // links resolved, not its own: a link inside the tree is still its own entry), under the first
  // name a target reached it by. What is skipped or unreadable is listed once too (hostile pass 14,
  // H14a-12: each was listed, counted and, for a file, scanned once per target that reached it).
  const seen = new Set<string>();
  const walked = new Set<string>();
  const listed = new Set<string>();
  const once = (key: string) => {
    if (listed.has(key)) return false;
    listed.add(key);
    return true;
  };
  const unique: WalkSink = {
    skipped: (s) => {
      if (once(`s\u0000${s.root ?? 0}\u0000${s.path}\u0000${s.reason}`)) allSinks.skipped(s);
    },
    error: (e) => {
      if (once(`e\u0000${e.root ?? 0}\u0000${e.path}\u0000${e.line}:${e.column}\u0000${e.message}`))
        allSinks.error(e);
    },
  };
  for (const [i, target] of targets.entries()) {
    const root = roots.of[i] ?? 0;
    const base = (roots.roots[root] ?? { dir: cwd }).dir;
    const sink = rootSink(unique, root);
    const abs = resolve(cwd, target);
    let real: string;
    let info: Stats;
    // Below a git top (a real path), a PATH is shown by its real directory: a link to it from
    // outside the work tree would otherwise show as `../../…`.
    let shown = abs;
    try {
      const pipe = await namedPipe(abs);
      if (pipe !== undefined) {
        // Shown as it was typed: `../../dev/fd/63` from the root says nothing.
        const typed = showPath(Buffer.from(target, 'utf8'));
        if (firstTime(seen, `pipe:${pipe}`))
          yield {
            path: typed.path,
            root,
            abs,
            kind: 'data',
            explicit: true,
            nameTokens: typed.tokens,
            pipe: true,
          };
        continue;
      }
      real = await realpath(abs);
      info = await stat(real);
      if (roots.inWorkTree[i])
        shown = info.isDirectory() ? real : join(await realpath(dirname(abs)), basename(abs));
    } catch (e) {
      sink.error({ path: displayPath(base, abs), message: `cannot read: ${reason(e)}` });
      continue;
    }
    const named = shownPath(base, shown);
    const path = named.path;
    if (info.isDirectory()) {
      // The same directory named twice (`sub ./sub/`, `sub link-to-sub`) is walked once.
      if (walked.has(real)) continue;
      walked.add(real);
      for await (const c of new TreeWalk(base, real, sink, await trackedFiles(real)).dir(real, shown)) {
        if (!firstTime(seen, c.place ?? c.abs)) continue;
        yield root === 0 ? c : { ...c, root };
      }
      continue;
    }
    // Named, a file is judged whatever its name: create uploads one of any name (file-kinds.ts).
    const kind = classify(basename(abs)) ?? 'data';
    let place: string;
    try {
      place = join(await realpath(dirname(abs)), basename(abs));
    } catch {
      place = real;
    }
    if (!info.isFile()) sink.skipped({ path, reason: 'not a regular file' });
    else if (firstTime(seen, place))
      yield { path, root, abs: real, kind, explicit: true, nameTokens: named.tokens };
  }
}

/**
 * The pipe a PATH such as `/dev/fd/63` is (the shell's `<(…)`), or `/dev/stdin` when standard input
 * is a pipe (`git show HEAD:wf.yaml | fibonacci security check /dev/stdin`), by its device and inode;
 * undefined for anything else. Its link's target (`pipe:[123]`) is no path, so realpath says "no
 * such file" (SC-PIPE: `/dev/stdin` was said not to exist, exit 3).
 */
async function namedPipe(abs: string): Promise<string | undefined> {
  if (!/^\/(?:dev\/fd\/\d+|proc\/self\/fd\/\d+|proc\/\d+\/fd\/\d+|dev\/stdin)$/.test(abs)) return undefined;
  try {
    const st = await stat(abs);
    return st.isFIFO() ? `${st.dev}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `place` (a path, or a name's bytes) is met for the first time; it is then seen. */
function firstTime(seen: Set<string>, place: string | Buffer): boolean {
  const key = typeof place === 'string' ? `t${place}` : `b${place.toString('latin1')}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** One target directory's walk: its root (a real path), its .gitignore layers, where to report. */
class TreeWalk {
  private readonly ignores: GitIgnores;
  private readonly tracked: Tracked | undefined;
  /** Why git could not list this repository's files, if it could not. */
  private readonly untold: string | undefined;

  constructor(
    /** What shown paths are relative to (the scan's root). */
    private readonly cwd: string,
    private readonly root: string,
    private readonly sink: WalkSink,
    /** What git tracks under the root; undefined outside a repository (.gitignore alone decides). */
    tracked: Tracked | Untold | undefined,
  ) {
    if (tracked !== undefined && 'untold' in tracked) this.untold = tracked.untold;
    else this.tracked = tracked;
    this.ignores = new GitIgnores(root, (path, why) =>
      sink.error({ path: displayPath(cwd, path), message: `cannot read: ${why}` }),
    );
  }

  /** A path .gitignore matches: skipped, or unreadable when git could not say whether it is tracked. */
  private ignored(path: string): void {
    if (this.untold === undefined) this.sink.skipped({ path, reason: IGNORED });
    else
      this.sink.error({
        path,
        message: `ignored by .gitignore, and git cannot say whether it is tracked (${this.untold}): not scanned`,
      });
  }

  /** `dir` (a real path) shown to the user as `shown` (the path as they named it), `depth` below the root. */
  async *dir(dir: string, shown: string, depth = 0): AsyncGenerator<Candidate> {
    // Each level is a nested generator (and a .gitignore layer): 1,500 levels overflowed the stack
    // and ended the run with no report. Deeper than this, a directory is unreadable (exit 3).
    if (depth > MAX_DEPTH) {
      this.sink.error({
        path: displayPath(this.cwd, shown),
        message: `cannot read directory: nested deeper than ${MAX_DEPTH} directories (not walked)`,
      });
      return;
    }
    let raws: Buffer[];
    try {
      // As bytes: a name that is not UTF-8 must be opened by its bytes (names.ts).
      raws = await readdir(dir, { encoding: 'buffer' });
    } catch (e) {
      this.sink.error({ path: displayPath(this.cwd, shown), message: `cannot read directory: ${reason(e)}` });
      return;
    }
    // Its .gitignore only once the directory could be read: in one that cannot be (mode 000), the
    // open of a .gitignore that may not exist failed too, and was listed as one more unreadable file.
    this.ignores.load(dir);
    try {
      yield* this.entries(dir, shown, depth, raws);
    } finally {
      this.ignores.leave(dir);
    }
  }

  private async *entries(
    dir: string,
    shown: string,
    depth: number,
    raws: Buffer[],
  ): AsyncGenerator<Candidate> {
    const entries = raws.map((raw) => ({ raw, ...entryName(raw) }));
    entries.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : Buffer.compare(a.raw, b.raw)));
    for (const { raw, text: name, exact } of entries) {
      const abs = join(dir, name);
      const open: string | Buffer = exact ? abs : Buffer.concat([Buffer.from(dir + sep, 'utf8'), raw]);
      const named = shownEntry(this.cwd, shown, raw);
      const path = named.path;
      let info: Stats;
      try {
        info = await lstat(open);
      } catch (e) {
        this.sink.error({ path, message: `cannot read: ${reason(e)}` });
        continue;
      }
      if (!exact && (info.isDirectory() || info.isSymbolicLink())) {
        // Not walked nor followed by a lossy name: exit 3, so the gate does not pass unseen files.
        this.sink.error({
          path,
          message: 'cannot read: its name is not UTF-8 (a directory or link is not followed)',
        });
        continue;
      }
      if (info.isDirectory()) {
        if (name === '.git') continue;
        // An ignored directory is walked only for the files git tracks in it; otherwise it is one
        // skipped entry (its top-most ignored directory), so a reviewer sees what was left out.
        const ignored = this.ignores.ignores(abs, true);
        if (ignored && !this.tracked?.dirs.has(abs)) this.ignored(`${path}/`);
        else if (NEVER_WALKED.has(name))
          this.sink.skipped({ path: `${path}/`, reason: 'installed packages, never walked' });
        else yield* this.dir(abs, join(shown, name), depth + 1);
        continue;
      }
      const kind = walkedKind(name);
      if (this.ignores.ignores(abs, false) && !this.tracked?.files.has(abs)) {
        if (kind !== undefined) this.ignored(path);
        continue;
      }
      if (info.isSymbolicLink()) {
        const target = await followable(abs, this.root);
        if (typeof target === 'string') {
          if (kind !== undefined)
            yield {
              path,
              root: 0,
              abs: target,
              kind,
              explicit: false,
              nameTokens: named.tokens,
              place: open,
            };
        } else if (kind !== undefined || target.dir) this.sink.skipped({ path, reason: target.why });
        continue;
      }
      if (kind === undefined) continue;
      if (info.isFile())
        yield { path, root: 0, abs: open, kind, explicit: false, nameTokens: named.tokens, place: open };
      else this.sink.skipped({ path, reason: 'not a regular file' });
    }
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(e);
}

export { reason as fsReason };
