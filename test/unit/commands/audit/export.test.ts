// `audit export` in-process: exit 8 with the exact --resume command, the checkpoint, refusals.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import type { AuditEvent } from '../../../../src/lib/export/writers.js';
import { FakeApi, type RecordedCall } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const PATH = '/api/v1/audit/events';
const ev = (i: number): AuditEvent => ({
  id: `evt_${i}`,
  timestamp: `2026-11-29T11:30:0${i}.000Z`, // after --since '1 hour ago': the client checks
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'user-123',
  ip_address: null,
  action: 'set',
  status: 'success',
  duration_ms: null,
  metadata: {},
});

/** Three pages (c1, c2); the page at `c2` fails while `down` is true. */
function api(state: { down: boolean }) {
  return new FakeApi().on('GET', PATH, (call: RecordedCall) => {
    const cursor = call.options.query?.cursor;
    if (cursor === undefined) return { events: [ev(1), ev(2)], next_cursor: 'c1' };
    if (cursor === 'c1') return { events: [ev(3)], next_cursor: 'c2' };
    if (state.down) return new CliError('network', 'cannot connect to emu.test: connection refused');
    return { events: [ev(4)], next_cursor: null };
  });
}

describe('audit export', () => {
  it('exits 8 with a checkpoint and the exact --resume command, then resumes to the whole file', async () => {
    const dir = tempDir();
    const out = join(dir, 'audit.ndjson');
    const args = [
      'audit',
      'export',
      '--format',
      'ndjson',
      '--output',
      out,
      '--since',
      '1 hour ago',
      '--event-type',
      'secret.set',
    ];
    const state = { down: true };
    const r = await runInProcess(args, { api: api(state), env: ENV, now: NOW });
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Showing events 2026-11-29T11:00:00Z → now\n' +
        'error: export stopped after 3 events: cannot connect to emu.test: connection refused\n' +
        `hint: resume with: fibonacci audit export --format ndjson --output ${out} --since '1 hour ago' --event-type secret.set --resume\n`,
    );
    expect(existsSync(out)).toBe(false);
    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
    expect(checkpoint).toMatchObject({
      format: 'ndjson',
      cursor: 'c2',
      count: 3,
      filters: { since: '2026-11-29T11:00:00.000Z', event_type: ['secret.set'] },
      typed: { since: '1 hour ago' },
    });

    // Different filters are refused, and nothing is fetched.
    const other = new FakeApi();
    const refused = await runInProcess([...args.slice(0, -2), '--resume'], {
      api: other,
      env: ENV,
      now: NOW,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^error: --resume with different --event-type than the unfinished export of /,
    );
    expect(other.calls).toHaveLength(0);

    // The same command line an hour later still means the first run's hour.
    state.down = false;
    const later = new Date('2026-11-29T13:00:00Z');
    const again = api(state);
    const resumed = await runInProcess([...args, '--resume'], { api: again, env: ENV, now: later });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toBe(
      `Showing events 2026-11-29T11:00:00Z → now\nResumed ${out} at 3 events; exported 4 events to ${out}\n`,
    );
    expect(again.calls.map((c) => c.options.query?.cursor)).toEqual(['c2']);
    expect(again.calls[0]?.options.query?.since).toBe('2026-11-29T11:00:00.000Z');
    expect(readFileSync(out, 'utf8')).toBe([1, 2, 3, 4].map((i) => `${JSON.stringify(ev(i))}\n`).join(''));
    expect(existsSync(`${out}.checkpoint.json`)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('refuses --resume with nothing to resume, and a missing format', async () => {
    const out = join(tempDir(), 'audit.out');
    const none = await runInProcess(['audit', 'export', '--format', 'csv', '--output', out, '--resume'], {
      env: ENV,
      now: NOW,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      `error: there is no unfinished export of ${out} to resume\nhint: export again without --resume\n`,
    );
    const noFormat = await runInProcess(['audit', 'export', '--output', out], { env: ENV, now: NOW });
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toMatch(/^error: --format is required/);
  });

  it('writes to stdout with --output -, the summary on stderr', async () => {
    const r = await runInProcess(['audit', 'export', '--format', 'json', '--output', '-'], {
      api: api({ down: false }),
      env: ENV,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([ev(1), ev(2), ev(3), ev(4)]);
    expect(r.stderr).toBe('Exported 4 events to standard output\n');
  });

  it('guesses the format from the extension', async () => {
    const out = join(tempDir(), 'audit.csv');
    const r = await runInProcess(['audit', 'export', '-o', out], {
      api: api({ down: false }),
      env: ENV,
      now: NOW,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toBe(
      'id,timestamp,event_type,workflow_id,user_id,ip_address,action,status,duration_ms,metadata',
    );
  });
});
