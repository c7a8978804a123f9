import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';

// Which symbolic links the walk follows: to a regular file inside the scanned tree (its real path
// checked), never to a directory (no loops) and never out of the tree; each refusal says why, and
// whether the link points at a directory (the report counts directories apart from files).

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep);

/** The real path of a link the walk may follow, or why it is not followed. */
export async function followable(
  link: string,
  root: string,
): Promise<string | { why: string; dir: boolean }> {
  let real: string;
  let info: Stats;
  try {
    real = await realpath(link);
    info = await stat(real);
  } catch {
    return { why: 'broken symbolic link', dir: false };
  }
  if (!inside(root, real))
    return {
      why: `symbolic link${info.isDirectory() ? ' to a directory' : ''} out of the scanned tree (not followed)`,
      dir: info.isDirectory(),
    };
  if (info.isDirectory()) return { why: 'symbolic link to a directory (not followed)', dir: true };
  if (!info.isFile()) return { why: 'not a regular file', dir: false };
  return real;
}
