// A write to stdout that fails is a failure the user hears about: any --json list exits 1 with one
// error line, so does a report whose exit code grades it (11), an export to `-` exits 8, create-key names the key it created and how to revoke it.
// A closed pipe (EPIPE) stays a quiet exit 0. Through FakeIO's failing stdout (every write
// fails as `> /dev/full` makes it); test/reliability/export-files.test.ts does the same with the
// real /dev/full.
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../helpers/fake-api.js';
import { runInProcess } from '../../helpers/run-in-process.js';

const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const NOW = new Date('2026-11-29T12:00:00Z');
const FULL = 'error: cannot write to standard output: no space left on device (ENOSPC)\n';
const FULL_HINT = 'hint: what was not written is lost: free some space, or send the output somewhere else\n';

const CREATED = {
  id: 'key_new',
  name: 'ci',
  prefix: 'fib_test_Zr8Q',
  scopes: { read: true, write: false, execute: false, delete: false, admin: false },
  workflows: ['**'],
  created_at: '2026-11-29T12:00:00Z',
  expires_at: '2027-02-27T12:00:00Z',
  last_used_at: null,
  revoked_at: null,
  created_by: 'user-1',
  key: 'fib_test_Zr8Qn2vLx5Kp0Tj7Wc3Hd9Ym4Fs6Ba1Ge8Un2Qx5Ro',
};

describe('stdout write errors', () => {
  it('secret list --json on a full disk: exit 1, one error line and a hint, no success', async () => {
    const api = new FakeApi().on('GET', '/api/v1/secrets', { secrets: [] });
    const r = await runInProcess(['secret', 'list', '--json'], { env: ENV, api, stdoutError: 'ENOSPC' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(FULL + FULL_HINT);
  });

  it('an I/O error is named as one too', async () => {
    const api = new FakeApi().on('GET', '/api/v1/secrets', { secrets: [] });
    const r = await runInProcess(['secret', 'list', '--json'], { env: ENV, api, stdoutError: 'EIO' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: cannot write to standard output: i/o error (EIO)');
  });

  it('--help on a full disk fails too; a command that failed keeps its own exit code', async () => {
    const help = await runInProcess(['secret', '--help'], { env: ENV, stdoutError: 'ENOSPC' });
    expect(help.code).toBe(1);
    expect(help.stderr).toBe(FULL + FULL_HINT);
    const failed = await runInProcess(['secret', 'list', '--env', 'BAD ENV', '--json'], {
      env: ENV,
      stdoutError: 'ENOSPC',
    });
    expect(failed.code).toBe(2);
    expect(failed.stderr).not.toContain('standard output');
  });

  it('a report graded by its exit code (secret health: 11) that could not be written: the error, exit 1', async () => {
    const sick = {
      status: 'unhealthy',
      backend: 'db',
      checks: { list_secrets: 'ok', get_secret: 'error: x' },
    };
    for (const flags of [[], ['--json']]) {
      const api = new FakeApi().on('GET', '/api/v1/health/secrets', sick);
      const r = await runInProcess(['secret', 'health', ...flags], { env: ENV, api, stdoutError: 'ENOSPC' });
      expect([r.code, r.stderr]).toEqual([1, FULL + FULL_HINT]);
      const closed = await runInProcess(['secret', 'health', ...flags], {
        env: ENV,
        api: new FakeApi().on('GET', '/api/v1/health/secrets', sick),
        stdoutError: 'EPIPE',
      });
      expect([closed.code, closed.stderr]).toEqual([11, '']);
    }
  });

  it('a closed pipe is the quiet exit 0', async () => {
    const api = new FakeApi().on('GET', '/api/v1/secrets', { secrets: [] });
    const r = await runInProcess(['secret', 'list', '--json'], { env: ENV, api, stdoutError: 'EPIPE' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('create-key --plain: the key was created, so say which one and how to revoke it', async () => {
    for (const flag of ['--plain', '--json']) {
      const api = new FakeApi().on('POST', '/api/v1/api-keys', CREATED);
      const r = await runInProcess(['auth', 'create-key', '--name', 'ci', '--scope', 'read', flag], {
        env: ENV,
        api,
        now: NOW,
        stdoutError: 'ENOSPC',
      });
      expect(r.code, flag).toBe(1);
      expect(r.stderr, flag).toBe(
        'error: key key_new was created, but it could not be written to standard output: no space left on device (ENOSPC)\n' +
          'hint: the key cannot be shown again: revoke it with `fibonacci auth revoke-key key_new --yes` and create another\n',
      );
      expect(r.stderr).not.toContain(CREATED.key);
    }
  });

  it('audit export --output -: exit 8 after the events that were written, never "Exported"', async () => {
    // Every write fails, the first one too (before the first page is asked for): no stub, so a
    // request made anyway throws.
    const api = new FakeApi();
    const r = await runInProcess(['audit', 'export', '--format', 'ndjson', '--output', '-'], {
      env: ENV,
      api,
      now: NOW,
      stdoutError: 'ENOSPC',
    });
    expect(r.code).toBe(8);
    expect(r.stderr).toBe(
      'error: export stopped after 0 events: cannot write to standard output: no space left on device (ENOSPC)\n' +
        'hint: export to a file (--output FILE) to be able to resume\n',
    );
  });

  it('audit export --output - into a closed pipe: exit 0, nothing said', async () => {
    const api = new FakeApi(); // the pipe is closed at the first write, as above
    const r = await runInProcess(['audit', 'export', '--format', 'json', '--output', '-'], {
      env: ENV,
      api,
      now: NOW,
      stdoutError: 'EPIPE',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
