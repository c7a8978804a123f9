// dist/cli.cjs is ASCII only, and its code caches are usable: one other character and Node decodes the whole bundle as two-byte text
// at every start (scripts/ascii-output.mjs; the build refuses such a bundle too).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/repo.js';

describe('the npm bundle', () => {
  it('holds no byte above 0x7F', () => {
    const bytes = readFileSync(join(REPO_ROOT, 'dist', 'cli.cjs'));
    const at = bytes.findIndex((b) => b >= 0x80);
    expect(at === -1 ? '' : bytes.subarray(Math.max(0, at - 40), at + 10).toString('utf8')).toBe('');
  });
});

describe('what the bundle initialises at a request', () => {
  // Behind the commands' lazy import() esbuild wraps a package's entry whole: date-fns's index and
  // TypeBox's root initialised every function and builder they have (~450 modules, about 22M
  // instructions at each request command). The CLI imports date-fns by function and TypeBox through
  // scripts/esbuild-common.mjs's typeboxSlim.
  it.each(['node_modules/date-fns/index.js', 'node_modules/@sinclair/typebox/build/esm/index.mjs'])(
    'does not carry %s',
    (entry) => {
      expect(readFileSync(join(REPO_ROOT, 'dist', 'cli.cjs'), 'utf8').includes(`"${entry}"`)).toBe(false);
    },
  );
});

describe('the code caches beside it (Node 20 builds)', () => {
  it
    .skipIf(Number(process.versions.node.split('.')[0]) >= 22)
    .each(['dist/cli.cjs.cache', 'dist/cli.cjs.request.cache'])(
    '%s is one this V8 accepts for the bundle',
    (cache) => {
      const r = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'scripts', 'code-cache.cjs'), '--check', join(REPO_ROOT, cache)],
        {
          encoding: 'utf8',
        },
      );
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    },
  );
});
