// Every command's --help: snapshot-tested (test/help/__snapshots__/*.txt; regenerate after a change
// to the tree with `npx vitest run test/help -u`) and checked for a summary, flags and examples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderHelp, visibleTree } from '../../../src/lib/completion/help.js';
import { checkHelp } from '../../../src/lib/completion/help-check.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram } from '../../../src/program.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runInProcess } from '../../helpers/run-in-process.js';

const program = buildProgram({ io: new FakeIO(), env: {} });
const commands = [{ path: [] as string[], cmd: program }, ...visibleTree(program)];

describe('help texts', () => {
  it.each(commands.map((c) => [['fibonacci', ...c.path].join(' '), c.cmd] as const))(
    '%s --help matches its snapshot',
    async (name, cmd) => {
      const file = `./__snapshots__/${name.replace(/ /g, '_')}.txt`;
      await expect(renderHelp(cmd)).toMatchFileSnapshot(file);
    },
  );

  it('`fibonacci --help` groups the commands as gh does; no list of subcommands offers `help [command]`', async () => {
    const r = await runInProcess(['--help']);
    expect(r.code).toBe(0);
    const groups = [...r.stdout.matchAll(/^(\w[\w ]*commands):\n((?: {2}.*\n)+)/gm)].map((m) => [
      m[1],
      [...(m[2] ?? '').matchAll(/^ {2}(\w+)/gm)].map((w) => w[1]),
    ]);
    expect(groups).toEqual([
      ['Core commands', ['auth', 'secret', 'workflow', 'audit']],
      ['Emulator commands', ['emulator']],
      ['Additional commands', ['org', 'access', 'security', 'completion', 'help']],
    ]);
    for (const { path } of commands) {
      const help = await runInProcess([...path, '--help']);
      expect(help.stdout, path.join(' ')).not.toContain('help [command]');
    }
  });

  // Newcomer pass 10 (RETRYHELP): --retries did not say it takes 0 to 10. Every numeric flag whose
  // parser enforces a range says it in its help, in the words its refusal uses.
  it.each([
    [[], '--retries', '0 to 10'],
    [[], '--timeout', 'more than 0'],
    [['secret', 'rotation'], '--every', '1 to 3650'],
    [['secret', 'rotation'], '--notify-before', '0 to 3650'],
    [['auth', 'create-key'], '--expires-in', '1 to 3650'],
    [['audit', 'logs'], '--limit', '0 = all'],
    [['emulator', 'start'], '--port', '0 to 65535'],
    [['emulator', 'start'], '--rate-limit', '1 or more'],
    [['emulator', 'seed-audit'], '--count', '1 or more'],
  ])('%j %s gives its range', async (path, flag, range) => {
    const r = await runInProcess([...path, '--help']);
    // A description wrapped under its flag, joined back into one line.
    const line = r.stdout
      .replace(/\n {20,}/g, ' ')
      .split('\n')
      .find((l) => l.trimStart().startsWith(flag));
    expect(line, r.stdout).toContain(range);
  });

  it('every command has a one-line summary, lists its flags, and runnable ones have commented examples', () => {
    expect(checkHelp(program)).toEqual([]);
  });

  it('the checker catches a command without a description or an example', () => {
    const broken = buildProgram({ io: new FakeIO(), env: {} });
    broken
      .command('bare')
      .option('--flag', 'x')
      .action(() => {});
    expect(checkHelp(broken)).toEqual(['fibonacci bare: no description', 'fibonacci bare: no example']);
  });

  it('`fibonacci secret set --help` is what a user sees (summary, flags, examples)', async () => {
    const r = await runInProcess(['secret', 'set', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: fibonacci secret set /);
    expect(r.stdout).toContain('--env');
    expect(r.stdout).toMatch(/\nExamples:\n {2}# .+\n {2}\$ fibonacci secret set/);
  });
});

describe('unknown commands', () => {
  it('suggest the nearest command', async () => {
    const r = await runInProcess(['secrte']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: unknown command "secrte"\nhint: did you mean secret?\n');
  });

  it('suggest the nearest subcommand', async () => {
    const r = await runInProcess(['auth', 'stauts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown command "stauts"\nhint: did you mean status?\n');
  });

  it('without a near one, point at --help', async () => {
    const r = await runInProcess(['zzzzzz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown command "zzzzzz"\nhint: see `fibonacci --help`\n');
  });
});

describe('help topics', () => {
  it('`help exit-codes` prints the table and `help environment` every variable, one a line', async () => {
    const codes = await runInProcess(['help', 'exit-codes']);
    expect(codes.code).toBe(0);
    expect(codes.stdout.split('\n')[0]).toBe('  0  success (an empty result is success)');
    expect(codes.stdout).toContain(' 10  input needed but prompting is impossible\n');
    const env = await runInProcess(['help', 'environment']);
    expect(env.code).toBe(0);
    for (const name of ['FIBONACCI_API_KEY', 'FIBONACCI_BASE_URL', 'NO_COLOR', 'XDG_CACHE_HOME']) {
      expect(env.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    }
  });
});

// Newcomer pass 14, NC-24: "(admin or owner)" read as part of the sentence before it, and the
// revoke-key example's id (key_8f2c0a1b) was too short to be real: copied, it is "no API key".
describe('help wording (NC-24)', () => {
  it('every key id in a help text has the shape of a real one: key_ and 24 hex digits', async () => {
    for (const { path } of commands) {
      const help = await runInProcess([...path, '--help']);
      for (const id of help.stdout.match(/\bkey_[0-9a-zA-Z]+/g) ?? [])
        expect(id, path.join(' ')).toMatch(/^key_[0-9a-f]{24}$/);
    }
  });

  it('auth: a role a command needs says "needs", not a bare "(admin or owner)"', async () => {
    for (const { path } of commands.filter((c) => c.path[0] === 'auth')) {
      // As read: a description wrapped onto the next line is one sentence.
      const help = (await runInProcess([...path, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help, path.join(' ')).not.toMatch(/\((?!needs )[a-z]+ or owner\)/);
    }
    const auth = (await runInProcess(['auth', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(auth).toMatch(
      /create-key \[options\] Create an API key and print it once \(needs admin or owner\)/,
    );
  });

  it('org: a role a command needs says "needs", as auth does', async () => {
    for (const { path } of commands.filter((c) => c.path[0] === 'org')) {
      const help = (await runInProcess([...path, '--help'])).stdout.replace(/\s+/g, ' ');
      expect(help, path.join(' ')).not.toMatch(/\((?!needs )[a-z]+ or owner\)/);
    }
    const org = (await runInProcess(['org', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(org).toMatch(/members \[options\] List the members .* \(needs admin or owner\)/);
  });
});

// Newcomer pass 14, NC-8: --format read as required, though `--output x.csv` alone writes CSV.
describe('audit export --help (NC-8)', () => {
  it('says --format may be left out, taken from --output’s extension, and when it is needed', async () => {
    const r = await runInProcess(['audit', 'export', '--help']);
    const help = r.stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      '--format <format> json (one array), ndjson (one event a line) or csv; may be left out when --output ends in .json, .ndjson, .jsonl or .csv (taken from it), needed otherwise and with -o -',
    );
    expect(help).toContain('$ fibonacci audit export --since 7d --output week.csv');
  });

  it('README says it too, and its examples leave it out where the name gives it', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('\n## Audit logs\n'),
      readme.indexOf('\n## ', readme.indexOf('\n## Audit logs\n') + 1),
    );
    expect(section.replace(/\s+/g, ' ')).toContain(
      '`--format` (json, ndjson or csv) may be left out when `--output` ends in `.json`, `.ndjson`, `.jsonl` or `.csv`',
    );
    const examples = section.split('\n').filter((l) => l.startsWith('fibonacci audit export '));
    expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) {
      const output = /--output (\S+)/.exec(line)?.[1] ?? '';
      // --format only where it is needed: -o - or a name without a known extension.
      expect(line.includes('--format'), line).toBe(!/\.(json|ndjson|jsonl|csv)$/.test(output));
    }
  });
});
