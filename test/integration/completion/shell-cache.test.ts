// A warm TAB is answered by the shell script itself from the names cache `__complete` wrote, with no
// Node started (the `fibonacci` on PATH is a wrapper that logs each run); anything the script cannot
// vouch for — a stale file, another key or origin, a changed config.json, a login, a planted file —
// goes to Node as before. The real shells, the built CLI, the real emulator.

import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { secretServiceSession } from '../../helpers/prerequisites.js';
import { CLI_BIN, REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { bashComplete, fishComplete, type ShellRun, zshComplete } from './shells.js';

const dir = tempDir('fib-shell-cache-');
const log = join(dir, 'node-runs');
const bin = join(dir, 'bin');
const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;

let emu: EmulatorHandle;
let narrowKey: string;
beforeAll(async () => {
  emu = await startEmulator();
  for (const name of ['DB_PASSWORD', 'DB_USER']) {
    const r = await runCli(['secret', 'set', name], { env: emu.env, input: 'v' });
    expect(r.code, r.stderr).toBe(0);
  }
  const created = await runCli(
    ['auth', 'create-key', '--name', 'no-secrets', '--scope', 'workflows:read', '--plain'],
    { env: emu.env },
  );
  expect(created.code, created.stderr).toBe(0);
  narrowKey = created.stdout.trim();
  mkdirSync(bin);
  // What TAB runs as `fibonacci`: one line in the log per run, then the real CLI.
  writeFileSync(join(bin, 'fibonacci'), `#!/bin/sh\necho run >>'${log}'\nexec '${CLI_BIN}' "$@"\n`, {
    mode: 0o755,
  });
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => writeFileSync(log, ''));

type Complete = (line: string, o?: ShellRun) => string[];
const SHELLS: Array<[string, Complete]> = [
  ['bash', bashComplete],
  ['zsh', zshComplete],
  ['fish', fishComplete],
];
const LINE = 'fibonacci secret delete ';
const pwned = (n: number) => join(dir, `pwned${n}`);
/** Words a shell would run if it evaluated them, a glob, and a terminal escape. */
const EVIL = [
  `$(touch ${pwned(1)})`,
  `\`touch ${pwned(2)}\``,
  `\${x:=$(touch ${pwned(3)})}`,
  `a;touch ${pwned(4)}`,
  '*',
  '\u001b]0;title\u0007',
];
const NAMES = ['DB_PASSWORD', 'DB_USER'];

function setup(extra: Record<string, string> = {}) {
  const env = cleanEnv({ ...emu.env, ...extra });
  env.PATH = `${bin}:${env.PATH}`;
  const shDir = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion', 'sh');
  // The file of the secret names (fish also asks for --env's values on the same TAB).
  const file = () => {
    const files = readdirSync(shDir).map((f) => join(shDir, f));
    const secrets = files.filter((f) => /^DB_PASSWORD$/m.test(readFileSync(f, 'utf8')));
    expect(secrets).toHaveLength(1);
    return secrets[0] as string;
  };
  // The names cache as a first TAB leaves it. `__complete` gives up after 0.9 s, so on a loaded
  // machine a try may come back empty: it is tried again rather than the test being about speed.
  const warm = async () => {
    const written = () => existsSync(shDir) && readdirSync(shDir).length > 0;
    for (let i = 0; i < 5 && !written(); i++) await runCli(['__complete', 'secret'], { env });
    expect(written()).toBe(true);
  };
  return { env, o: { env } satisfies ShellRun, file, warm };
}

describe.each(SHELLS)('%s', (shell, complete) => {
  it('a warm TAB starts no Node; a stale cache goes to Node, which writes it again', async () => {
    const { o, file, warm } = setup();
    await warm();
    const before = runs();
    expect(complete(LINE, o)).toEqual(NAMES);
    expect(runs()).toBe(before);
    // Two minutes old: the TTL is one.
    const text = readFileSync(file(), 'utf8');
    const old = Math.floor(Date.now() / 1000) - 120;
    writeFileSync(file(), text.replace(/^(fibonacci-completion 1) \d+/, `$1 ${old}`));
    expect(complete(LINE, o)).toEqual(NAMES);
    expect(runs()).toBe(before + 1);
  });

  it('another key, another origin, a changed config.json: never the names cached before', async () => {
    const { env, o, file, warm } = setup();
    await warm();
    const planted = () => writeFileSync(file(), readFileSync(file(), 'utf8').replace('DB_USER', 'PLANTED'));
    planted();
    expect(complete(LINE, o)).toEqual(['DB_PASSWORD', 'PLANTED']); // the cache is what answers
    // Each of these goes to Node (a new run in the log), which never offers the planted name.
    const byNode = (line: string, run: ShellRun, expected: string[]) => {
      const before = runs();
      expect(complete(line, run)).toEqual(expected);
      expect(runs()).toBeGreaterThan(before);
    };
    // A key that may not list secrets: nothing.
    byNode(LINE, { ...o, env: { ...env, FIBONACCI_API_KEY: narrowKey } }, []);
    // Another origin (nothing listens there): nothing.
    byNode(LINE, { ...o, env: { ...env, FIBONACCI_BASE_URL: 'https://127.0.0.1:9' } }, []);
    // A flag that picks another API: `__complete` is told of it (nothing listens there).
    byNode(`fibonacci --api-url https://127.0.0.1:9 ${LINE.slice('fibonacci '.length)}`, o, []);
    // config.json written after the cache: what the names were resolved against has changed.
    mkdirSync(join(env.XDG_CONFIG_HOME as string, 'fibonacci'), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME as string, 'fibonacci', 'config.json'), '{}');
    byNode(LINE, o, NAMES);
  });

  it('a symlink, a file another user owns, one others may write: not read, Node answers', async () => {
    const { o, file, warm } = setup();
    await warm();
    // Left as Node wrote it, the file answers.
    const read = runs();
    expect(complete(LINE, o)).toEqual(NAMES);
    expect(runs()).toBe(read);
    const f = file();
    const poisoned = readFileSync(f, 'utf8').replace('DB_USER', 'PLANTED');
    const plant = (how: (f: string) => void) => {
      writeFileSync(f, poisoned, { mode: 0o600 });
      chmodSync(f, 0o600);
      how(f);
      const before = runs();
      // Node refuses it too (and answers from the server).
      expect(complete(LINE, o)).toEqual(NAMES);
      expect(runs()).toBeGreaterThan(before);
      rmSync(f, { force: true });
    };
    plant((p) => chmodSync(p, 0o666));
    plant((p) => chmodSync(p, 0o640));
    plant((p) => chownSync(p, 4242, 4242));
    plant((p) => {
      renameSync(p, `${p}.real`);
      symlinkSync(`${p}.real`, p);
    });
    plant((p) => chmodSync(join(p, '..'), 0o777));
  });

  it('a cache reached through a link into another user’s writable directory: not read, Node answers', async () => {
    const { env, o, file, warm } = setup();
    await warm();
    const poisoned = readFileSync(file(), 'utf8').replace('DB_USER', 'PLANTED');
    // ~/.cache/fibonacci becomes a link into a directory of uid 4242 that anyone may write.
    const theirs = join(dir, `theirs-${shell}`);
    mkdirSync(theirs);
    chmodSync(theirs, 0o777);
    chownSync(theirs, 4242, 4242);
    const cache = join(env.XDG_CACHE_HOME as string, 'fibonacci');
    renameSync(cache, join(theirs, 'fib'));
    symlinkSync(join(theirs, 'fib'), cache);
    writeFileSync(file(), poisoned);
    const before = runs();
    expect(complete(LINE, o)).toEqual(NAMES);
    expect(runs()).toBeGreaterThan(before);
  });

  it('a flag being typed starts no Node (fish asked for the argument values too)', () => {
    const { o } = setup();
    expect(complete('fibonacci secret set --e', o)).toEqual(['--env', '--env-file']);
    expect(runs()).toBe(0);
  });

  it('hostile names in the file stay inert text', async () => {
    const { o, file, warm } = setup();
    await warm();
    const f = file();
    const header = readFileSync(f, 'utf8').split('\n')[0];
    writeFileSync(f, [header, ...EVIL, 'DB_USER', ''].join('\n'));
    const before = runs();
    expect(complete(LINE, o)).toContain('DB_USER');
    expect(runs()).toBe(before); // the file answered
    expect([1, 2, 3, 4].map(pwned).filter((p) => existsSync(p))).toEqual([]);
  });

  it('auth login with another key in the keychain: the old key’s names are gone', async () => {
    if (!secretServiceSession()) return;
    const { FIBONACCI_API_KEY: _owner, ...noKey } = emu.env;
    const { env, o, warm } = setup();
    delete env.FIBONACCI_API_KEY;
    Object.assign(env, noKey, { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '' });
    const login = async (key: string) => {
      const r = await runCli(['auth', 'login', '--with-token'], { env, input: key });
      expect(r.code, r.stderr).toBe(0);
    };
    try {
      await login(emu.ownerKey);
      await warm();
      const before = runs();
      expect(complete(LINE, o)).toEqual(NAMES);
      expect(runs()).toBe(before);
      // Nothing the shell hashes changes; only the keychain's entry does.
      await login(narrowKey);
      expect(complete(LINE, o)).toEqual([]);
      expect(runs()).toBeGreaterThan(before);
    } finally {
      await runCli(['auth', 'logout'], { env });
    }
  });
});

describe.each(SHELLS)('%s, the keychain shared with another cache directory', (_shell, complete) => {
  it.each([
    ['auth login of another key', 'login'],
    ['auth logout', 'logout'],
  ])('%s run with another XDG_CACHE_HOME: this shell’s cached names are stale', async (_what, verb) => {
    if (!secretServiceSession()) return;
    const { FIBONACCI_API_KEY: _owner, ...noKey } = emu.env;
    const { env, o, warm } = setup();
    delete env.FIBONACCI_API_KEY;
    Object.assign(env, noKey, { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '' });
    const other = { ...env, XDG_CACHE_HOME: join(dir, `other-cache-${verb}`) };
    const login = async (key: string, e: Record<string, string>) => {
      const r = await runCli(['auth', 'login', '--with-token'], { env: e, input: key });
      expect(r.code, r.stderr).toBe(0);
    };
    try {
      await login(emu.ownerKey, env);
      await warm();
      const before = runs();
      expect(complete(LINE, o)).toEqual(NAMES);
      expect(runs()).toBe(before);
      // The keychain's entry changes from a shell whose cache directory is another.
      if (verb === 'login') await login(narrowKey, other);
      else expect((await runCli(['auth', 'logout'], { env: other })).code).toBe(0);
      expect(complete(LINE, o)).toEqual([]);
      expect(runs()).toBeGreaterThan(before);
    } finally {
      await runCli(['auth', 'logout'], { env });
    }
  });
});

describe('the key the scripts hash', () => {
  const KEY = 'fib_test_neverTraced_0123456789';
  const c = (f: string) => join(REPO_ROOT, 'completions', f);
  it.each([
    [
      'bash',
      [
        '--norc',
        '--noprofile',
        '-c',
        `source ${c('fibonacci.bash')}; words=(fibonacci secret delete ''); set -x; __fibonacci_cached secret -`,
      ],
    ],
    [
      'zsh',
      [
        '-f',
        '-c',
        `compdef() { :; }; source ${c('_fibonacci')}; words=(fibonacci secret delete ''); setopt xtrace; __fibonacci_cached secret -`,
      ],
    ],
    [
      'fish',
      ['--no-config', '-c', `source ${c('fibonacci.fish')}; set fish_trace 1; __fibonacci_cached secret -`],
    ],
  ])('is not traced by %s with tracing on', (shell, args) => {
    const env = { ...cleanEnv(), FIBONACCI_API_KEY: KEY };
    const r = spawnSync(shell, args, { encoding: 'utf8', env, timeout: 15_000 });
    expect(r.stderr).toContain('__fibonacci_cached secret'); // tracing was on
    expect(`${r.stdout}${r.stderr}`).not.toContain(KEY);
  });
});
