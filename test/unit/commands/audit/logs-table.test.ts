// `audit logs` on a terminal, as the person there sees it: the TARGET column, the table fitted to
// the terminal's width, what is said when nothing matched or --limit cut the list, a very long
// history streamed, and --follow's absolute times.
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../../src/lib/export/writers.js';
import { FakeIO } from '../../../../src/lib/fake-io.js';
import { FakeApi, type RecordedCall } from '../../../helpers/fake-api.js';
import { runInProcess } from '../../../helpers/run-in-process.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const ENV = {
  FIBONACCI_API_KEY: 'fib_test_abcdefghijklmnopqrstuvwxyz0123456789',
  FIBONACCI_BASE_URL: 'https://emu.test',
};
const PATH = '/api/v1/audit/events';
const TTY = { stdoutIsTTY: true, stderrIsTTY: true };

const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();
const event = (over: Partial<AuditEvent>): AuditEvent => ({
  id: 'evt_1',
  timestamp: at(5),
  event_type: 'workflow.execute',
  workflow_id: null,
  user_id: 'user-123',
  ip_address: '192.168.1.100',
  action: null,
  status: 'success',
  duration_ms: null,
  metadata: {},
  ...over,
});
const page = (events: AuditEvent[], next: string | null = null) => ({ events, next_cursor: next });

describe('the TARGET column', () => {
  it.each([
    [
      { event_type: 'secret.set', metadata: { name: 'DB_PASSWORD', environment: 'production' } },
      'DB_PASSWORD (production)',
    ],
    [
      { event_type: 'secret.deleted', metadata: { name: 'API_TOKEN', environment: null } },
      'API_TOKEN (shared)',
    ],
    [
      { event_type: 'api_key.created', metadata: { created_key_id: 'key_ab12', name: 'ci-cd' } },
      'key_ab12 (ci-cd)',
    ],
    [{ event_type: 'api_key.revoked', metadata: { revoked_key_id: 'key_ab12' } }, 'key_ab12'],
    [
      {
        event_type: 'member.role_changed',
        metadata: { target_user_id: 'user-456', old_role: 'member', new_role: 'admin' },
      },
      'user-456 (member → admin)',
    ],
    [{ event_type: 'workflow.execute', workflow_id: 'production/etl' }, 'production/etl'],
    [{ event_type: 'access.denied', action: 'GET /api/v1/secrets' }, 'GET /api/v1/secrets'],
    [{ event_type: 'access.policy_changed', metadata: { new_version: 3 } }, 'policy v3'],
    [
      { event_type: 'auth.failed', metadata: { method: 'GET', path: '/api/v1/auth/me' } },
      'GET /api/v1/auth/me',
    ],
    [{ event_type: 'governance.settings_changed', metadata: { changed: ['require_mfa'] } }, 'require_mfa'],
    // A field of another shape is skipped, never printed as [object Object].
    [{ event_type: 'secret.set', metadata: { name: { evil: true } } }, '-'],
    [{ event_type: 'some.future_type', workflow_id: null }, '-'],
  ] as Array<[Partial<AuditEvent>, string]>)('%j → %s', async (over, target) => {
    const api = new FakeApi().on('GET', PATH, page([event(over)]));
    const r = await runInProcess(['audit', 'logs'], { api, env: ENV, now: NOW, ...TTY, columns: 200 });
    const [header, row] = r.stdout.split('\n');
    const start = header?.indexOf('TARGET') ?? -1;
    const end = header?.indexOf('USER') ?? -1;
    expect(row?.slice(start, end).trimEnd()).toBe(target);
    // Piped, the target is an eighth column, after the seven scripts already read.
    const piped = await runInProcess(['audit', 'logs'], {
      api: new FakeApi().on('GET', PATH, page([event(over)])),
      env: ENV,
      now: NOW,
    });
    expect(piped.stdout.trimEnd().split('\t')[7]).toBe(target);
  });
});

describe('fitted to the terminal', () => {
  // Newcomer pass 12, NC12-10: the low-priority columns (DURATION, IP) are left out whole before
  // free text is cut; TIME, EVENT and STATUS never are.
  it('leaves out DURATION and IP, then cuts the widest free text with …, no line wider than the terminal', async () => {
    const long = event({
      event_type: 'secret.set',
      user_id: 'user-with-a-rather-long-identifier-0123456789',
      metadata: { name: 'A_VERY_LONG_SECRET_NAME_THAT_GOES_ON_AND_ON', environment: 'production-eu-west' },
    });
    const api = new FakeApi().on('GET', PATH, page([long, event({ id: 'evt_2', timestamp: at(60) })]));
    const r = await runInProcess(['audit', 'logs'], { api, env: ENV, now: NOW, ...TTY, columns: 100 });
    expect(r.stdout).toBe(
      [
        'TIME           EVENT             TARGET                        USER                          STATUS',
        '5 minutes ago  secret.set        A_VERY_LONG_SECRET_NAME_THA…  user-with-a-rather-long-ide…  success',
        '1 hour ago     workflow.execute  -                             user-123                      success',
        '',
      ].join('\n'),
    );
    expect(r.stdout.split('\n').map((line) => [...line].length)).toEqual([99, 100, 100, 0]);
  });
});

describe('what is said besides the table (stderr, on a terminal)', () => {
  it('an empty result names the range and the filters', async () => {
    const api = new FakeApi().on('GET', PATH, page([]));
    const r = await runInProcess(['audit', 'logs', '--since', 'today', '--status', 'denied'], {
      api,
      env: ENV,
      now: NOW,
      ...TTY,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Showing events 2026-11-29T00:00:00Z → now\n' +
        'No events matching the filters in 2026-11-29T00:00:00Z → now\n',
    );
    const plain = await runInProcess(['audit', 'logs'], {
      api: new FakeApi().on('GET', PATH, page([])),
      env: ENV,
      now: NOW,
      ...TTY,
    });
    expect(plain.stderr).toBe('No events\n');
  });

  it('a list cut by --limit says so; one that is whole does not', async () => {
    const two = [event({ id: 'evt_2' }), event({ id: 'evt_1', timestamp: at(9) })];
    const cut = new FakeApi().on('GET', PATH, page(two, 'c2'));
    const r = await runInProcess(['audit', 'logs', '--limit', '2'], { api: cut, env: ENV, now: NOW, ...TTY });
    expect(r.stdout.split('\n')).toHaveLength(4);
    expect(r.stderr).toBe('Showing the newest 2 events; there are more: use --limit 0 for all\n');
    // NC12-16a: one is one event, not "1 events".
    const one = new FakeApi().on('GET', PATH, page(two.slice(0, 1), 'c1'));
    const r1 = await runInProcess(['audit', 'logs', '--limit', '1'], {
      api: one,
      env: ENV,
      now: NOW,
      ...TTY,
    });
    expect(r1.stderr).toBe('Showing the newest 1 event; there are more: use --limit 0 for all\n');
    const whole = new FakeApi().on('GET', PATH, page(two));
    const w = await runInProcess(['audit', 'logs', '--limit', '2'], {
      api: whole,
      env: ENV,
      now: NOW,
      ...TTY,
    });
    expect(w.stderr).toBe('');
  });

  it('scripts get neither note: JSON, or stderr not a terminal', async () => {
    const json = await runInProcess(['audit', 'logs', '--json'], {
      api: new FakeApi().on('GET', PATH, page([])),
      env: ENV,
      now: NOW,
      ...TTY,
    });
    expect(json.stderr).toBe('');
    const piped = await runInProcess(['audit', 'logs', '--limit', '1'], {
      api: new FakeApi().on('GET', PATH, page([event({})], 'c2')),
      env: ENV,
      now: NOW,
    });
    expect(piped.stderr).toBe('');
  });
});

describe('a very long history on a terminal', () => {
  it('streams after the first page with its widths, saying so, and cuts a later wider cell', async () => {
    const pages = [
      Array.from({ length: 1000 }, (_, i) => event({ id: `evt_a${i}`, user_id: 'u-1' })),
      [event({ id: 'evt_b', user_id: 'a-much-longer-user-id-than-the-first-page-had' })],
    ];
    const api = new FakeApi().on('GET', PATH, (call: RecordedCall) =>
      call.options.query?.cursor === undefined ? page(pages[0] ?? [], 'c2') : page(pages[1] ?? []),
    );
    const r = await runInProcess(['audit', 'logs', '--limit', '0'], {
      api,
      env: ENV,
      now: NOW,
      ...TTY,
      columns: 120,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'Long result: columns sized from the first 1,000 events; a longer cell is cut with …\n',
    );
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(1003);
    expect(lines[0]).toBe(
      'TIME            EVENT                        TARGET                      USER         STATUS   DURATION  IP',
    );
    expect(lines[1]).toBe(
      '5 minutes ago   workflow.execute             -                           u-1          success  -         192.168.1.100',
    );
    expect(lines[1001]).toBe(
      '5 minutes ago   workflow.execute             -                           a-much-lon…  success  -         192.168.1.100',
    );
  });
});

describe('--follow on a terminal', () => {
  it('prints absolute times, sized from the history; the header comes first even with none', async () => {
    const io = new FakeIO({ ...TTY, columns: 120 });
    let polls = 0;
    const api = new FakeApi().on('GET', PATH, () => {
      polls++;
      if (polls === 2) setImmediate(() => io.interrupt('SIGINT'));
      return page(
        polls === 1
          ? [event({ event_type: 'secret.set', metadata: { name: 'X', environment: 'prod' } })]
          : [],
      );
    });
    const r = await runInProcess(['audit', 'logs', '--follow'], { api, env: ENV, now: NOW, io });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe(
      [
        'TIME                  EVENT                        TARGET                        USER           STATUS   IP',
        '2026-11-29T11:55:00Z  secret.set                   X (prod)                      user-123       success  192.168.1.100',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('Following new events; Ctrl-C to stop\n');
  });
});
