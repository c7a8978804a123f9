import { describe, expect, it } from 'vitest';
import { printError } from '../../../src/lib/display/error.js';
import { CliError } from '../../../src/lib/errors.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { MemoryKeyStore } from '../../../src/lib/keychain.js';
import { run } from '../../../src/main.js';
import { FakeApi } from '../../helpers/fake-api.js';

function printed(error: unknown): { code: number; stderr: string } {
  const io = new FakeIO();
  const code = printError(io, error);
  return { code, stderr: io.stderrText };
}

describe('printError: one error line a terminal shows as sent', () => {
  it('escapes C0 and C1 controls (CSI U+009B starts an escape sequence too) in a CliError', () => {
    const r = printed(
      new CliError('usage', 'bad name "a\u001b[2Jb\u009b31mc\nd"', { hint: 'try\u202eagain' }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: bad name "a\\u001b[2Jb\\u009b31mc\\u000ad"\nhint: try\\u202eagain\n');
  });

  it('escapes an unexpected error’s first line too, and keeps only that line', () => {
    const r = printed(new Error('socket \u001b]0;pwned\u0007 closed\u2028x\nsecond line'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: socket \\u001b]0;pwned\\u0007 closed\\u2028x\n' +
        'hint: run again with --debug for details, and report it if it persists\n',
    );
  });
});

describe('run: the process entry tunes the runtime for the command about to run', () => {
  const ENV = {
    FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123',
    XDG_CONFIG_HOME: '/nonexistent',
  };

  /** The commands beforeAction heard of while `argv` ran, and the exit code. */
  async function tuned(argv: string[], api = new FakeApi()): Promise<{ commands: string[]; code: number }> {
    const commands: string[] = [];
    const deps = {
      io: new FakeIO(),
      env: ENV,
      overrides: {
        keychain: new MemoryKeyStore(),
        insecureFile: new MemoryKeyStore(),
        createApiClient: api.factory,
      },
    };
    const code = await run(argv, deps, {
      beforeAction: (c) => {
        commands.push(c);
      },
    });
    return { commands, code };
  }

  it('names the command by its path, after the global options, before its action runs', async () => {
    const api = new FakeApi().on('GET', '/api/v1/secrets', { secrets: [] });
    expect(await tuned(['--debug', '--timeout', '5', 'secret', 'list', '--json'], api)).toEqual({
      commands: ['secret list'],
      code: 0,
    });
    // The export's own check fails inside its action: the hook ran first.
    expect(await tuned(['audit', 'export', '--output', 'events.txt'])).toEqual({
      commands: ['audit export'],
      code: 2,
    });
  });

  it('never for --help, --version or a usage error: the code cache is made by a --help run under default flags', async () => {
    for (const argv of [
      ['--help'],
      ['secret', '--help'],
      ['audit', 'export', '--help'],
      ['--version'],
      ['-v'],
      ['secret', 'lst'],
      ['auth'],
    ]) {
      expect((await tuned(argv)).commands, argv.join(' ')).toEqual([]);
    }
  });
});
