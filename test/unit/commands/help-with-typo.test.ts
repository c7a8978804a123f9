import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../helpers/run-in-process.js';

// `--help` beside an option the command does not have: commander printed the help and exited 0
// before it looked at the option, so a typo passed in silence. The same usage error as without
// --help (exit 2), wherever --help stands; help itself is unchanged.
describe('--help with an unknown option', () => {
  it.each([
    [['--help', '--bogus'], '--bogus', 'see `fibonacci --help`'],
    [['--bogus', '--help'], '--bogus', 'see `fibonacci --help`'],
    [['-h', '-x'], '-x', 'see `fibonacci --help`'],
    [['secret', '--help', '--bogus'], '--bogus', 'see `fibonacci secret --help`'],
    [['secret', 'list', '--help', '--bogus'], '--bogus', 'see `fibonacci secret list --help`'],
    [['secret', 'list', '--bogus', '--help'], '--bogus', 'see `fibonacci secret list --help`'],
    [['secret', 'list', '--help', '--jsn'], '--jsn', 'did you mean --json?'],
    [['secret', 'set', 'API_KEY', '-h', '--token=x'], '--token=…', 'see `fibonacci secret set --help`'],
  ])('%j: exit 2, one error and a hint, no help', async (argv, shown, hint) => {
    const r = await runInProcess(argv);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `error: unknown option ${shown}\nhint: ${hint}\n`]);
  });

  it.each([
    [['--help']],
    [['secret', 'list', '--help']],
    [['secret', 'list', '--json', '--help']],
    [['secret', 'set', '--help', 'API_KEY']],
    [['--api-url', 'https://127.0.0.1:1', 'secret', 'list', '-h']],
    [['audit', 'logs', '--since', '-1h', '--help']],
  ])('%j: still the help, exit 0', async (argv) => {
    const r = await runInProcess(argv);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^Usage: fibonacci /);
  });
});
