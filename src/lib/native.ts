// Native addons inside the single binary (scripts/build-binary.mjs). A SEA cannot `require` a .node
// file from inside itself, so the addon travels as a SEA asset, is written once to a cache file
// named by its hash, and loaded with process.dlopen. Never used by the npm package.
//
// What is loaded is code that runs as this user, so the file is trusted as a key file is: the
// cache directory and every one above it must be this user's (or root's) and writable by no one
// else (sticky aside); the file is opened once without following a link, checked (regular, this
// user's, no one else may write it), hashed through that descriptor, and loaded through the same
// descriptor (/proc/self/fd/N), so no one can swap it between the check and the load. A cache that
// fails the rule is not used: the addon goes to a fresh private temporary directory instead.

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRawAsset } from 'node:sea';
import { readFdAtMostSync } from './bounded-read.js';
import { untrusted, untrustedAncestor } from './file-trust.js';
import { writeFileAtomic } from './files.js';
import { xdgDir } from './xdg.js';

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Far above any addon; a cache file larger than this is not the one written here (and is rewritten). */
const ADDON_MAX_BYTES = 256 * 1024 * 1024;

const RULE = { othersMayRead: true, systemOwned: true } as const;

/** `file` opened without following a link, when it is this user's, unwritable by others and `hash`. */
function openVerified(file: string, hash: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    const mine = st.uid === process.getuid?.();
    if (mine && untrusted(st, 'file', RULE) === undefined) {
      if (sha256(readFdAtMostSync(fd, { limit: ADDON_MAX_BYTES, what: file })) === hash) return fd;
    }
  } catch {}
  closeSync(fd);
  return undefined;
}

/** The directory to keep the addon in: the cache's when it passes the rule, else a fresh private one. */
function addonDir(): { dir: string; temporary: boolean } {
  // Loaded lazily from a module with no context at hand, so it reads process.env itself.
  const cache = join(xdgDir(process.env, 'cache'), 'fibonacci', 'native');
  try {
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    if (untrustedAncestor(cache, RULE) === undefined) return { dir: cache, temporary: false };
  } catch {}
  return { dir: mkdtempSync(join(tmpdir(), 'fibonacci-native-')), temporary: true };
}

/** Load the addon stored as SEA asset `name` and return its exports. */
export function loadSeaAddon(name: string): unknown {
  const data = new Uint8Array(getRawAsset(name) as ArrayBuffer);
  const hash = sha256(data);
  const { dir, temporary } = addonDir();
  const file = join(dir, `${name.replace(/\.node$/, '')}-${hash.slice(0, 16)}.node`);
  let fd = openVerified(file, hash);
  if (fd === undefined) {
    writeFileAtomic(file, data, { mode: 0o700, dirMode: 0o700 });
    fd = openVerified(file, hash);
    if (fd === undefined)
      throw new Error(`cannot load the keychain addon: ${file} changed as it was written`);
  }
  try {
    const mod = { exports: {} as unknown };
    process.dlopen(mod, `/proc/self/fd/${fd}`);
    return mod.exports;
  } finally {
    closeSync(fd);
    if (temporary) rmSync(dir, { recursive: true, force: true });
  }
}
