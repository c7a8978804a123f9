// UX pass 14 (A-FLAGTYPO, A-SHOWN): a flag near one of ours that commander's edit distance misses
// got no suggestion: `secret list --all-envs` (words added to --all) said only "see --help", and a
// long flag written with one dash (`-all`, `-json`, as Go's and find's flags are written) was not
// even repeated ("unknown option (4 characters, not repeated here)"), a harmless word the user needs
// to see. Now both name the flag meant; a password-like word after one dash is still not repeated.
import { describe, expect, it } from 'vitest';
import { parseArgv } from './argv.js';

const refused = (flag: string, hint: string) => `error: unknown option ${flag}\nhint: ${hint}\n`;

describe('a near flag that commander does not suggest is named in the hint', () => {
  it.each([
    [['secret', 'list', '--all-envs'], '--all-envs', 'did you mean --all?'],
    [['secret', 'list', '--all-environments'], '--all-environments', 'did you mean --all?'],
    [['org', 'members', '--json-output'], '--json-output', 'did you mean --json?'],
    [['secret', 'list', '-all'], '-all', 'did you mean --all?'],
    [['org', 'members', '-json'], '-json', 'did you mean --json?'],
    [['audit', 'logs', '-limit', '3'], '-limit', 'did you mean --limit?'],
    [['auth', 'list-keys', '-jsno'], '-jsno', 'did you mean --json?'],
    // A global flag, from the root, as commander gathers them.
    [['secret', 'list', '-api-url', 'https://x'], '-api-url', 'did you mean --api-url?'],
  ])('%j', async (argv, flag, hint) => {
    const r = await parseArgv(argv);
    expect([r.code, r.stdout, r.stderr, r.calls]).toEqual([2, '', refused(flag, hint), []]);
  });

  it('commander’s own suggestion is kept (--evn, --josn)', async () => {
    expect((await parseArgv(['secret', 'list', '--evn', 'prod'])).stderr).toBe(
      refused('--evn', 'did you mean --env?'),
    );
    expect((await parseArgv(['org', 'members', '--josn'])).stderr).toBe(
      refused('--josn', 'did you mean --json?'),
    );
  });

  it('a word near no flag names the help; a password after one dash is still not repeated', async () => {
    expect((await parseArgv(['auth', 'list-keys', '--all'])).stderr).toBe(
      refused('--all', 'see `fibonacci auth list-keys --help`'),
    );
    for (const word of ['-Tr0ub4dor', '-xk9mq2vlpz8r4wt1']) {
      const r = await parseArgv(['secret', 'list', word]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `error: unknown option (${word.length} characters, not repeated here)\nhint: see \`fibonacci secret list --help\`\n`,
      );
    }
  });
});
