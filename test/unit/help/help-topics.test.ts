// `fibonacci help WORD…` for a word that names nothing: the nearest command or topic as a whole
// `fibonacci help …` line, as an unknown command gets its did-you-mean; exit 2, nothing on stdout.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../helpers/run-in-process.js';

const GENERIC = 'hint: try `fibonacci help exit-codes`, `fibonacci help environment` or `fibonacci --help`\n';

describe('help: an unknown topic', () => {
  it.each([
    [['secrets'], 'error: unknown help topic "secrets"\nhint: did you mean `fibonacci help secret`?\n'],
    [
      ['secret', 'lst'],
      'error: unknown help topic "secret lst"\nhint: did you mean `fibonacci help secret list`?\n',
    ],
    [
      ['exit-code'],
      'error: unknown help topic "exit-code"\nhint: did you mean `fibonacci help exit-codes`?\n',
    ],
    [['zzzz'], `error: unknown help topic "zzzz"\n${GENERIC}`],
    // A hidden command is not offered, however near.
    [['__complet'], `error: unknown help topic "__complet"\n${GENERIC}`],
  ])('help %j', async (topic, stderr) => {
    const r = await runInProcess(['help', ...topic]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', stderr]);
  });

  it('an unknown command itself (secrets list) says the same', async () => {
    const r = await runInProcess(['secrets', 'list']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: unknown command "secrets"\nhint: did you mean secret?\n',
    ]);
  });
});

// Newcomer pass 14, NC-22: `fibonacci secret help` answered "unknown command help / did you mean
// health?", and an option typed before its subcommand got only the noun's --help.
describe('help after a noun, and an option before its subcommand (NC-22)', () => {
  it.each([
    [
      ['secret', 'help'],
      ['secret', '--help'],
    ],
    [
      ['secret', 'help', 'list'],
      ['secret', 'list', '--help'],
    ],
    [
      ['auth', 'help'],
      ['auth', '--help'],
    ],
  ])('%j prints what %j prints, exit 0', async (argv, same) => {
    const r = await runInProcess(argv);
    const help = await runInProcess(same);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(help.stdout);
    expect(r.stdout).toMatch(/^Usage: fibonacci /);
  });

  it('a word after it that names nothing is the unknown help topic', async () => {
    const r = await runInProcess(['secret', 'help', 'lst']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: unknown help topic "secret lst"\nhint: did you mean `fibonacci help secret list`?\n',
    ]);
  });

  // Hostile/newcomer pass 14: `secret help --json` answered `unknown help topic "secret --json"`.
  it.each([
    [['secret', 'help', '--json'], 'error: unknown option --json\nhint: see `fibonacci secret --help`\n'],
    [
      ['secret', 'help', 'set', '--json'],
      'error: unknown option --json\nhint: see `fibonacci secret set --help`\n',
    ],
    [
      ['secret', 'help', 'lst', '--json'],
      'error: unknown help topic "secret lst"\nhint: did you mean `fibonacci help secret list`?\n',
    ],
  ])('%j: an option is not a topic word', async (argv, stderr) => {
    const r = await runInProcess(argv);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', stderr]);
  });

  it('secret --env production list: the hint says --env goes after list; a value is not repeated', async () => {
    const r = await runInProcess(['secret', '--env', 'production', 'list']);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: unknown option --env\nhint: --env is an option of `fibonacci secret list`: put it after list\n',
    ]);
    const value = await runInProcess(['secret', '--value', 'Tr0ub4dor&3xk', 'set', 'A']);
    expect(value.code).toBe(2);
    expect(value.stderr).toBe(
      'error: unknown option --value\nhint: --value is an option of `fibonacci secret set`: put it after set\n',
    );
  });
});
