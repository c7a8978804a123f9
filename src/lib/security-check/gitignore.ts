import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { AuxUnreadable, readRegularText } from './read-regular.js';

/**
 * The .gitignore files that apply under a scanned tree, as git reads them: every directory's own
 * file, plus those of its ancestors up to the repository's top (the directory holding `.git`), the
 * deeper file deciding last. Matching is the `ignore` package's (negations, anchors, `dir/`).
 */
export class GitIgnores {
  private readonly layers: Array<{ base: string; ig: Ignore }> = [];

  /**
   * Start with the ancestors of `root` (a real path) up to the repository's top, if any. A
   * .gitignore that cannot be read as a regular file (a link, a FIFO, over 1 MiB) goes to `onError`.
   */
  constructor(
    root: string,
    private readonly onError: (path: string, why: string) => void = () => {},
  ) {
    const ancestors: string[] = [];
    // The tree is a repository's top itself: nothing above it applies.
    if (existsSync(join(root, '.git'))) return;
    for (let dir = dirname(root); ; dir = dirname(dir)) {
      ancestors.unshift(dir);
      if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
    }
    if (!existsSync(join(ancestors[0] as string, '.git'))) ancestors.length = 0;
    for (const dir of ancestors) this.load(dir);
  }

  /** Read `dir/.gitignore` when there is one (called on entering each directory). */
  load(dir: string): void {
    const path = join(dir, '.gitignore');
    let text: string;
    try {
      // Not through a link: git does not follow a symbolic .gitignore, and one pointing out of
      // the tree would decide what is scanned.
      text = readRegularText(path, true);
    } catch (e) {
      if (e instanceof AuxUnreadable) this.onError(path, e.why);
      return;
    }
    this.layers.push({ base: dir, ig: ignore().add(text) });
  }

  /** Forget the layers of directories the walk has left (keeps memory flat on deep trees). */
  leave(dir: string): void {
    while (this.layers.length > 0) {
      const top = this.layers[this.layers.length - 1] as { base: string };
      if (top.base === dir || top.base.startsWith(dir + sep)) this.layers.pop();
      else break;
    }
  }

  /** Whether git would ignore this path (a directory when `isDir`). */
  ignores(path: string, isDir: boolean): boolean {
    let ignored = false;
    for (const { base, ig } of this.layers) {
      if (!path.startsWith(base + sep)) continue;
      const rel = relative(base, path).split(sep).join('/') + (isDir ? '/' : '');
      const r = ig.test(rel);
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }
}
