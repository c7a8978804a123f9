import { describe, expect, it } from 'vitest';
import { printError } from '../../../src/lib/display/error.js';
import { CliError } from '../../../src/lib/errors.js';
import { FakeIO } from '../../../src/lib/fake-io.js';

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
