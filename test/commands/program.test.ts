import { describe, expect, it } from 'vitest';
import { FakeIO } from '../../src/lib/fake-io.js';
import { buildProgram, nounFor } from '../../src/program.js';

describe('nounFor: which part of the tree an argv needs', () => {
  it.each([
    [['--help'], ''],
    [[], ''],
    [['auth', 'status'], 'auth'],
    [['--debug', 'secret', 'set', 'X'], 'secret'],
    [['--api-url', 'https://x', 'audit', 'logs'], 'audit'],
    [['--api-url=https://x', 'org', 'quota'], 'org'],
    [['help', 'secret', 'set'], undefined],
    [['secrte'], undefined],
    [['--', 'auth'], undefined],
  ])('%j → %j', (argv, noun) => {
    expect(nounFor(argv)).toBe(noun);
  });
});

describe('the partial tree', () => {
  const deps = () => ({ io: new FakeIO(), env: {} });

  it('lists exactly what the whole tree lists in the root help (descriptions cannot drift)', () => {
    expect(buildProgram(deps(), undefined, '').helpInformation()).toBe(
      buildProgram(deps()).helpInformation(),
    );
  });

  it('builds the verbs of the noun asked for, and only those', () => {
    const program = buildProgram(deps(), undefined, 'secret');
    const byName = (n: string) => program.commands.find((c) => c.name() === n);
    expect(byName('secret')?.commands.map((c) => c.name())).toContain('set');
    expect(byName('auth')?.commands).toEqual([]);
  });
});
