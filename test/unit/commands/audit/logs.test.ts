// `audit logs` in-process against a stubbed API: what a user sees on a TTY, piped and as JSON.
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src/lib/errors.js';
import type { AuditEvent } from '../../../../src/lib/export/writers.js';
import { FakeApi, type RecordedCall } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const PATH = '/api/v1/audit/events';

const E1: AuditEvent = {
  id: 'evt_2',
  timestamp: '2026-11-29T11:55:00.000Z',
  event_type: 'workflow.execute',
  workflow_id: 'production-pipeline',
  user_id: 'user-123',
  ip_address: '192.168.1.100',
  action: 'execute',
  status: 'success',
  duration_ms: 1523,
  metadata: { input_hash: 'abc123' },
};
const E2: AuditEvent = {
  ...E1,
  id: 'evt_1',
  timestamp: '2026-11-29T09:00:00.000Z',
  event_type: 'access.denied',
  workflow_id: null,
  status: 'denied',
  duration_ms: null,
  ip_address: null,
  metadata: {},
};

const page = (events: AuditEvent[], next: string | null = null) => ({ events, next_cursor: next });

describe('audit logs', () => {
  it('prints tab-separated rows with RFC 3339 times when piped, asking for the newest 50', async () => {
    const api = new FakeApi().on('GET', PATH, page([E1, E2]));
    const r = await runInProcess(['audit', 'logs'], { api, env: ENV, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '2026-11-29T11:55:00Z\tworkflow.execute\tproduction-pipeline\tuser-123\tsuccess\t1.5s\t192.168.1.100\tproduction-pipeline\n' +
        '2026-11-29T09:00:00Z\taccess.denied\t-\tuser-123\tdenied\t-\t-\texecute\n',
    );
    expect(r.stderr).toBe('');
    expect(api.calls[0]?.options.query).toEqual({ order: 'desc', limit: 50 });
  });

  it('prints an aligned table with relative times on a TTY', async () => {
    const api = new FakeApi().on('GET', PATH, page([E1, E2]));
    const r = await runInProcess(['audit', 'logs'], { api, env: ENV, now: NOW, stdoutIsTTY: true });
    expect(r.stdout).toBe(
      [
        'TIME           EVENT             TARGET               USER      STATUS   DURATION  IP',
        '5 minutes ago  workflow.execute  production-pipeline  user-123  success  1.5s      192.168.1.100',
        '3 hours ago    access.denied     execute              user-123  denied   -         -',
        '',
      ].join('\n'),
    );
  });

  it('sends every filter, prints the resolved range on stderr, and ORs repeated event types', async () => {
    const api = new FakeApi().on('GET', PATH, page([]));
    const r = await runInProcess(
      [
        'audit',
        'logs',
        '--since',
        '1 hour ago',
        '--until',
        '2026-11-29T11:30:00Z',
        '--workflow',
        'production-pipeline',
        '--user',
        'user-123',
        '--event-type',
        'secret.set',
        '--event-type',
        'access.denied',
        '--status',
        'denied',
        '--json',
      ],
      { api, env: ENV, now: NOW },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[]\n');
    expect(r.stderr).toBe('Showing events 2026-11-29T11:00:00Z → 2026-11-29T11:30:00Z\n');
    expect(api.calls[0]?.options.query).toEqual({
      since: '2026-11-29T11:00:00.000Z',
      until: '2026-11-29T11:30:00.000Z',
      workflow_id: 'production-pipeline',
      user_id: 'user-123',
      event_type: ['secret.set', 'access.denied'],
      status: 'denied',
      order: 'desc',
      limit: 50,
    });
  });

  it('--since today asks from the start of the day, and says so on stderr', async () => {
    const api = new FakeApi().on('GET', PATH, page([E1]));
    const r = await runInProcess(['audit', 'logs', '--since', 'today'], { api, env: ENV, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Showing events 2026-11-29T00:00:00Z → now\n');
    expect(api.calls[0]?.options.query?.since).toBe('2026-11-29T00:00:00.000Z');
  });

  it('--json prints the same array printJson would; --format ndjson one event a line', async () => {
    const api = new FakeApi().on('GET', PATH, page([E1, E2]));
    const r = await runInProcess(['audit', 'logs', '--json'], { api, env: ENV, now: NOW });
    expect(r.stdout).toBe(`${JSON.stringify([E1, E2], null, 2)}\n`);
    const nd = await runInProcess(['audit', 'logs', '--format', 'ndjson'], { api, env: ENV, now: NOW });
    expect(nd.stdout).toBe(`${JSON.stringify(E1)}\n${JSON.stringify(E2)}\n`);
  });

  it('--limit 0 follows the cursor to the end; --limit N stops after N', async () => {
    const respond = (call: RecordedCall) =>
      call.options.query?.cursor === undefined ? page([E1], 'c1') : page([E2]);
    const api = new FakeApi().on('GET', PATH, respond);
    const r = await runInProcess(['audit', 'logs', '--limit', '0', '--json'], { api, env: ENV, now: NOW });
    expect(JSON.parse(r.stdout)).toEqual([E1, E2]);
    expect(api.calls.map((c) => c.options.query)).toEqual([
      { order: 'desc', limit: 1000 },
      { order: 'desc', limit: 1000, cursor: 'c1' },
    ]);
    const one = new FakeApi().on('GET', PATH, respond);
    const r1 = await runInProcess(['audit', 'logs', '--limit', '1', '--json'], {
      api: one,
      env: ENV,
      now: NOW,
    });
    expect(JSON.parse(r1.stdout)).toEqual([E1]);
    expect(one.calls).toHaveLength(1);
  });

  it.each([
    [['--since', 'banana'], 'error: invalid --since "banana": expected an RFC 3339 time'],
    [['--since', '1h', '--until', '2h'], 'error: --since "1h" (2026-11-29T11:00:00Z) is after --until "2h"'],
    [
      ['--since', 'tomorrow'],
      'error: --since "tomorrow" is in the future: 2026-11-30T00:00:00Z (now is 2026-11-29T12:00:00Z)\n' +
        'hint: give a time in the past, e.g. --since yesterday or --since 2h\n',
    ],
    [
      ['--since', '2025-13-12'],
      'error: invalid --since "2025-13-12": not a valid date or time\n' +
        'hint: dates are YYYY-MM-DD (month 01-12, a day the month has), times RFC 3339: 2026-11-29T09:12:00Z\n',
    ],
    [['--status', 'meh'], 'error: invalid --status "meh": expected one of success, failure, denied'],
    [['--limit', '-1'], 'error: invalid --limit "-1": expected a whole number'],
    [['--json', '--format', 'table'], 'error: --format and --json cannot be used together'],
  ])('refuses %j with exit 2 before any request', async (args, message) => {
    const api = new FakeApi();
    const r = await runInProcess(['audit', 'logs', ...args], { api, env: ENV, now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(api.calls).toHaveLength(0);
  });

  it('passes the server’s 403 through with exit 5', async () => {
    const api = new FakeApi().on(
      'GET',
      PATH,
      new CliError('forbidden', 'requires scope audit:read, or role admin or owner', { status: 403 }),
    );
    const r = await runInProcess(['audit', 'logs'], { api, env: ENV, now: NOW });
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('error: requires scope audit:read, or role admin or owner\n');
  });
});

describe('audit logs --follow', () => {
  it('ends on Ctrl-C with exit 130 and no error line: the events printed say it all', async () => {
    const { FakeIO } = await import('../../../../src/lib/fake-io.js');
    const io = new FakeIO();
    let polls = 0;
    const api = new FakeApi().on('GET', PATH, () => {
      polls++;
      // The second request is the first poll after the history: stop following there.
      if (polls === 2) setImmediate(() => io.interrupt('SIGINT'));
      return page(polls === 1 ? [E1] : []);
    });
    const r = await runInProcess(['audit', 'logs', '--follow', '--format', 'ndjson'], {
      api,
      env: ENV,
      now: NOW,
      io,
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe(`${JSON.stringify(E1)}\n`);
    expect(r.stderr).toBe('');
  });
});
