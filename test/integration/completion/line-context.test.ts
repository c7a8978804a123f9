// The command line chooses the context its command runs in: `--api-url`, `--ca-cert` (and the
// client certificate flags) on the line, or in fish an assignment in front of the command. TAB must
// offer the names of that context — never those of the context the shell exports. Two real
// emulators, their keys in the real Secret Service, the built CLI, the real shells.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { secretServiceSession } from '../../helpers/prerequisites.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { bashComplete, fishComplete, type ShellRun, zshComplete } from './shells.js';

const dir = tempDir('fib-line-context-');
const log = join(dir, 'node-runs');
const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
const enabled = secretServiceSession();
let a: EmulatorHandle;
let b: EmulatorHandle;
let env: Record<string, string>;

async function seed(emu: EmulatorHandle, name: string) {
  const r = await runCli(['secret', 'set', '--env', 'production', name], { env: emu.env, input: 'v' });
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  if (!enabled) return;
  [a, b] = await Promise.all([startEmulator(), startEmulator()]);
  await seed(a, 'A_ONLY_SECRET');
  await seed(b, 'B_ONLY_SECRET');
  // The shell exports A's API; both keys are in the keychain (no FIBONACCI_API_KEY).
  env = cleanEnv({
    FIBONACCI_BASE_URL: a.url,
    FIBONACCI_CA_CERT: a.caCertPath,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
  });
  for (const [emu, extra] of [
    [a, {}],
    [b, { FIBONACCI_BASE_URL: b.url, FIBONACCI_CA_CERT: b.caCertPath }],
  ] as const) {
    const r = await runCli(['auth', 'login', '--with-token'], {
      env: { ...env, ...extra },
      input: emu.ownerKey,
    });
    expect(r.code, r.stderr).toBe(0);
  }
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'fibonacci'), `#!/bin/sh\necho run >>'${log}'\nexec '${CLI_BIN}' "$@"\n`, {
    mode: 0o755,
  });
  env.PATH = `${join(dir, 'bin')}:${env.PATH}`;
  // A's names warm in the shell's file: the tempting wrong answer is there to be read.
  const shDir = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion', 'sh');
  for (let i = 0; i < 5; i++) {
    const r = await runCli(['__complete', 'secret', '--env', 'production'], { env });
    if (r.stdout === 'A_ONLY_SECRET\n') break;
  }
  expect(readFileSync(join(shDir, readdirSync(shDir)[0] as string), 'utf8')).toContain('A_ONLY_SECRET');
});
afterAll(async () => {
  if (!enabled) return;
  const contexts: Array<Record<string, string>> = [
    {},
    { FIBONACCI_BASE_URL: b.url, FIBONACCI_CA_CERT: b.caCertPath },
  ];
  for (const extra of contexts) await runCli(['auth', 'logout'], { env: { ...env, ...extra } });
  await Promise.all([a?.stop(), b?.stop()]);
});
beforeEach(() => writeFileSync(log, ''));

type Complete = (line: string, o?: ShellRun) => string[];
const SHELLS: Array<[string, Complete]> = [
  ['bash', bashComplete],
  ['bash without bash-completion', (l, o) => bashComplete(l, { ...o, plainBash: true })],
  ['zsh', zshComplete],
  ['fish', fishComplete],
];

/** What TAB offers; Node gives up after 0.9 s, so an empty answer on a loaded host is tried again. */
function offered(complete: Complete, line: string): string[] {
  let got: string[] = [];
  for (let i = 0; i < 5 && got.length === 0; i++) got = complete(line, { env });
  return got;
}

describe.each(SHELLS)('%s', (_shell, complete) => {
  it('B’s --api-url and --ca-cert on the line: only B’s names', () => {
    if (!enabled) return;
    const tail = 'secret delete --env production ';
    expect(offered(complete, `fibonacci ${tail}`)).toEqual(['A_ONLY_SECRET']);
    expect(offered(complete, `fibonacci --api-url ${b.url} --ca-cert ${b.caCertPath} ${tail}`)).toEqual([
      'B_ONLY_SECRET',
    ]);
    expect(offered(complete, `fibonacci --api-url=${b.url} --ca-cert=${b.caCertPath} ${tail}`)).toEqual([
      'B_ONLY_SECRET',
    ]);
    // After the subcommand, as commander takes them too.
    expect(
      offered(
        complete,
        `fibonacci secret delete --api-url ${b.url} --ca-cert ${b.caCertPath} --env production `,
      ),
    ).toEqual(['B_ONLY_SECRET']);
    // A value the shell would expand on Enter is not guessed at: nothing, and no Node.
    const before = runs();
    expect(complete(`fibonacci --api-url $B_URL ${tail}`, { env: { ...env, B_URL: b.url } })).toEqual([]);
    expect(runs()).toBe(before);
  });

  it('--env=NAME is read as --env NAME', () => {
    if (!enabled) return;
    expect(offered(complete, 'fibonacci secret delete --env=production ')).toEqual(['A_ONLY_SECRET']);
  });
});

describe.each(SHELLS.filter(([name]) => name === 'bash' || name === 'zsh'))(
  '%s, the cursor mid-line',
  (_shell, complete) => {
    // fish's complete -C has no text after the cursor; plain bash (no bash-completion) completes the word
    // after a cursor that stands in blanks, as readline names it (its flags, never another origin's names).
    it.skipIf(_shell === 'fish' || _shell === 'bash without bash-completion')(
      'a context flag after the cursor applies too: only B’s names',
      () => {
        if (!enabled) return;
        // TAB in the middle of `secret delete --env production ▮ --api-url B --ca-cert B.pem --yes`.
        const after = ` --api-url ${b.url} --ca-cert ${b.caCertPath} --yes`;
        let got: string[] = [];
        for (let i = 0; i < 5 && got.length === 0; i++)
          got = complete('fibonacci secret delete --env production ', { env, after });
        expect(got).toEqual(['B_ONLY_SECRET']);
      },
    );
  },
);

describe('an assignment in front of the command', () => {
  const line = () =>
    `FIBONACCI_BASE_URL=${b.url} FIBONACCI_CA_CERT=${b.caCertPath} fibonacci secret delete --env production `;
  it('fish applies it while completing: B’s names', () => {
    if (!enabled) return;
    expect(offered(fishComplete, line())).toEqual(['B_ONLY_SECRET']);
  });
  it('zsh completes without it: nothing at all, and no Node', () => {
    if (!enabled) return;
    expect(zshComplete(line(), { env })).toEqual([]);
    expect(runs()).toBe(0);
  });
});

describe('a wrapper in front of the command (env, nice, command)', () => {
  const bAssigned = () => `FIBONACCI_BASE_URL=${b.url} FIBONACCI_CA_CERT=${b.caCertPath}`;
  const tail = 'fibonacci secret delete --env production ';
  // fish completes these through env's (or nice's) completion, on the words from fibonacci on, with
  // none of the wrapper's assignments or options applied: the exported context (A) would answer.
  const unknowable = () => [
    `env ${bAssigned()} ${tail}`,
    `command env ${bAssigned()} ${tail}`,
    `nice env ${bAssigned()} ${tail}`,
    `env -i ${tail}`,
    `env -u FIBONACCI_BASE_URL ${tail}`,
  ];
  it.each([
    ['fish', fishComplete],
    ['zsh', zshComplete],
  ] as const)('%s offers no server names (never A’s), and runs no Node', (_shell, complete) => {
    if (!enabled) return;
    // fish may still offer env's own completions (file names): never a secret's name.
    const names = (line: string) =>
      complete(line, { env, fishSystem: true }).filter((w) => /_SECRET$/.test(w));
    for (const line of unknowable()) expect([line, names(line)]).toEqual([line, []]);
    expect(runs()).toBe(0);
  });
  it('bash: sudo (as root, as another user, as a login shell) offers no server names, and runs no Node', () => {
    if (!enabled) return;
    const names = (line: string) => bashComplete(line, { env }).filter((w) => /_SECRET$/.test(w));
    for (const line of [`sudo ${tail}`, `sudo -u nobody ${tail}`, `sudo -i ${tail}`])
      expect([line, names(line)]).toEqual([line, []]);
    expect(runs()).toBe(0);
    // command (no change of user or environment) keeps the exported context.
    expect(offered(bashComplete, `command ${tail}`)).toEqual(['A_ONLY_SECRET']);
  });
  it('zsh: a plain wrapper and another variable’s assignment keep the exported context', () => {
    if (!enabled) return;
    expect(offered(zshComplete, `env LC_ALL=C ${tail}`)).toEqual(['A_ONLY_SECRET']);
    expect(offered(zshComplete, `nice ${tail}`)).toEqual(['A_ONLY_SECRET']);
  });
});
