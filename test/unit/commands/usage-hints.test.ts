// Every usage error ends with a hint: a did-you-mean where a value was near a choice, else the help
// of the command that failed. Walked over the whole commander tree for the choices, and checked
// through main's run() for the cases a newcomer met (exact stderr, exit 2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandPath } from '../../../src/commands/usage-errors.js';
import { CliError } from '../../../src/lib/errors.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { run } from '../../../src/main.js';
import { buildProgram } from '../../../src/program.js';
import { parseArgv } from './argv.js';

type Parser = (value: string, previous: unknown) => unknown;
interface ChoicePlace {
  where: string;
  choices: readonly string[];
  parse: Parser;
}

/** Every option and positional argument of the tree that takes one of a list of values. */
function choicePlaces(): ChoicePlace[] {
  const places: ChoicePlace[] = [];
  const walk = (cmd: ReturnType<typeof buildProgram>) => {
    for (const o of cmd.options)
      if (o.argChoices && o.parseArg)
        places.push({
          where: `${commandPath(cmd)} ${o.long}`,
          choices: o.argChoices,
          parse: o.parseArg as Parser,
        });
    for (const a of cmd.registeredArguments)
      if (a.argChoices && a.parseArg)
        places.push({
          where: `${commandPath(cmd)} <${a.name()}>`,
          choices: a.argChoices,
          parse: a.parseArg as Parser,
        });
    for (const sub of cmd.commands) walk(sub as typeof cmd);
  };
  walk(buildProgram({ io: new FakeIO(), env: {} }));
  return places;
}

/** The slip a hand makes: two neighbouring letters swapped (`sarif` → `sarfi`), else the last dropped. */
function slip(choice: string): string {
  for (let i = choice.length - 2; i >= 1; i--)
    if (choice[i] !== choice[i + 1])
      return choice.slice(0, i) + choice[i + 1] + choice[i] + choice.slice(i + 2);
  return choice.slice(0, -1);
}

function refusalOf(parse: Parser, value: string): CliError {
  try {
    parse(value, undefined);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error(`"${value}" was accepted`);
}

describe('every choice of every command: a slip of it gets "did you mean" that choice', () => {
  const places = choicePlaces();
  it('finds the choice-taking options (the walk is not empty)', () => {
    expect(places.map((p) => p.where)).toEqual(
      expect.arrayContaining(['fibonacci security check --format', 'fibonacci completion install <shell>']),
    );
  });
  const cases = places.flatMap((p) =>
    p.choices.map((choice) => ({ name: `${p.where} ${slip(choice)}`, p, choice })),
  );
  it.each(cases)('$name', ({ p, choice }) => {
    const typo = slip(choice);
    if (p.choices.includes(typo)) return;
    const e = refusalOf(p.parse, typo);
    expect([e.kind, e.hint]).toEqual(['usage', `did you mean ${choice}?`]);
  });
  it.each(places)('$where: a value near no choice names the command help', (p) => {
    const e = refusalOf(p.parse, 'zzzzzzzz');
    expect(e.hint).toBe(`see \`${p.where.split(/ --| </)[0]} --help\``);
  });
});

describe('the usage errors a newcomer met each end with a hint', () => {
  const rows: ReadonlyArray<readonly [string[], string]> = [
    [
      ['audit', 'logs', '--limit', '-1'],
      'error: invalid --limit "-1": expected a whole number (0 = no limit)\nhint: see `fibonacci audit logs --help`\n',
    ],
    [
      ['audit', 'logs', '--status', 'failed'],
      'error: invalid --status "failed": expected one of success, failure, denied\nhint: did you mean failure?\n',
    ],
    [
      ['secret', 'set', '1BAD'],
      'error: invalid secret name "1BAD": letters, digits and _, not starting with a digit, at most 128 characters\nhint: see `fibonacci secret set --help`\n',
    ],
    [
      ['security', 'check', '--env', 'Bad Env'],
      'error: invalid --env: lowercase letters, digits and -, starting with a letter, at most 32 characters\nhint: see `fibonacci security check --help`\n',
    ],
    [
      ['security', 'check', '--format', 'sarfi'],
      'error: invalid --format "sarfi": expected one of text, json, sarif\nhint: did you mean sarif?\n',
    ],
    [
      ['completion', 'install', 'bahs'],
      'error: invalid shell "bahs": expected one of bash, zsh, fish, powershell\nhint: did you mean bash?\n',
    ],
  ];
  it.each(rows.map(([argv, stderr]) => ({ name: argv.join(' '), argv, stderr })))(
    '$name',
    async ({ argv, stderr }) => {
      const r = await parseArgv(argv);
      expect([r.code, r.stdout, r.stderr, r.calls]).toEqual([2, '', stderr, []]);
    },
  );

  // These are refused while the command runs, not by a parser: main adds the hint.
  const running = async (argv: string[], env: Record<string, string> = {}) => {
    const io = new FakeIO();
    const code = await run(argv, { io, env: { XDG_CONFIG_HOME: '/nonexistent', ...env } });
    return [code, io.stdoutText, io.stderrText];
  };
  it('--timeout abc: the global flag, documented in the root help', async () => {
    expect(await running(['--timeout', 'abc', 'audit', 'logs'])).toEqual([
      2,
      '',
      'error: invalid --timeout "abc": expected a number of seconds more than 0, without a unit (30, 2.5)\nhint: `fibonacci --help` lists --timeout with the other global flags\n',
    ]);
  });
  it('FIBONACCI_TIMEOUT=abc: the variable, documented in help environment', async () => {
    expect(await running(['audit', 'logs'], { FIBONACCI_TIMEOUT: 'abc' })).toEqual([
      2,
      '',
      'error: invalid FIBONACCI_TIMEOUT "abc": expected a number of seconds more than 0, without a unit (30, 2.5)\nhint: `fibonacci help environment` describes FIBONACCI_TIMEOUT\n',
    ]);
  });
  it('a usage error thrown by a running command without its own hint names that command’s help', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-hints-'));
    writeFileSync(join(dir, 'policy.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]));
    expect(await running(['access', 'apply', join(dir, 'policy.yaml')])).toEqual([
      2,
      '',
      `error: ${join(dir, 'policy.yaml')} is not valid UTF-8\nhint: see \`fibonacci access apply --help\`\n`,
    ]);
  });
});
