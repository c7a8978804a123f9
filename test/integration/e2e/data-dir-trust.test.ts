// A data dir that another local user could plant files in, or replace, is refused before anything
// is written: the hostile user (nobody, through setpriv) makes the dir and plants links at the names
// the emulator and SQLite open (emulator.db-wal, ca-key.pem, owner-key), then root runs the built
// CLI on it. Before the refusal, root's start wrote the CA key and the owner key into the planted
// files. Needs root (to act as two users) and util-linux's setpriv; skipped otherwise, saying why.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const reason = !asRoot ? 'not running as root' : 'setpriv (util-linux) is missing';
if (!asRoot || !hasSetpriv) console.warn(`data-dir trust tests skipped: ${reason}`);

/** Run a shell command as nobody, as a hostile local user would. */
function asNobody(script: string): void {
  const r = spawnSync(
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'sh', '-euc', script],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`as nobody: ${script}: ${r.stderr}`);
}

/** A directory like /tmp (1777) that nobody can create things in. */
function sharedTmp(): string {
  const dir = tempDir('fib-shared-');
  chmodSync(dir, 0o1777);
  return dir;
}

const PLANTED = ['emulator.db-wal', 'emulator.db', 'ca-key.pem', 'owner-key', 'master-key'];

/** nobody's 0777 dir with a link at every name the emulator opens, each to a file that must never appear. */
function hostileDir(): { dir: string; victims: string[] } {
  const root = sharedTmp();
  const dir = join(root, 'shared');
  const links = PLANTED.map((n) => `ln -s ${root}/victim-${n} ${dir}/${n}`).join('; ');
  asNobody(`mkdir ${dir}; chmod 0777 ${dir}; ${links}`);
  return { dir, victims: PLANTED.map((n) => join(root, `victim-${n}`)) };
}

const verbs = (dir: string): string[][] => [
  ['emulator', 'start', '--port', '0', '--data-dir', dir],
  ['emulator', 'add-user', '--role', 'viewer', '--data-dir', dir],
  ['emulator', 'seed-audit', '--count', '5', '--data-dir', dir],
];

/** Each verb on `dir`: exit 3 with exactly `stderr`, nothing on stdout. */
async function expectRefused(dir: string, stderr: string): Promise<void> {
  for (const args of verbs(dir)) {
    // A start that is not refused runs until killed: the timeout fails the test.
    const r = await runCli(args, { timeoutMs: 15_000 });
    expect({ args: args.slice(0, 2), code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      args: args.slice(0, 2),
      code: 3,
      stdout: '',
      stderr,
    });
  }
}

describe.skipIf(!asRoot || !hasSetpriv)('emulator data dir trust (root, a hostile user nobody)', () => {
  it("nobody's world-writable dir with planted links: refused by every verb, nothing written", async () => {
    const { dir, victims } = hostileDir();
    const before = readdirSync(dir).sort();
    await expectRefused(
      dir,
      `error: refusing the emulator data dir ${dir}: it belongs to another user (uid ${NOBODY})\n` +
        'hint: use a data dir of your own (--data-dir)\n',
    );
    for (const v of victims) expect(existsSync(v), v).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("a new data dir inside nobody's dir is refused before it is made", async () => {
    const { dir } = hostileDir();
    const inside = join(dir, 'emu');
    const r = await runCli(['emulator', 'start', '--port', '0', '--data-dir', inside], { timeoutMs: 15_000 });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: refusing the emulator data dir ${inside}: ${dir}, above it, belongs to another user (uid ${NOBODY}), so they could replace it\n` +
        'hint: use a data dir under a directory only you (or root) can change, such as your home\n',
    );
    expect(existsSync(inside)).toBe(false);
  });

  it("root's own dir left writable by others (0777, or sticky 1777) is refused with the chmod", async () => {
    for (const mode of [0o777, 0o1777, 0o770]) {
      const dir = join(tempDir(), 'data');
      mkdirSync(dir);
      chmodSync(dir, mode);
      const shown = mode.toString(8).padStart(4, '0');
      await expectRefused(
        dir,
        `error: refusing the emulator data dir ${dir}: it is writable by other users (mode ${shown})\n` +
          `hint: use a data dir of your own (--data-dir), or \`chmod 700 ${dir}\` if it is yours and holds only what you put there\n`,
      );
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('after chmod 700, what was planted while it was open is still refused: a link, a foreign file, a hard link', async () => {
    const root = sharedTmp();
    const elsewhere = join(tempDir(), 'root-secret');
    writeFileSync(elsewhere, 'not for the emulator\n', { mode: 0o600 });
    const cases: Array<[string, (dir: string) => void, string]> = [
      ['emulator.db-wal', (d) => asNobody(`ln -s ${root}/victim ${d}/emulator.db-wal`), 'is a symbolic link'],
      [
        'emulator.db-shm',
        (d) => asNobody(`touch ${d}/emulator.db-shm`),
        `belongs to another user (uid ${NOBODY})`,
      ],
      // A hard link keeps the target's owner (root): only its link count gives it away.
      ['owner-key', (d) => linkSync(elsewhere, join(d, 'owner-key')), 'has 1 other hard link'],
    ];
    for (const [name, plant, why] of cases) {
      const dir = join(root, `data-${name}`);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      plant(dir);
      chmodSync(dir, 0o700);
      const file = join(dir, name);
      await expectRefused(
        dir,
        `error: refusing the emulator data dir ${dir}: ${file} ${why}\n` +
          `hint: someone else may have put it there: use a fresh data dir, or remove ${file} once you know what it is\n`,
      );
      expect(readdirSync(dir)).toEqual([name]);
    }
    expect(existsSync(join(root, 'victim'))).toBe(false);
    expect(readFileSync(elsewhere, 'utf8')).toBe('not for the emulator\n');
  });

  it('a file others could read or write (a key at 0644, the database at 0666) is refused, not repaired in silence', async () => {
    const emu = await startEmulator();
    await emu.kill();
    const dir = emu.dataDir;
    for (const [name, mode, shown] of [
      ['owner-key', 0o644, '0644'],
      ['emulator.db', 0o666, '0666'],
      ['master-key', 0o640, '0640'],
    ] as const) {
      const file = join(dir, name);
      chmodSync(file, mode);
      await expectRefused(
        dir,
        `error: refusing the emulator data dir ${dir}: ${file} has mode ${shown}, so other users could have read or changed it\n` +
          `hint: if nobody else could reach it, \`chmod 600 ${file}\`; otherwise treat this data dir's keys as exposed and use a fresh one\n`,
      );
      expect(statSync(file).mode & 0o777).toBe(mode); // left as it was found
      chmodSync(file, 0o600);
    }
  });
});
