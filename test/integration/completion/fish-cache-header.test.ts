// fish reading a names cache file planted where `__complete` would write it (the path from
// shell-cache.ts itself): a fresh one is offered without Node; one whose written time is too big
// for fish's arithmetic is refused like any bad header, and the TAB prints nothing on stderr (an
// error there lands in the middle of the user's prompt).

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configStamp, shellCachePath } from '../../../src/lib/completion/shell-cache.js';
import { CACHE_MAGIC } from '../../../src/lib/completion/values.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { COMPLETIONS } from './shells.js';

// A `fibonacci` that answers nothing: whatever the script cannot vouch for gives no names.
const bin = tempDir('fib-fish-header-bin-');
writeFileSync(join(bin, 'fibonacci'), '#!/bin/sh\nexit 0\n');
chmodSync(join(bin, 'fibonacci'), 0o755);

function plant(written: string): Record<string, string> {
  const env = cleanEnv({ FIBONACCI_API_KEY: ['fib', 'test', 'header0123456789'].join('_') });
  env.PATH = `${bin}:${env.PATH}`;
  const file = shellCachePath(env, 'secret', undefined);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${CACHE_MAGIC} ${written} ${configStamp(env)}\nPLANTED_NAME\n`, { mode: 0o600 });
  return env;
}

function tab(env: Record<string, string>) {
  const script = join(COMPLETIONS, 'fibonacci.fish');
  return spawnSync(
    'fish',
    ['--no-config', '-c', `source '${script}'; complete -C 'fibonacci secret delete '`],
    {
      encoding: 'utf8',
      env,
      timeout: 15_000,
    },
  );
}

describe('fish: the header of a names cache', () => {
  it('a fresh file is read: its names are offered', () => {
    const r = tab(plant(String(Math.floor(Date.now() / 1000))));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('PLANTED_NAME\n');
  });

  it('a written time too big for math: refused, nothing offered, nothing on stderr', () => {
    const r = tab(plant('9'.repeat(30)));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
