// The one bounded reader: at most limit + 1 bytes are read from a stream or a file, then a refusal
// that names the limit; an input at the limit is read whole. readRegularFileAtMost refuses anything
// but a regular file without waiting, and no module of src/ reads a file without a bound.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  InputTooLarge,
  readFileAtMost,
  readRegularFileAtMost,
  readStreamAtMost,
  sizeLabel,
} from '../../../src/lib/bounded-read.js';
import { REPO_ROOT } from '../../helpers/repo.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** An endless stream of 1 KiB chunks that counts how many were pulled from it. */
function endless(): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      pulled++;
      this.push(Buffer.alloc(1024));
    },
  });
  return { stream, pulled: () => pulled };
}

describe('readStreamAtMost', () => {
  it('stops an endless stream just past the limit with a message that names it', async () => {
    const { stream, pulled } = endless();
    const err = await readStreamAtMost(stream, 64 * 1024, 'standard input').catch((e) => e);
    expect(err).toBeInstanceOf(InputTooLarge);
    expect(err.message).toBe('standard input is larger than 64 KiB, the most it may be');
    expect(err.exitCode).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    // Pulled: the 65 chunks it took to pass the limit, plus what the stream buffers ahead (16 KiB).
    expect(pulled()).toBeLessThan(65 + 20);
  });

  it('reads an input of exactly the limit whole', async () => {
    const data = Buffer.alloc(4096, 7);
    expect((await readStreamAtMost(Readable.from([data]), 4096, 'x')).equals(data)).toBe(true);
    await expect(readStreamAtMost(Readable.from([data, Buffer.from('!')]), 4096, 'x')).rejects.toThrow(
      /larger than 4 KiB/,
    );
  });
});

describe('readFileAtMost', () => {
  it('refuses /dev/zero after limit + 1 bytes, and reads a file at the limit whole', async () => {
    await expect(readFileAtMost('/dev/zero', 1024 * 1024, '--file /dev/zero')).rejects.toThrow(
      '--file /dev/zero is larger than 1 MiB, the most it may be',
    );
    const path = join(tempDir(), 'exact');
    writeFileSync(path, Buffer.alloc(1000, 1));
    expect((await readFileAtMost(path, 1000, 'x')).length).toBe(1000);
    await expect(readFileAtMost(path, 999, 'x')).rejects.toBeInstanceOf(InputTooLarge);
  });

  it('refuses a FIFO whose writer never stops', async () => {
    const fifo = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `exec cat /dev/zero > '${fifo}'`], { stdio: 'ignore' });
    try {
      await expect(readFileAtMost(fifo, 65536, 'x')).rejects.toBeInstanceOf(InputTooLarge);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('passes open errors through unchanged', async () => {
    await expect(readFileAtMost(join(tempDir(), 'missing'), 10, 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    await expect(readFileAtMost(tempDir(), 10, 'x')).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('sizeLabel', () => {
  it('says KiB and MiB for round sizes, bytes otherwise', () => {
    expect([sizeLabel(65536), sizeLabel(4 * 1024 * 1024), sizeLabel(1000)]).toEqual([
      '64 KiB',
      '4 MiB',
      '1000 bytes',
    ]);
  });
});

describe('readRegularFileAtMost', () => {
  it('reads a regular file (through a link) whole up to the limit, and refuses one past it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f'), 'x'.repeat(100));
    symlinkSync(join(dir, 'f'), join(dir, 'link'));
    expect(await readRegularFileAtMost(join(dir, 'link'), 100)).toEqual({
      bytes: Buffer.from('x'.repeat(100)),
    });
    expect(await readRegularFileAtMost(join(dir, 'f'), 99)).toEqual({ tooLarge: true });
  });

  it('refuses a FIFO without waiting for a writer, a device and a directory', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'd'));
    symlinkSync('/dev/zero', join(dir, 'zero'));
    for (const name of ['fifo', 'zero', 'd']) {
      const read = await readRegularFileAtMost(join(dir, name), 1024);
      expect('notRegular' in read).toBe(true);
    }
  });
});

describe('no unbounded read in src/', () => {
  // A whole-file read of a path someone else chose is /dev/zero's 1 GB or a FIFO's endless wait.
  // Allowed: a file of the kernel's, and the .gitignore reader (another change replaces it).
  const ALLOWED = ['src/lib/node-env-file.ts', 'src/lib/security-check/gitignore.ts'];
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
    );
  it('every file is read through lib/bounded-read.ts', () => {
    const offenders = files(join(REPO_ROOT, 'src'))
      .map((f) => relative(REPO_ROOT, f))
      .filter((f) => !ALLOWED.includes(f))
      .filter((f) =>
        /\breadFileSync\(|\.readFile\(|\breadFile\(/.test(readFileSync(join(REPO_ROOT, f), 'utf8')),
      );
    expect(offenders).toEqual([]);
  });
});
