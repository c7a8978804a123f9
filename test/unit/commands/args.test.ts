// The argument parsers: one rule each (plain digits and a range; whole days), and what the user
// sees when a value is refused: one form naming the flag, the value quoted, exit 2.
import { describe, expect, it } from 'vitest';
import { ArgumentError, daysArg, intArg } from '../../../src/commands/args.js';
import { runInProcess } from '../../helpers/run-in-process.js';

describe('intArg', () => {
  const parse = intArg(1, 10, 'expected 1 to 10');

  it('takes plain digits within the range, both ends included', () => {
    expect(parse('1')).toBe(1);
    expect(parse('10')).toBe(10);
    expect(parse('007')).toBe(7);
  });

  it('refuses what Number() would take but a user did not mean, and values out of range', () => {
    for (const value of ['0', '11', '', ' 5', '5 ', '+5', '-1', '1e1', '0x5', '5.0', 'five']) {
      expect(() => parse(value), value).toThrow(new ArgumentError('expected 1 to 10'));
    }
  });

  it('stays exact up to Number.MAX_SAFE_INTEGER', () => {
    const big = intArg(0, Number.MAX_SAFE_INTEGER, 'too big');
    expect(big('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => big('9007199254740992')).toThrow('too big');
    expect(() => big('1'.repeat(400))).toThrow('too big');
  });
});

describe('daysArg', () => {
  it('accepts days, weeks and bare numbers', () => {
    expect(daysArg()('30d')).toBe(30);
    expect(daysArg()('2w')).toBe(14);
    expect(daysArg()('90')).toBe(90);
    expect(daysArg({ min: 0 })('0d')).toBe(0);
  });
  it('refuses partial days and out-of-range values, saying which', () => {
    expect(() => daysArg()('36h')).toThrow(new ArgumentError('expected whole days such as 30d or 2w'));
    expect(() => daysArg()('0d')).toThrow(new ArgumentError('must be between 1 and 3650 days'));
    expect(() => daysArg()('soon')).toThrow(ArgumentError);
  });
});

describe('the integer flags', () => {
  const cases: Array<[string[], string]> = [
    [
      ['emulator', 'start', '--port', '65536'],
      'invalid --port "65536": expected a port number from 0 to 65535',
    ],
    [['emulator', 'start', '--rate-limit', '0'], 'invalid --rate-limit "0": expected a positive integer'],
    [['emulator', 'seed-audit', '--count', '1.5'], 'invalid --count "1.5": expected a positive integer'],
    [['audit', 'logs', '--limit', '-1'], 'invalid --limit "-1": expected a whole number (0 = no limit)'],
    [['audit', 'logs', '--page-size', '1001'], 'invalid --page-size "1001": expected 1 to 1000'],
    [['audit', 'export', '--output', '-', '--page-size', '0'], 'invalid --page-size "0": expected 1 to 1000'],
  ];

  it.each(cases)('%j: usage error (exit 2) with its own message and the help', async (argv, message) => {
    const r = await runInProcess(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const verb = argv
      .filter((a) => !a.startsWith('-'))
      .slice(0, 2)
      .join(' ');
    expect(r.stderr).toBe(`error: ${message}\nhint: see \`fibonacci ${verb} --help\`\n`);
  });
});

describe('the one form for a refused value', () => {
  it('days name the flag too (the rule that parseDays quoted with its flag)', async () => {
    const partial = await runInProcess(['secret', 'rotation', 'A', '--every', '36h']);
    expect([partial.code, partial.stderr]).toEqual([
      2,
      'error: invalid --every "36h": expected whole days such as 30d or 2w\nhint: see `fibonacci secret rotation --help`\n',
    ]);
    const zero = await runInProcess(['secret', 'rotation', 'A', '--every', '0d']);
    expect(zero.stderr).toBe(
      'error: invalid --every "0d": must be between 1 and 3650 days\nhint: see `fibonacci secret rotation --help`\n',
    );
  });

  it("commander's own .choices() refusal says the same, listing the choices", async () => {
    const r = await runInProcess(['audit', 'logs', '--status', 'meh']);
    expect([r.code, r.stderr]).toEqual([
      2,
      'error: invalid --status "meh": expected one of success, failure, denied\nhint: see `fibonacci audit logs --help`\n',
    ]);
  });
});
