// The commander integer parsers: one rule (plain digits, a range) and each flag's own message.
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { intArg } from '../../../src/commands/args.js';
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
      expect(() => parse(value), value).toThrow(new InvalidArgumentError('expected 1 to 10'));
    }
  });

  it('stays exact up to Number.MAX_SAFE_INTEGER', () => {
    const big = intArg(0, Number.MAX_SAFE_INTEGER, 'too big');
    expect(big('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => big('9007199254740992')).toThrow('too big');
    expect(() => big('1'.repeat(400))).toThrow('too big');
  });
});

describe('the integer flags', () => {
  const HINT = 'hint: see `fibonacci --help` (or `fibonacci <command> --help`)\n';
  const cases: Array<[string[], string]> = [
    [
      ['emulator', 'start', '--port', '65536'],
      "option '--port <port>' argument '65536' is invalid. expected a port number from 0 to 65535",
    ],
    [
      ['emulator', 'start', '--rate-limit', '0'],
      "option '--rate-limit <n>' argument '0' is invalid. expected a positive integer",
    ],
    [
      ['emulator', 'seed-audit', '--count', '1.5'],
      "option '--count <n>' argument '1.5' is invalid. expected a positive integer",
    ],
    [
      ['audit', 'logs', '--limit', '-1'],
      "option '--limit <n>' argument '-1' is invalid. expected a whole number (0 = no limit)",
    ],
    [
      ['audit', 'logs', '--page-size', '1001'],
      "option '--page-size <n>' argument '1001' is invalid. expected 1 to 1000",
    ],
    [
      ['audit', 'export', '--output', '-', '--page-size', '0'],
      "option '--page-size <n>' argument '0' is invalid. expected 1 to 1000",
    ],
  ];

  it.each(cases)('%j: usage error (exit 2) with its own message', async (argv, message) => {
    const r = await runInProcess(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${message}\n${HINT}`);
  });
});
