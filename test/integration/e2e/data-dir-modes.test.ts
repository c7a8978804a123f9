// Every file the emulator writes is 0600 and every directory it makes 0700, whatever the umask and
// whatever the mode of a data dir that already existed: the database and SQLite's -wal and -shm
// (which SQLite creates itself, with the main file's mode), the owner and master keys, the CA, the
// server and client certificates and keys, the lock a running emulator holds. Files an older
// version left 0644 are refused (named, with the chmod): someone may have read the keys, so they
// are not tightened in silence.
// The built CLI, spawned under the umask given (npm run build first).
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every entry of the data dir with its mode, as `name 0600`. */
function modes(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((f) => `${f} ${mode(join(dir, f)).toString(8).padStart(4, '0')}`);
}

const ALL_FILES = [
  'ca-key.pem',
  'ca.pem',
  'client-key.pem',
  'client.pem',
  'emulator.db',
  'emulator.db-shm',
  'emulator.db-wal',
  'emulator.lock',
  'master-key',
  'owner-key',
  'port',
  'server-key.pem',
  'server.pem',
];
const private_ = (files: string[]) => files.map((f) => `${f} 0600`);

/** Run the emulator on `dataDir` under `umask`, write through every store, and return the modes seen. */
async function modesWhileRunning(dataDir: string, umask: string): Promise<string[]> {
  const emu = await startEmulator({ dataDir, umask, args: ['--require-client-cert'] });
  try {
    const env = { ...emu.env };
    expect((await runCli(['secret', 'set', 'MODE_CHECK'], { env, input: 'v' })).code).toBe(0);
    expect((await runCli(['secret', 'health'], { env })).code).toBe(0);
    return modes(dataDir);
  } finally {
    await emu.stop();
  }
}

describe('data dir file modes', () => {
  it('a pre-existing 0755 data dir under umask 000: every file 0600, -wal and -shm included', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    expect(await modesWhileRunning(dataDir, '000')).toEqual(private_(ALL_FILES));
    // The directory was the user's: its mode is theirs to choose.
    expect(mode(dataDir)).toBe(0o755);
  });

  it('files an older version left 0644 are refused, named, until the user tightens them (never in silence)', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    await modesWhileRunning(dataDir, '022');
    chmodSync(dataDir, 0o700);
    for (const f of readdirSync(dataDir)) chmodSync(join(dataDir, f), 0o644);
    for (const verb of [
      ['emulator', 'start', '--port', '0', '--data-dir', dataDir],
      ['emulator', 'add-user', '--role', 'viewer', '--data-dir', dataDir],
    ]) {
      const r = await runCli(verb, { timeoutMs: 15_000 });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        /has mode 0644, so other users could have read or changed it\nhint: if nobody else could reach it, `chmod 600 /,
      );
    }
    for (const f of readdirSync(dataDir)) chmodSync(join(dataDir, f), 0o600);
    expect(await modesWhileRunning(dataDir, '022')).toEqual(private_(ALL_FILES));
  });

  it('a data dir it creates is 0700, parents included, under umask 000', async () => {
    const root = tempDir();
    const dataDir = join(root, 'a', 'b', 'data');
    const emu = await startEmulator({ dataDir, umask: '000' });
    await emu.stop();
    for (const dir of [join(root, 'a'), join(root, 'a', 'b'), dataDir]) expect(mode(dir)).toBe(0o700);
    expect(modes(dataDir).every((l) => l.endsWith(' 0600'))).toBe(true);
  });
});
