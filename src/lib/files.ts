import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** The file's mode, set exactly (the umask may only narrow it). Default 0600. */
  mode?: number;
  /** fsync before the rename: for files a crash must not lose (keys), not for caches or checkpoints. */
  sync?: boolean;
  /** Create the parent directory first, with this mode. */
  dirMode?: number;
}

/**
 * Replace `path` atomically: a sibling temporary file is written with its final mode and renamed over
 * `path`, so no reader ever sees it half-written or briefly readable by others.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const mode = options.mode ?? 0o600;
  if (options.dirMode !== undefined) mkdirSync(dirname(path), { recursive: true, mode: options.dirMode });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeFileSync(fd, data);
    if (options.sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}
