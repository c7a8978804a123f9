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
