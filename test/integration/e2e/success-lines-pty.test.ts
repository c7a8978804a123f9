// Every mutating command says what it did in one `✓` line when stderr is a terminal, also when its
// stdin is a pipe (`printf … | fibonacci secret set X` at a terminal, and every piped step of
// `npm run demo`): the built CLI on a real pseudo-terminal against the spawned emulator. Piped
// output (no terminal) stays silent: secrets.test.ts and the other e2e files pin that.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { hasProgram, prerequisite, secretServiceSession } from '../../helpers/prerequisites.js';
import { HAVE_PTY, ptyPiped, ptyPipedCommand } from '../../helpers/pty.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const haveScript = HAVE_PTY;
let emu: EmulatorHandle;
let env: Record<string, string>;
const work = tempDir('fib-pty-');

beforeAll(async () => {
  if (!haveScript) return;
  emu = await startEmulator();
  env = { ...emu.env, NO_COLOR: '1' };
});
afterAll(async () => {
  await emu?.stop();
});

/** The `✓` lines of a screen. */
const ticks = (screen: string) => screen.split('\n').filter((l) => l.startsWith('✓'));

describe.skipIf(!haveScript)('one ✓ line on a terminal, stdin piped', () => {
  const file = (name: string, text: string) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };

  // [argv, what is piped in, the ✓ line]
  const CASES: Array<[string[], string, RegExp]> = [
    [
      ['secret', 'set', 'PTY_ONE', '--env', 'production'],
      'value\n',
      /^✓ Set secret PTY_ONE \(production, version 1\)$/,
    ],
    [
      ['secret', 'rotation', 'PTY_ONE', '--env', 'production', '--every', '30d'],
      '',
      /^✓ Rotation of PTY_ONE \(production\): every 30 days/,
    ],
    [
      ['secret', 'delete', 'PTY_ONE', '--env', 'production', '--yes'],
      '',
      /^✓ Deleted secret PTY_ONE \(production\)$/,
    ],
    [['workflow', 'create', 'pty/etl', '--file', '@WF'], '', /^✓ Created workflow pty\/etl$/],
    [['org', 'quota', 'set', 'memory_mb=8192'], '', /^✓ Quota of org-\w+ updated$/],
    [['org', 'governance', 'set', 'approval_threshold=2'], '', /^✓ Governance of org-\w+ updated$/],
    [['auth', 'create-key', '--name', 'pty', '--scope', 'read'], '', /^✓ Created API key pty \(key_\w+\)$/],
  ];
  for (const [argv, input, tick] of CASES) {
    it(argv.slice(0, 2).join(' '), async () => {
      const args = argv.map((a) =>
        a === '@WF'
          ? file('wf.json', '{"name":"etl","version":1,"nodes":[{"id":"a","type":"tool"}],"edges":[]}')
          : a,
      );
      const run = await ptyPiped(args, env, input);
      expect(run.code, run.screen).toBe(0);
      expect(ticks(run.screen), run.screen).toEqual([expect.stringMatching(tick)]);
    });
  }

  it('secret set --env-file', async () => {
    const run = await ptyPiped(
      ['secret', 'set', '--env-file', file('pty.env', 'PTY_A=a\nPTY_B=b\n'), '--env', 'staging'],
      env,
    );
    expect(run.code, run.screen).toBe(0);
    expect(ticks(run.screen), run.screen).toEqual([
      expect.stringMatching(/^✓ Set 2 secrets in staging from \S+pty\.env$/),
    ]);
  });

  it('auth revoke-key', async () => {
    const created = await runCli(
      ['auth', 'create-key', '--name', 'pty-revoke', '--scope', 'read', '--json'],
      { env },
    );
    const { id } = JSON.parse(created.stdout) as { id: string };
    const run = await ptyPiped(['auth', 'revoke-key', id, '--yes'], env);
    expect(run.code, run.screen).toBe(0);
    expect(ticks(run.screen)).toEqual([`✓ Revoked API key ${id}`]);
  });

  describe.skipIf(!secretServiceSession())('into the real keychain', () => {
    const session = () => ({
      FIBONACCI_BASE_URL: emu.url,
      FIBONACCI_CA_CERT: emu.caCertPath,
      DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS ?? '',
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '',
      NO_COLOR: '1',
    });
    it('auth login --with-token, then auth logout', async () => {
      const login = await ptyPiped(['auth', 'login', '--with-token'], session(), `${emu.ownerKey}\n`);
      expect(login.code, login.screen).toBe(0);
      expect(ticks(login.screen), login.screen).toEqual([
        expect.stringMatching(new RegExp(`^✓ Logged in to ${emu.url.replace(/[.]/g, '\\.')} as user-\\w+`)),
      ]);
      expect(login.screen).not.toContain(emu.ownerKey);
      const logout = await ptyPiped(['auth', 'logout'], session());
      expect(logout.code, logout.screen).toBe(0);
      expect(ticks(logout.screen), logout.screen).toEqual([
        `✓ Logged out of ${emu.url}: the stored key was removed`,
      ]);
    });
  });
});

// The demo and the keychain tests run inside this wrapper: it must hand the command the caller's
// own stderr (a terminal stays one), or every ✓ line of the demo is lost.
const haveSession = prerequisite(
  'dbus-run-session and gnome-keyring-daemon',
  hasProgram('dbus-run-session') && hasProgram('gnome-keyring-daemon'),
  'apt-get install dbus gnome-keyring',
);
describe.skipIf(!haveScript || !haveSession)('scripts/with-secret-service.sh', () => {
  it("leaves the command's stderr the caller's terminal", async () => {
    const run = await ptyPipedCommand(
      join(REPO_ROOT, 'scripts', 'with-secret-service.sh'),
      ['sh', '-c', 'if test -t 2; then echo "stderr: terminal"; else echo "stderr: not a terminal"; fi'],
      { PATH: process.env.PATH ?? '' },
    );
    expect([run.code, run.screen]).toEqual([0, 'stderr: terminal\n']);
  });
});
