import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The .gitignore files that apply under a scanned tree, as git reads them: every directory's own
 * file, plus those of its ancestors up to the repository's top (the directory holding `.git`), the
 * deeper file deciding last. Matching is the `ignore` package's (negations, anchors, `dir/`).
 */
export class GitIgnores {
  private readonly layers: Array<{ base: string; ig: Ignore }> = [];

  /** Start with the ancestors of `root` (a real path) up to the repository's top, if any. */
  constructor(root: string) {
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
    let text: string;
    try {
      text = readFileSync(join(dir, '.gitignore'), 'utf8');
    } catch {
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
