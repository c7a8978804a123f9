// Property-based tests (fast-check) of the CLI's parsers, through argv in-process where a user would
// reach them: whatever the input, never a crash or a stack trace, only exit 2 (usage) or 3 (config)
// with one `error:` line and at most one `hint:` line, or, when the input happened to be valid, the
// next failure down the line (exit 4: these runs have no key on purpose, so nothing leaves the process).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidWorkflowPattern,
  patternCovers,
  uncoveredPatterns,
} from '../../src/emulator/keys/patterns.js';
import { CliError } from '../../src/lib/errors.js';
import { isValidScope, normalizeScopes } from '../../src/lib/scopes.js';
import { parseTime } from '../../src/lib/time-range.js';
import { SECRET_NAME } from '../../src/lib/validate.js';
import { runInProcess } from '../helpers/run-in-process.js';

const RUNS = Number(process.env.FIB_PROPERTY_RUNS ?? 150);
// A hint may continue on indented lines (a list, such as the valid scopes).
const ONE_ERROR = /^error: [^\n]*\n(hint: [^\n]*\n( {2}[^\n]*\n)*)?$/;
const dir = mkdtempSync(join(tmpdir(), 'fib-prop-'));

/** Hostile strings: full unicode (lone surrogates too), control characters, shell and JSON syntax. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\n',
      '\r',
      '\0',
      '\t',
      '"',
      "'",
      '\\',
      '/',
      '*',
      '%',
      '-',
      'é',
      '\u202e',
      '😀',
      '\ud800',
      'a',
      '1',
      ' ',
      '=',
    ),
    maxLength: 20,
  }),
  fc.constantFrom(
    '',
    ' ',
    '-',
    '--',
    '-h',
    '../../etc/passwd',
    "x' OR 1=1 --",
    '9'.repeat(400),
    '1e309',
    'NaN',
    '-1d',
    '0s',
  ),
);

/** Run argv in-process without a key and check the outcome is one of `codes`, as one error. */
async function outcome(argv: string[], codes: number[], env: Record<string, string> = {}): Promise<number> {
  const r = await runInProcess(argv, { env: { XDG_CONFIG_HOME: join(dir, 'none'), ...env } });
  const show = JSON.stringify({ argv, code: r.code, stderr: r.stderr });
  expect(codes, show).toContain(r.code);
  expect(r.stdout, show).toBe('');
  expect(r.stderr, show).toMatch(ONE_ERROR);
  expect(r.stderr, show).not.toMatch(/\n\s+at |Error:|TypeError|undefined/);
  return r.code;
}

const prop = (arb: fc.Arbitrary<string>, check: (s: string) => Promise<unknown>) =>
  fc.assert(
    fc.asyncProperty(arb, async (s) => {
      await check(s);
    }),
    { numRuns: RUNS },
  );

describe('argv parsers: one error line, exit 2 or 3, never a crash', () => {
  it('secret names', () =>
    prop(hostile, async (s) => {
      const code = await outcome(['secret', 'set', '--value', 'v', '--', s], [2, 4]);
      if (code === 4) expect(s).toMatch(SECRET_NAME);
    }));

  it('environment names', () => prop(hostile, (s) => outcome(['secret', 'list', `--env=${s}`], [2, 4])));

  it('durations (--every, --expires-in)', async () => {
    await prop(hostile, (s) => outcome(['secret', 'rotation', 'A', `--every=${s}`], [2, 4]));
    await prop(hostile, (s) =>
      outcome(['auth', 'create-key', '--name', 'k', '--scope', 'read', `--expires-in=${s}`], [2, 4]),
    );
  });

  it('dates and ranges (--since, --until)', () =>
    prop(hostile, (s) => outcome(['audit', 'logs', `--since=${s}`, '--until=now'], [2, 4])));

  it('scopes and workflow globs', async () => {
    await prop(hostile, async (s) => {
      const code = await outcome(['auth', 'create-key', '--name', 'k', `--scope=${s}`], [2, 4]);
      if (code === 4) expect(s.split(',').every((x) => x.trim() === '' || isValidScope(x.trim()))).toBe(true);
    });
    await prop(hostile, (s) =>
      outcome(['auth', 'create-key', '--name', 'k', '--scope', 'read', `--workflows=${s}`], [2, 4]),
    );
  });

  it('dotenv files (--env-file), any bytes', () =>
    fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ maxLength: 80 }),
        async (bytes, text) => {
          const file = join(dir, 'prop.env');
          writeFileSync(file, Buffer.concat([Buffer.from(text), Buffer.from(bytes)]));
          await outcome(['secret', 'set', '--env-file', file], [2, 4]);
        },
      ),
      { numRuns: RUNS },
    ));

  it('config files (config.json), any JSON or not', () =>
    fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (text) => {
          const home = join(dir, 'cfg');
          mkdirSync(join(home, 'fibonacci'), { recursive: true });
          writeFileSync(join(home, 'fibonacci', 'config.json'), text);
          await outcome(['auth', 'status'], [2, 3, 4], { XDG_CONFIG_HOME: home });
        },
      ),
      { numRuns: RUNS },
    ));
});

describe('library parsers never throw anything but a one-line usage error', () => {
  it('parseTime', () =>
    fc.assert(
      fc.property(hostile, (s) => {
        try {
          expect(Number.isNaN(parseTime(s, '--since', new Date()).getTime())).toBe(false);
        } catch (e) {
          expect(e).toBeInstanceOf(CliError);
          expect((e as CliError).kind).toBe('usage');
        }
      }),
      { numRuns: RUNS * 4 },
    ));

  it('workflow globs: validity is total; on valid patterns coverage is total, reflexive, and ** covers all', () => {
    const segment = fc.oneof(
      fc.constantFrom('**', '*', 'a*', '*b', 'x.y', 'a-b_c'),
      fc.stringMatching(/^[A-Za-z0-9_.*-]{1,6}$/),
    );
    const pattern = fc.oneof(
      hostile,
      fc.array(segment, { minLength: 1, maxLength: 4 }).map((a) => a.join('/')),
    );
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        expect(typeof isValidWorkflowPattern(a)).toBe('boolean');
        if (!isValidWorkflowPattern(a) || !isValidWorkflowPattern(b)) return;
        expect(typeof patternCovers(a, b)).toBe('boolean');
        expect(uncoveredPatterns([a], [b])).toEqual(patternCovers(a, b) ? [] : [b]);
        expect(patternCovers(a, a)).toBe(true);
        expect(patternCovers('**', a)).toBe(true);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('scopes in any shape normalise to a sorted, unique list of trimmed names', () =>
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const out = normalizeScopes(v);
        expect(out).toEqual([...new Set(out)].sort());
        expect(out.every((n) => typeof n === 'string' && n !== '' && n === n.trim())).toBe(true);
      }),
      { numRuns: RUNS * 4 },
    ));
});
