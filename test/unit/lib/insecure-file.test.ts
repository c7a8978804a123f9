// The plain-text key files on a real file system: one per origin, 0600, atomic, and refused when
// anybody else could have planted or read them (a symlink, a loose mode, a file moved from another
// origin's name).
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InsecureFileStore } from '../../../src/lib/insecure-file.js';
import { DEFAULT_ORIGIN } from '../../../src/lib/origin.js';
import { failure } from '../../helpers/errors.js';
import { tempDir } from '../../helpers/temp-dir.js';

const A = 'https://127.0.0.1:8443';
const B = 'https://127.0.0.1:9443';

function store(): InsecureFileStore {
  return new InsecureFileStore(join(tempDir('fib-insecure-'), 'fibonacci'));
}

describe('InsecureFileStore', () => {
  it('keeps one key per origin, each in its own 0600 file naming its origin', async () => {
    const s = store();
    await s.set(A, 'fib_test_a');
    await s.set(B, 'fib_test_b');
    expect(await s.get(A)).toBe('fib_test_a');
    expect(await s.get(B)).toBe('fib_test_b');
    expect(await s.get(DEFAULT_ORIGIN)).toBeNull();
    expect(statSync(s.dir).mode & 0o777).toBe(0o700);
    expect(statSync(s.pathFor(A)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(s.pathFor(A), 'utf8'))).toEqual({ origin: A, key: 'fib_test_a' });
    // Nothing else is left behind (no temporary file).
    expect(readdirSync(s.dir).sort()).toEqual(
      [s.pathFor(A), s.pathFor(B)].map((p) => p.slice(s.dir.length + 1)).sort(),
    );

    expect(await s.delete(A)).toBe(true);
    expect(await s.delete(A)).toBe(false);
    expect(await s.get(B)).toBe('fib_test_b');
  });

  it('reads the file of the days before origins as the default origin’s, and replaces it on login', async () => {
    const s = store();
    const legacy = join(s.dir, '..', 'insecure-api-key');
    mkdirSync(join(s.dir, '..'), { recursive: true });
    writeFileSync(legacy, 'fib_live_old\n', { mode: 0o600 });
    expect(await s.get(DEFAULT_ORIGIN)).toBe('fib_live_old');
    expect(await s.get(A)).toBeNull();
    await s.set(DEFAULT_ORIGIN, 'fib_live_new');
    expect(existsSync(legacy)).toBe(false);
    expect(await s.get(DEFAULT_ORIGIN)).toBe('fib_live_new');
    writeFileSync(legacy, 'fib_live_old\n', { mode: 0o600 });
    expect(await s.delete(DEFAULT_ORIGIN)).toBe(true);
    expect(existsSync(legacy)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a symlink, a loose mode and a moved file, exit 3',
    async () => {
      const s = store();
      await s.set(A, 'fib_test_a');
      const elsewhere = join(tempDir('fib-planted-'), 'key.json');
      writeFileSync(elsewhere, JSON.stringify({ origin: B, key: 'fib_test_planted' }), { mode: 0o600 });
      symlinkSync(elsewhere, s.pathFor(B));
      let e = await failure(() => s.get(B));
      expect(e.exitCode).toBe(3);
      expect(e.message).toBe(`refusing the plain-text key file ${s.pathFor(B)}: it is a symbolic link`);

      chmodSync(s.pathFor(A), 0o666);
      e = await failure(() => s.get(A));
      expect(e.message).toBe(
        `refusing the plain-text key file ${s.pathFor(A)}: its mode 666 lets other users at it`,
      );
      chmodSync(s.pathFor(A), 0o644);
      expect((await failure(() => s.get(A))).message).toMatch(/its mode 644 lets other users at it$/);
      chmodSync(s.pathFor(A), 0o600);

      // A's file copied under B's name: the content names A, so B does not get A's key.
      rmSync(s.pathFor(B));
      writeFileSync(s.pathFor(B), readFileSync(s.pathFor(A)), { mode: 0o600 });
      expect((await failure(() => s.get(B))).message).toMatch(/it holds the key of another origin$/);

      chmodSync(s.dir, 0o777);
      e = await failure(() => s.get(A));
      expect(e.message).toBe(
        `refusing the directory of the plain-text key files ${s.dir}: its mode 777 lets other users at it`,
      );
      expect(e.hint).toBe(
        `\`chmod 700 ${s.dir}\` if it is yours; otherwise remove it, then run \`fibonacci auth login --insecure-storage\` again`,
      );
      await expect(s.set(A, 'fib_test_x')).rejects.toThrow(/its mode 777/);
      chmodSync(s.dir, 0o700);
      expect(await s.get(A)).toBe('fib_test_a');
    },
  );
});
