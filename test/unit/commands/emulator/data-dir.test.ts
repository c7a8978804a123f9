// `emulator add-user` and `seed-audit` in process, on a data dir written directly (no server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapIfEmpty } from '../../../../src/emulator/bootstrap.js';
import { dataPaths } from '../../../../src/emulator/files.js';
import { openStore } from '../../../../src/emulator/store.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fib-data-dir-'));
  dirs.push(d);
  return d;
}

/** A data dir as the first `emulator start` leaves it: a database with the organization and its owner. */
function startedDataDir(): string {
  const dir = tempDir();
  const paths = dataPaths(dir);
  const store = openStore(paths.db);
  try {
    bootstrapIfEmpty(store, paths);
  } finally {
    store.close();
  }
  return dir;
}

describe('a data dir no emulator has started on', () => {
  it.each([[['add-user', '--role', 'viewer']], [['seed-audit', '--count', '5']]])(
    '%j: the same config error (exit 3) and hint',
    async (verb) => {
      const dir = join(tempDir(), 'none');
      const r = await runInProcess(['emulator', ...verb, '--data-dir', dir]);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `error: no emulator data in ${dir}\nhint: start it once first: fibonacci emulator start --data-dir ${dir}\n`,
      );
    },
  );

  it('defaults to $XDG_DATA_HOME/fibonacci/emulator', async () => {
    const data = tempDir();
    const dir = join(data, 'fibonacci', 'emulator');
    const r = await runInProcess(['emulator', 'seed-audit', '--count', '1'], {
      env: { XDG_DATA_HOME: data },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error: no emulator data in ${dir}\n`);
  });
});

describe('no --data-dir, and FIBONACCI_CA_CERT exported from a running emulator', () => {
  it.each([[['add-user', '--role', 'viewer']], [['seed-audit', '--count', '1']]])(
    "%j: the hint names that emulator's data dir",
    async (verb) => {
      const running = startedDataDir();
      const data = tempDir();
      const r = await runInProcess(['emulator', ...verb], {
        env: { XDG_DATA_HOME: data, FIBONACCI_CA_CERT: join(running, 'ca.pem') },
      });
      expect([r.code, r.stdout, r.stderr]).toEqual([
        3,
        '',
        `error: no emulator data in ${join(data, 'fibonacci', 'emulator')}\nhint: FIBONACCI_CA_CERT is the CA of the emulator whose data is in ${running}: add --data-dir ${running}\n`,
      ]);
    },
  );

  it('a --data-dir given keeps its own hint: the flag is what the user meant', async () => {
    const running = startedDataDir();
    const dir = join(tempDir(), 'none');
    const r = await runInProcess(['emulator', 'add-user', '--role', 'viewer', '--data-dir', dir], {
      env: { FIBONACCI_CA_CERT: join(running, 'ca.pem') },
    });
    expect(r.stderr).toBe(
      `error: no emulator data in ${dir}\nhint: start it once first: fibonacci emulator start --data-dir ${dir}\n`,
    );
  });
});

describe('a started data dir', () => {
  it('add-user prints the new key once: in the owner-key line, or alone with --plain', async () => {
    const dir = startedDataDir();
    const r = await runInProcess(['emulator', 'add-user', '--role', 'viewer', '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^viewer key \(shown once; user user-\w+, key key_\w+\): fib_test_[A-Za-z0-9]{43}\n$/,
    );
    const plain = await runInProcess([
      'emulator',
      'add-user',
      '--role',
      'viewer',
      '--data-dir',
      dir,
      '--plain',
    ]);
    expect(plain.stdout).toMatch(/^fib_test_[A-Za-z0-9]{43}\n$/);
  });

  it('seed-audit adds the events to the database and says where', async () => {
    const dir = startedDataDir();
    const at = '2026-11-29T12:00:00.000Z';
    const r = await runInProcess(['emulator', 'seed-audit', '--count', '3', '--at', at, '--data-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const said = /^Seeded 3 synthetic audit events into (.+) in \d+\.\d s\n$/.exec(r.stderr);
    expect(said?.[1]).toBe(join(dir, 'emulator.db'));
    const store = openStore(dataPaths(dir).db, { mustExist: true });
    try {
      const rows = store.db.prepare('SELECT timestamp, metadata FROM audit_events').all() as Array<{
        timestamp: string;
        metadata: string;
      }>;
      expect(rows).toHaveLength(3);
      for (const row of rows) {
        expect(row.timestamp).toBe(at);
        expect(JSON.parse(row.metadata)).toMatchObject({ seeded: true });
      }
    } finally {
      store.close();
    }
  });
});
