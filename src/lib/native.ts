// Native addons inside the single binary (scripts/build-binary.mjs). A SEA cannot `require` a .node
// file from inside itself, so the addon travels as a SEA asset, is written once to a cache file
// named by its hash, and loaded with process.dlopen. Never used by the npm package.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { getRawAsset } from 'node:sea';
import { readFileAtMostSync } from './bounded-read.js';
import { writeFileAtomic } from './files.js';
import { xdgDir } from './xdg.js';

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Far above any addon; a cache file larger than this is not the one written here (and is rewritten). */
const ADDON_MAX_BYTES = 256 * 1024 * 1024;

function sameContent(path: string, hash: string): boolean {
  try {
    return sha256(readFileAtMostSync(path, { limit: ADDON_MAX_BYTES, what: path })) === hash;
  } catch {
    return false;
  }
}

/** Load the addon stored as SEA asset `name` and return its exports. */
export function loadSeaAddon(name: string): unknown {
  const data = new Uint8Array(getRawAsset(name) as ArrayBuffer);
  const hash = sha256(data);
  // Loaded lazily from a module with no context at hand, so it reads process.env itself.
  const dir = join(xdgDir(process.env, 'cache'), 'fibonacci', 'native');
  const file = join(dir, `${name.replace(/\.node$/, '')}-${hash.slice(0, 16)}.node`);
  // The file is checked against the asset's hash before every load: a changed file is rewritten.
  if (!sameContent(file, hash)) {
    writeFileAtomic(file, data, { mode: 0o700, dirMode: 0o700 });
  }
  const mod = { exports: {} as unknown };
  process.dlopen(mod, file);
  return mod.exports;
}
