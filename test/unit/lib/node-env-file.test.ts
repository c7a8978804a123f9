import { describe, expect, it } from 'vitest';
import { namesEnvFile, startedWithoutSeparator } from '../../../src/lib/node-env-file.js';

describe('was --env-file also read by Node?', () => {
  it('names it as an option, in both spellings, until a `--` ends the options', () => {
    expect(namesEnvFile(['secret', 'set', '--env-file', '.env'])).toBe(true);
    expect(namesEnvFile(['emulator', 'start', '--env-file=.env'])).toBe(true);
    expect(namesEnvFile(['secret', 'list'])).toBe(false);
    expect(namesEnvFile(['secret', 'set', 'X', '--', '--env-file'])).toBe(false);
  });

  it('names --env-file-if-exists too, which Node 20 reads the same way (hostile pass s14, HX-2)', () => {
    expect(namesEnvFile(['secret', 'list', '--env-file-if-exists=.env'])).toBe(true);
    expect(namesEnvFile(['secret', 'list', '--env-file-if-exists', '.env'])).toBe(true);
    expect(namesEnvFile(['secret', 'list', '--env-file-if-existsx'])).toBe(false);
  });

  it('reads the separator from the real command line, after Node own options', () => {
    expect(startedWithoutSeparator(['node', 'bin/fibonacci.cjs', 'secret'], [])).toBe(true);
    expect(startedWithoutSeparator(['node', '--', '/x/bin/fibonacci.cjs', 'secret'], [])).toBe(false);
    expect(
      startedWithoutSeparator(
        ['node', '--max-old-space-size=99', '--', 'b', 'x'],
        ['--max-old-space-size=99'],
      ),
    ).toBe(false);
    expect(
      startedWithoutSeparator(['node', '--max-old-space-size=99', 'b', 'x'], ['--max-old-space-size=99']),
    ).toBe(true);
  });
});
