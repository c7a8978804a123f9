import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { type FileKind, walkedKind } from './file-kinds.js';
import { followable } from './follow-link.js';
import type { Tracked, Untold } from './git-tracked.js';
import { GitIgnores } from './gitignore.js';
import { entryName } from './names.js';
import type { CredentialMatch } from './scan-text.js';
import type { FileError, Skipped } from './types.js';
import { displayPath, fsReason, shownEntry } from './walk-paths.js';

// One target directory's walk (walk.ts gives it each directory a PATH names): its entries in a
// stable order, .gitignore and the files git tracks honoured, links followed only to a regular file
// inside the tree, installed packages and .git left out, and how deep it goes bounded.

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

/** One target directory's walk: its root (a real path), its .gitignore layers, where to report. */
export class TreeWalk {
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
      this.sink.error({
        path: displayPath(this.cwd, shown),
        message: `cannot read directory: ${fsReason(e)}`,
      });
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
        this.sink.error({ path, message: `cannot read: ${fsReason(e)}` });
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
