// The one lock-file mechanism (src/lib/pid-lock.ts) that an export per output file and an emulator
// per data dir share: who holds it, when a lock is stale, and that only its own file is released.
import {
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquirePidLock, type LockHolder, type LockWords } from '../../../src/lib/pid-lock.js';
import { tempDir } from '../../helpers/temp-dir.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');

/** Words that record what the mechanism decided, as errors a test can read. */
function recorder() {
  const tookOver: Array<LockHolder | null> = [];
  const words: LockWords = {
    held: (holder, here) => new Error(`held ${JSON.stringify(holder)} here=${here}`),
    notAFile: () => new Error('not a file'),
    cannotCreate: () => new Error('cannot create'),
    cannotWrite: () => new Error('cannot write'),
    churn: () => new Error('churn'),
    takingOver: (holder) => tookOver.push(holder),
  };
  return { words, tookOver };
}

const holderFile = (pid: number, host = hostname()) =>
  `${JSON.stringify({ pid, host, started_at: '2026-12-01T11:00:00.000Z' })}\n`;

/** A pid no process has (above the kernel's pid_max on any Linux). */
const DEAD_PID = 2 ** 22 + 1;

describe('acquirePidLock', () => {
  it('writes pid, host and start time in a 0600 file, and release removes it', () => {
    const path = join(tempDir(), 'x.lock');
    const lock = acquirePidLock(path, NOW, recorder().words);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
      started_at: NOW.toISOString(),
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lock.held()).toBe(true);
    lock.release();
    expect(() => statSync(path)).toThrow(/ENOENT/);
  });

  it('a live holder on this host refuses, naming it', () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, holderFile(process.ppid));
    expect(() => acquirePidLock(path, NOW, recorder().words)).toThrow(
      `held {"pid":${process.ppid},"host":"${hostname()}","started_at":"2026-12-01T11:00:00.000Z"} here=true`,
    );
  });

  it('a dead holder on this host is taken over and announced', () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, holderFile(DEAD_PID));
    const { words, tookOver } = recorder();
    const lock = acquirePidLock(path, NOW, words);
    expect(tookOver.map((h) => h?.pid)).toEqual([DEAD_PID]);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('a holder on another host is never taken over, even with a pid dead here', () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, holderFile(DEAD_PID, 'elsewhere.example'));
    expect(() => acquirePidLock(path, NOW, recorder().words)).toThrow(
      /"host":"elsewhere\.example".* here=false/,
    );
  });

  it('an unreadable lock is a holder still writing it while young, stale once old', () => {
    const path = join(tempDir(), 'x.lock');
    writeFileSync(path, '');
    expect(() => acquirePidLock(path, NOW, recorder().words)).toThrow('held null here=true');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const { words, tookOver } = recorder();
    acquirePidLock(path, NOW, words).release();
    expect(tookOver).toEqual([null]);
  });

  it('a directory or a link at the path is refused, never followed', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'd.lock'));
    expect(() => acquirePidLock(join(dir, 'd.lock'), NOW, recorder().words)).toThrow('not a file');
    writeFileSync(join(dir, 'target'), 'keep\n');
    symlinkSync(join(dir, 'target'), join(dir, 'l.lock'));
    expect(() => acquirePidLock(join(dir, 'l.lock'), NOW, recorder().words)).toThrow('not a file');
    expect(readFileSync(join(dir, 'target'), 'utf8')).toBe('keep\n');
  });

  it('release leaves a lock that is no longer its own (replaced meanwhile)', () => {
    const path = join(tempDir(), 'x.lock');
    const lock = acquirePidLock(path, NOW, recorder().words);
    writeFileSync(`${path}.new`, holderFile(process.ppid));
    // Another holder's file now stands at the path.
    renameSync(`${path}.new`, path);
    expect(lock.held()).toBe(false);
    lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.ppid);
  });
});
