// writeFileAtomic and createExclusive: nothing is written through a planted link, nothing keeps a
// planter's owner or mode, and a failure leaves neither a temporary file nor a changed target.
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExclusive, writeFileAtomic } from '../../../src/lib/files.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('writeFileAtomic', () => {
  it('ignores a link planted at the temporary name it used to use (PATH.<pid>.tmp)', () => {
    const dir = tempDir();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n', { mode: 0o644 });
    const target = join(dir, 'key');
    symlinkSync(victim, `${target}.${process.pid}.tmp`);
    writeFileAtomic(target, 'fib_secret\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(lstatSync(target).isFile()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('fib_secret\n');
  });

  it('replaces a link at the target itself, never writing through it', () => {
    const dir = tempDir();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    const target = join(dir, 'config.json');
    symlinkSync(victim, target);
    writeFileAtomic(target, '{}\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(target).isSymbolicLink()).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
  });

  it('gives a planter of a world-writable target nothing: new file, our owner, our mode', () => {
    const dir = tempDir();
    const target = join(dir, 'insecure-key');
    writeFileSync(target, 'planted\n', { mode: 0o666 });
    chmodSync(target, 0o666);
    // The planter keeps a descriptor open, to read whatever lands in "their" file later.
    const planterFd = openSync(target, 'r');
    try {
      writeFileAtomic(target, 'fib_secret\n', { mode: 0o600 });
      expect(readFileSync(planterFd, 'utf8')).toBe('planted\n');
    } finally {
      closeSync(planterFd);
    }
    const st = statSync(target);
    expect(st.mode & 0o777).toBe(0o600);
    expect(st.uid).toBe(process.getuid?.());
    expect(readFileSync(target, 'utf8')).toBe('fib_secret\n');
  });

  it('sets the mode exactly, whatever the umask, and leaves only the target behind', () => {
    const dir = tempDir();
    const old = process.umask(0);
    try {
      writeFileAtomic(join(dir, 'a'), 'x', { mode: 0o600 });
      writeFileAtomic(join(dir, 'b'), 'x', { mode: 0o644, sync: true });
    } finally {
      process.umask(old);
    }
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'b')).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['a', 'b']);
  });

  it('on a failed rename keeps the target and removes its temporary file', () => {
    const dir = tempDir();
    const target = join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    expect(() => writeFileAtomic(target, 'data')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(dir)).toEqual(['busy']);
  });
});

describe('createExclusive', () => {
  it('refuses a name that exists as a file, a link or a dangling link', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    symlinkSync(join(dir, 'file'), join(dir, 'link'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    for (const name of ['file', 'link', 'dangling']) {
      expect(() => createExclusive(join(dir, name)), name).toThrow(/EEXIST/);
    }
    expect(readlinkSync(join(dir, 'dangling'))).toBe(join(dir, 'nowhere'));
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'file', 'link']);
  });
});
