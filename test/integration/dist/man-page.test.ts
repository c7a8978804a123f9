// The man page the npm package installs (man/fibonacci.1), as `man fibonacci` shows it: man(1)
// renders it without a warning, and a reader finds every section, command, global option,
// environment variable and exit code the CLI has, and no roff source.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../../src/commands/help.js';
import { visibleTree } from '../../../src/lib/completion/help.js';
import { buildModel } from '../../../src/lib/completion/model.js';
import { EXIT_CODES } from '../../../src/lib/errors.js';
import { FakeIO } from '../../../src/lib/fake-io.js';
import { buildProgram } from '../../../src/program.js';
import { hasProgram, prerequisite } from '../../helpers/prerequisites.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

const haveMan = prerequisite('man(1)', hasProgram('man'), 'install man-db (Debian: apt-get install man-db)');
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const program = buildProgram({ io: new FakeIO(), env: {} });

/** `man -l man/fibonacci.1` on an 80-column UTF-8 terminal, through `cat` instead of a pager. */
function man() {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir('fib-man-'), LC_ALL: 'C.UTF-8' };
  return spawnSync('man', ['--warnings', '-l', join(REPO_ROOT, 'man', 'fibonacci.1')], {
    encoding: 'utf8',
    env: { ...env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '80' },
    timeout: 30_000,
  });
}

/** The lines under a section heading (a heading starts in column 0), up to the next heading. */
function section(lines: string[], title: string): string[] {
  const start = lines.indexOf(title);
  expect(start, `section ${title}`).toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  return lines.slice(start + 1, end);
}

/** A section's text as one line: man's hyphenation at line ends undone, runs of spaces as one. */
const flat = (lines: string[]) =>
  lines
    .join('\n')
    .replace(/\u2010\n\s*/g, '')
    .replace(/\s+/g, ' ');

describe.skipIf(!haveMan)('man fibonacci', () => {
  let r: ReturnType<typeof man>;
  let lines: string[];
  beforeAll(() => {
    r = man();
    lines = r.stdout.split('\n');
  });

  it('renders without a warning: header, footer with the version, the sections in order', () => {
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lines[0]).toMatch(/^FIBONACCI\(1\) {2,}User Commands {2,}FIBONACCI\(1\)$/);
    expect(lines.at(-2)).toMatch(
      new RegExp(`^fibonacci ${version.replace(/\./g, '\\.')} {2,}FIBONACCI\\(1\\)$`),
    );
    expect(lines.slice(1, -2).filter((l) => /^\S/.test(l))).toEqual([
      'NAME',
      'SYNOPSIS',
      'GLOBAL OPTIONS',
      'COMMANDS',
      'ENVIRONMENT',
      'EXIT STATUS',
      'SEE ALSO',
    ]);
  });

  it('shows every command as a heading, in the order of the tree, and every global option', () => {
    const headings = section(lines, 'COMMANDS').filter((l) => /^ {3}\S/.test(l));
    expect(headings).toEqual(visibleTree(program).map(({ path }) => `   fibonacci ${path.join(' ')}`));
    expect(headings.length).toBeGreaterThan(30);
    const options = section(lines, 'GLOBAL OPTIONS').filter((l) => /^ {7}-/.test(l));
    const globals = buildModel(program).globals.filter((g) => !g.names.includes('--help'));
    expect(options.map((l) => l.trim().split(' ')[0])).toEqual(globals.map((g) => g.names.at(-1)));
  });

  it('lists every environment variable and exit code with its meaning', () => {
    const env = flat(section(lines, 'ENVIRONMENT'));
    for (const [name, text] of ENVIRONMENT) expect(env).toContain(` ${name} ${text}`);
    const codes = flat(section(lines, 'EXIT STATUS'));
    for (const { code, meaning } of EXIT_CODES) expect(codes).toContain(` ${code} ${meaning}`);
  });

  it('leaves no roff source for the reader: no request line, no escape', () => {
    expect(lines.filter((l) => /^\s*\.[A-Za-z]/.test(l) || /\\[-efs&(*]/.test(l))).toEqual([]);
    expect(flat(section(lines, 'SYNOPSIS'))).toBe(
      ' fibonacci [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGUMENTS] ',
    );
  });
});
