import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { classify } from './file-kinds.js';
import { trackedFiles } from './git-tracked.js';
import { showPath } from './path-tokens.js';
import type { ScanRoots } from './scan-root.js';
import { type Candidate, TreeWalk, type WalkSink } from './tree-walk.js';
import { displayPath, fsReason, shownPath } from './walk-paths.js';

// The PATHs of a scan to the files it reads: each PATH resolved once (a directory walked by
// tree-walk.ts, a file judged whatever its name, a pipe the shell names read as it is), overlapping
// PATHs naming a file once, every entry marked with the root its path is shown from.

export type { Candidate, WalkSink } from './tree-walk.js';
export { fsReason } from './walk-paths.js';

/** The sink of one root: every entry it is given is marked with that root. */
function rootSink(sink: WalkSink, root: number): WalkSink {
  if (root === 0) return sink;
  return {
    skipped: (s) => sink.skipped({ ...s, root }),
    error: (e) => sink.error({ ...e, root }),
  };
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
      sink.error({ path: displayPath(base, abs), message: `cannot read: ${fsReason(e)}` });
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
