// `fibonacci completion …`: argv → the options of `install`, or the refusal. The script printers
// build no context (they work with a broken config.json) and so run no verb: their rows check that
// they print a script and record nothing.
import { describe, expect, it } from 'vitest';
import { argvTable, HELP_HINT, parseArgv, refused } from '../argv.js';

describe('completion install', () => {
  argvTable('completion install', [
    [['fish'], { shell: 'fish', program: expect.any(Function) }],
    [[], { program: expect.any(Function) }],
    [
      ['csh'],
      refused(`error: invalid shell "csh": expected one of bash, zsh, fish, powershell\n${HELP_HINT}`),
    ],
    [['a', 'b'], refused(`error: too many arguments: expected at most 1, got 2\n${HELP_HINT}`)],
  ]);
});

describe('completion SHELL', () => {
  it.each(['bash', 'zsh', 'fish', 'powershell'])(
    'completion %s prints the script, runs no verb',
    async (shell) => {
      const r = await parseArgv(['completion', shell]);
      expect([r.code, r.stderr, r.calls]).toEqual([0, '', []]);
      expect(r.stdout).toContain('fibonacci');
    },
  );

  it('refuses an argument', async () => {
    const r = await parseArgv(['completion', 'bash', 'extra']);
    expect([r.code, r.stdout, r.calls]).toEqual([2, '', []]);
    expect(r.stderr).toBe(
      'error: too many arguments: expected none, got 1\nhint: see `fibonacci completion bash --help`\n',
    );
  });
});
