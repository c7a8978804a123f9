// The --follow loop: each new event once, idle backoff, surviving an outage, ending on abort.
import { describe, expect, it } from 'vitest';
import { followEvents, isAfter } from '../../../../src/commands/audit/follow.js';
import type { ApiClient } from '../../../../src/lib/api/types.js';
import { CliError } from '../../../../src/lib/errors.js';
import type { AuditEvent } from '../../../../src/lib/export/writers.js';

const ev = (id: string, ts: string): AuditEvent => ({
  id,
  timestamp: ts,
  event_type: 'secret.set',
  workflow_id: null,
  user_id: 'u',
  ip_address: null,
  action: null,
  status: 'success',
  duration_ms: null,
  metadata: {},
});
const FILTERS = { since: null, until: null, workflow_id: null, user_id: null, event_type: [], status: null };

/** A client whose GETs answer from a script (one entry per call); the script decides by the query. */
function scripted(answers: Array<(q: Record<string, unknown>) => unknown>) {
  const queries: Array<Record<string, unknown>> = [];
  const client = {
    request: async (_method: string, _path: string, opts: { query: Record<string, unknown> }) => {
      queries.push(opts.query);
      const next = answers.shift();
      if (!next) throw new Error('unexpected poll');
      const r = next(opts.query);
      if (r instanceof Error) throw r;
      return { status: 200, headers: {}, requestId: undefined, data: r };
    },
  } as unknown as ApiClient;
  return { client, queries };
}

describe('followEvents', () => {
  it('prints each new event once, backs off while idle, survives an outage, stops on abort', async () => {
    const a = ev('evt_a', '2026-11-29T10:00:00.000Z');
    const b = ev('evt_b', '2026-11-29T10:00:00.000Z');
    const c = ev('evt_c', '2026-11-29T10:00:05.000Z');
    const { client, queries } = scripted([
      () => ({ events: [a, b], next_cursor: 'p2' }), // b is new (same timestamp, larger id)
      () => ({ events: [c], next_cursor: null }),
      () => ({ events: [c], next_cursor: null }), // idle: only a repeat (b is before since: refused)
      () => new CliError('network', 'cannot connect to emu.test'),
      () => ({ events: [c], next_cursor: null }),
      () => ({ events: [c, ev('evt_d', '2026-11-29T10:00:09.000Z')], next_cursor: null }),
    ]);
    const printed: string[][] = [];
    const warnings: string[] = [];
    const waits: number[] = [];
    const controller = new AbortController();
    await followEvents({
      client,
      filters: FILTERS,
      pageSize: 1000,
      last: a,
      signal: controller.signal,
      print: async (events) => {
        printed.push(events.map((e) => e.id));
      },
      warn: (line) => warnings.push(line),
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === 5) controller.abort();
      },
    });
    expect(printed).toEqual([['evt_b'], ['evt_c'], ['evt_d']]);
    expect(waits).toEqual([1000, 2000, 5000, 5000, 1000]);
    expect(warnings).toEqual(['cannot connect to emu.test; still following, next try in 5s']);
    expect(queries[0]).toEqual({ since: '2026-11-29T10:00:00.000Z', order: 'asc', limit: 1000 });
    expect(queries[1]).toMatchObject({ cursor: 'p2', order: 'asc' });
    expect(queries[2]).toMatchObject({ since: '2026-11-29T10:00:05.000Z' });
    expect(queries[5]).toMatchObject({ since: '2026-11-29T10:00:05.000Z' });
  });

  it('gives up on errors waiting cannot fix (403)', async () => {
    const { client } = scripted([
      () => new CliError('forbidden', 'requires scope audit:read', { status: 403 }),
    ]);
    await expect(
      followEvents({
        client,
        filters: FILTERS,
        pageSize: 10,
        last: null,
        signal: new AbortController().signal,
        print: async () => {},
        warn: () => {},
        sleep: async () => {},
      }),
    ).rejects.toThrow('requires scope audit:read');
  });

  it('orders by timestamp, then id', () => {
    expect(isAfter(ev('b', '2026-01-01T00:00:00.000Z'), ev('a', '2026-01-01T00:00:00.000Z'))).toBe(true);
    expect(isAfter(ev('a', '2026-01-01T00:00:00.000Z'), ev('a', '2026-01-01T00:00:00.000Z'))).toBe(false);
    expect(isAfter(ev('a', '2026-01-01T00:00:01.000Z'), ev('z', '2026-01-01T00:00:00.000Z'))).toBe(true);
  });
});
