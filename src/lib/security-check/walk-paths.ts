import { relative, sep } from 'node:path';
import { type ShownPath, showPath } from './path-tokens.js';

// How the walk names what it found: a path relative to the scan's root, as every report shows it
// (escaped, any token in it masked), and an fs error in the report's words.

/** `a/b/c` relative to the scan's root (`/` separators, whatever the platform), not masked. */
export function relativePath(base: string, abs: string): string {
  const rel = relative(base, abs);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** relativePath as every report shows it: escaped (names.ts), any token in it masked (path-tokens.ts). */
export function shownPath(base: string, abs: string): ShownPath {
  return showPath(Buffer.from(relativePath(base, abs), 'utf8'));
}
export const displayPath = (base: string, abs: string): string => shownPath(base, abs).path;

/** The entry `raw` of the directory `dir` as it is shown, by its bytes (its name may not be UTF-8). */
export function shownEntry(base: string, dir: string, raw: Buffer): ShownPath {
  const parent = relativePath(base, dir);
  return showPath(Buffer.concat([Buffer.from(parent === '.' ? '' : `${parent}/`, 'utf8'), raw]));
}

/** An fs error in the report's words: "no such file or directory", "permission denied", else its code. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(e);
}
