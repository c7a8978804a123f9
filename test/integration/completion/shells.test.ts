// The committed scripts (completions/, generated from the real tree) in the real shells.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bashComplete, COMPLETIONS, fishComplete, type ShellRun, zshComplete } from './shells.js';

// A stub `fibonacci` first on PATH: proves TAB starts no program for static words (it would leave
// a mark), and answers `__complete` for dynamic values, echoing the --env it was given.
const stubDir = mkdtempSync(join(tmpdir(), 'fib-stub-'));
const marks = join(stubDir, 'calls');
writeFileSync(
  join(stubDir, 'fibonacci'),
  `#!/bin/sh\necho "$*" >> '${marks}'\n[ "$1" = __complete ] || exit 0\ncase "$2" in\n  secret) if [ "$3" = --env ]; then echo "PROD_ONLY_$4"; else echo DB_PASSWORD; echo DB_USER; echo API_TOKEN; fi ;;\n  env) echo production; echo staging ;;\n  key) echo key_abc123; echo key_def456 ;;\n  workflow) echo production/etl; echo staging/etl ;;\nesac\n`,
);
chmodSync(join(stubDir, 'fibonacci'), 0o755);
afterAll(() => rmSync(stubDir, { recursive: true, force: true }));
const calls = () => {
  try {
    return readFileSync(marks, 'utf8');
  } catch {
    return '';
  }
};
const withStub: ShellRun = { pathDir: stubDir };

type Complete = (line: string, o?: ShellRun) => string[];
const SHELLS: Array<[string, Complete]> = [
  ['bash', bashComplete],
  ['bash without bash-completion', (l, o) => bashComplete(l, { ...o, plainBash: true })],
  ['zsh', zshComplete],
  ['fish', fishComplete],
];

describe.each(SHELLS)('%s', (_name, complete) => {
  it('fibonacci sec<TAB> → secret security', () => {
    expect(complete('fibonacci sec', withStub)).toEqual(['secret', 'security']);
  });

  it('fibonacci secr<TAB> → secret', () => {
    expect(complete('fibonacci secr', withStub)).toEqual(['secret']);
  });

  it('fibonacci secret set --e<TAB> → --env --env-file', () => {
    expect(complete('fibonacci secret set --e', withStub)).toEqual(['--env', '--env-file']);
  });

  it('fibonacci audit export --format <TAB> → json ndjson csv', () => {
    expect(complete('fibonacci audit export --format ', withStub)).toEqual(['csv', 'json', 'ndjson']);
  });

  it('static words start no program', () => {
    const before = calls();
    complete('fibonacci auth create-key --scope ', withStub);
    complete('fibonacci audit logs --status ', withStub);
    complete('fibonacci audit logs --event-type ', withStub);
    complete('fibonacci completion install ', withStub);
    expect(calls()).toBe(before);
  });

  it('fixed values: --status, --scope, shells, help topics; global flags after a command', () => {
    expect(complete('fibonacci audit logs --status ', withStub)).toEqual(['denied', 'failure', 'success']);
    expect(complete('fibonacci audit logs --event-type secret.', withStub)).toEqual([
      'secret.deleted',
      'secret.rotation_changed',
      'secret.set',
    ]);
    expect(complete('fibonacci audit export --event-type api_', withStub)).toEqual([
      'api_key.created',
      'api_key.revoked',
    ]);
    expect(complete('fibonacci auth create-key --scope ', withStub)).toContain('secrets:read');
    expect(complete('fibonacci completion install ', withStub)).toEqual([
      'bash',
      'fish',
      'powershell',
      'zsh',
    ]);
    expect(complete('fibonacci help exit', withStub)).toEqual(['exit-codes']);
    expect(complete('fibonacci auth status --api', withStub)).toEqual(['--api-url']);
    expect(complete('fibonacci --api-url https://x au', withStub)).toEqual(['audit', 'auth']);
  });

  it('dynamic values come from `fibonacci __complete` (secret names for the --env given)', () => {
    expect(complete('fibonacci secret delete DB', withStub)).toEqual(['DB_PASSWORD', 'DB_USER']);
    expect(complete('fibonacci secret delete --env staging P', withStub)).toEqual(['PROD_ONLY_staging']);
    expect(complete('fibonacci secret list --env ', withStub)).toEqual(['production', 'staging']);
    expect(complete('fibonacci auth revoke-key key_a', withStub)).toEqual(['key_abc123']);
    // Events record workflows by name, so --workflow offers names (it also takes an id).
    expect(complete('fibonacci audit logs --workflow prod', withStub)).toEqual(['production/etl']);
    expect(calls()).toContain('__complete secret --env staging');
  });

  it('offers nothing when the dynamic command answers nothing (offline)', () => {
    expect(complete('fibonacci secret delete DB', { pathDir: join(stubDir, 'missing') })).toEqual([]);
  });
});

// A `fibonacci` whose `__complete` answers what a hostile server could send: words that a shell
// would run if it evaluated them. The scripts must offer them, if at all, as inert text.
const hostileDir = mkdtempSync(join(tmpdir(), 'fib-hostile-stub-'));
const pwned = (n: number) => join(hostileDir, `pwned${n}`);
const HOSTILE = [`$(id>${pwned(1)})`, `\`id>${pwned(2)}\``, `\${x:=$(id>${pwned(3)})}`, 'API_KEY'];
writeFileSync(
  join(hostileDir, 'fibonacci'),
  `#!/bin/sh\n[ "$1" = __complete ] || exit 0\ncat <<'EOF'\n${HOSTILE.join('\n')}\nEOF\n`,
);
chmodSync(join(hostileDir, 'fibonacci'), 0o755);
afterAll(() => rmSync(hostileDir, { recursive: true, force: true }));
const pwnedFiles = () => [1, 2, 3].map(pwned).filter((f) => existsSync(f));

describe.each(SHELLS)('%s, with values a hostile server chose', (_name, complete) => {
  beforeEach(() => {
    for (const n of [1, 2, 3]) rmSync(pwned(n), { force: true });
  });

  it('never runs a word: secret delete <TAB> offers them as text and creates no file', () => {
    // bash and zsh show a word as it will be inserted (quoted), fish as it is: compare the text.
    const text = (words: string[]) => words.map((w) => w.replace(/\\(.)/g, '$1')).sort();
    const offered = complete('fibonacci secret delete ', { pathDir: hostileDir });
    expect(pwnedFiles()).toEqual([]);
    expect(text(offered)).toEqual([...HOSTILE].sort());
    expect(complete('fibonacci secret delete A', { pathDir: hostileDir })).toEqual(['API_KEY']);
    expect(text(complete('fibonacci secret list --env ', { pathDir: hostileDir }))).toEqual(
      [...HOSTILE].sort(),
    );
    expect(pwnedFiles()).toEqual([]);
  });
});

describe('bash, with values a hostile server chose', () => {
  it('inserts a word quoted, so pressing Enter runs nothing either', () => {
    const offered = bashComplete('fibonacci secret delete ', { pathDir: hostileDir });
    expect(offered).toEqual(
      [
        `\\$\\(id\\>${pwned(1)}\\)`,
        `\\\`id\\>${pwned(2)}\\\``,
        `\\$\\{x:=\\$\\(id\\>${pwned(3)}\\)\\}`,
        'API_KEY',
      ].sort(),
    );
    expect(pwnedFiles()).toEqual([]);
  });
});

describe('bash script', () => {
  it('passes shellcheck', () => {
    const r = spawnSync('shellcheck', ['--shell=bash', join(COMPLETIONS, 'fibonacci.bash')], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
