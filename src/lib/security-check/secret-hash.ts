import { scrypt } from 'node:crypto';
import type { Finding } from './types.js';

// The hash a baseline entry and a SARIF fingerprint carry. A plain SHA-256 of a secret is a
// dictionary lookup away from it (and, next to its first 4 characters and its length, a short
// password fell to a one-second brute force). So the hash is scrypt — slow and memory-hard — salted
// with the rule and the path: no table computed once serves every repository or every file, and
// equal hashes do not reveal one password reused in two files. It stays deterministic, so baselines
// and GitHub's fingerprints are stable from run to run. The cost (N = 2^11, r = 8: 2 MiB, about
// 5 ms a hash) is paid on libuv's thread pool, in parallel with reading, and only when the output
// carries hashes (--json, SARIF, a baseline read or written). docs/security-check.md has the numbers.

/** The scheme's name in baselines and SARIF (`secretHash/v2`); v1 was the plain SHA-256. */
export const HASH_VERSION = 2;
const COST = { N: 2 ** 11, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt(text) salted with rule and path, as 64 hex digits. */
export function secretHash(rule: string, path: string, text: string): Promise<string> {
  const salt = `fibonacci security check/v${HASH_VERSION}\u0000${rule}\u0000${path}`;
  return scryptHex(Buffer.from(text.normalize('NFC'), 'utf8'), salt);
}

// `text` is a slice of the scanned file, and a V8 slice keeps its whole parent alive. Held by the
// callback's closure (or an async frame) for the milliseconds scrypt takes, every file with a
// finding outlived a scavenge and was promoted: 9 MB of file text over the 10,000-file bench,
// which grew the peak with the corpus. So the wait holds only a copy of the secret's bytes.
function scryptHex(password: Buffer, salt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, COST, (err, key) => {
      if (err) reject(err);
      else resolve(key.toString('hex'));
    });
  });
}

/**
 * `finding` with its hash set: of the secret, or of its subject when it has none. Without `wanted`
 * (a text report with no baseline) no hash is computed and the field is empty. With `alsoAt` (the
 * path a baseline written relative to the working directory holds, when it differs) the hash at
 * that path too, so such a baseline still matches. Not an async function: its frame would hold
 * `text` until the hash is done.
 */
export function withHash(finding: Finding, text: string, wanted: boolean, alsoAt?: string): Promise<Finding> {
  if (!wanted) {
    finding.hash = '';
    return Promise.resolve(finding);
  }
  const legacy =
    alsoAt === undefined || alsoAt === finding.path
      ? undefined
      : secretHash(finding.rule, alsoAt, text).then((hash) => {
          finding.legacy = { path: alsoAt, hash };
        });
  return Promise.all([secretHash(finding.rule, finding.path, text), legacy]).then(([hash]) => {
    finding.hash = hash;
    return finding;
  });
}
