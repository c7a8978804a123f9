// What one TAB costs fish, counted rather than timed (a count does not move with the load): the
// committed script in a real fish, `fish --profile` listing every command a TAB ran. fish tests
// each distinct `complete -n` condition once per TAB; a condition that calls a function or reads
// the command line, once per command path, was most of a TAB's time.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { COMPLETIONS, fishComplete } from './shells.js';

const dir = tempDir('fib-fish-tab-');

/** What `complete -C LINE` printed, and the commands it ran as the profile names them. */
function tab(line: string): { out: string[]; ran: string[] } {
  const profile = join(dir, 'profile.txt');
  const script = join(COMPLETIONS, 'fibonacci.fish');
  const r = spawnSync(
    'fish',
    ['--no-config', '--profile', profile, '-c', `source '${script}'; complete -C '${line}'`],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'dumb' }, timeout: 15_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  const rows = readFileSync(profile, 'utf8').split('\n').slice(1);
  const at = rows.findIndex((l) => /\t> complete -C /.test(l));
  const ran = rows
    .slice(at + 1)
    .map((l) => /^\d+\t\d+\t-+> (.*)$/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined);
  return { out: r.stdout.split('\n').filter(Boolean), ran };
}

describe('fish: a static TAB', () => {
  it.each([
    'fibonacci ',
    'fibonacci secret ',
    'fibonacci audit export --format ',
    'fibonacci org quota set --',
  ])('%s reads the command line once and calls one function of the script', (line) => {
    const { ran } = tab(line);
    expect(ran.filter((c) => c.startsWith('commandline '))).toEqual(['commandline -opc']);
    expect(ran.filter((c) => c.startsWith('__fibonacci_'))).toEqual(['__fibonacci_parse']);
  });

  it('still offers the words with their descriptions', () => {
    expect(tab('fibonacci secret de').out).toEqual([
      'delete\tDelete a secret and all its versions (asks first; --yes without a terminal)',
    ]);
    expect(tab('fibonacci secret set --env-f').out).toEqual([
      expect.stringMatching(/^--env-file\tset every entry of a dotenv file/),
    ]);
    expect(fishComplete('fibonacci audit export --format=n')).toEqual(['--format=ndjson']);
  });
});
