// An export holds its events to the schema `audit logs` holds them to: an event whose duration_ms and
// metadata are strings (`=5`, `=7`) is refused by logs (exit 1) and, before, was written by export
// (exit 0, "Exported 1 events"). Now the export stops as an export stops (exit 8, the resume line,
// no file), and a count of one says "1 event". The built CLI against the hostile HTTPS server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EventsAnswer, type HostileServer, startHostileServer } from '../helpers/hostile-server.js';
import { runCli } from '../helpers/spawn-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const MISMATCH =
  "the server's answer to GET /api/v1/audit/events is not what the API promises: /events/0/duration_ms";

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function cli(events: EventsAnswer, argv: string[]) {
  server = await startHostileServer({ events });
  return runCli(argv, { env: server.env, timeoutMs: 20_000 });
}

describe('an event that is not what the API promises', () => {
  it('audit logs refuses it, exit 1', async () => {
    const r = await cli('formula', ['audit', 'logs']);
    expect(r.stderr).toContain(`error: ${MISMATCH}`);
    expect(r.code).toBe(1);
  });

  it.each(['csv', 'json', 'ndjson'])(
    'audit export --format %s stops on it: exit 8, the resume line, no file',
    async (format) => {
      const output = join(tempDir('fib-export-check-'), `out.${format}`);
      const r = await cli('formula', ['audit', 'export', '--format', format, '--output', output]);
      expect(r.stderr).toMatch(
        new RegExp(
          `^error: export stopped after 0 events: ${MISMATCH.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`,
        ),
      );
      expect(r.stderr).toMatch(/\nhint: resume with: fibonacci audit export .*--resume/);
      expect(r.code).toBe(8);
      expect(existsSync(output)).toBe(false);
    },
  );

  it('audit export --output - stops on it too: exit 8, nothing on stdout', async () => {
    const r = await cli('formula', ['audit', 'export', '--format', 'ndjson', '--output', '-']);
    expect(r.stderr).toContain(`error: export stopped after 0 events: ${MISMATCH}`);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
  });
});

describe('a count of one', () => {
  it('audit export of one event says "1 event"', async () => {
    const output = join(tempDir('fib-export-one-'), 'out.csv');
    const r = await cli('one', ['audit', 'export', '--format', 'csv', '--output', output]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Exported 1 event to ${output}\n`);
    expect(existsSync(output)).toBe(true);
  });

  it('audit export --output - of one event says "1 event"', async () => {
    const r = await cli('one', ['audit', 'export', '--format', 'ndjson', '--output', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('Exported 1 event to standard output\n');
    expect(r.stdout.split('\n')).toHaveLength(2);
  });
});

// Hostile pass 14: the server's one event (secret.set by user-1, 2026-11-29T10:00:00Z, success, no
// workflow) is sent whatever the filters ask; `audit logs` printed it and `audit export` wrote it.
const OUTSIDE = "the server's answer to GET /api/v1/audit/events is not what the API promises: /events/0/";
describe('an event outside the filters asked for', () => {
  const cases: Array<[string[], string]> = [
    [['--since', '2026-11-30T00:00:00Z'], 'timestamp: before --since'],
    [['--until', '2026-11-28T00:00:00Z'], 'timestamp: after --until'],
    [['--event-type', 'workflow.run'], 'event_type: not the --event-type asked for'],
    [['--workflow', 'production-pipeline'], 'workflow_id: not the --workflow asked for'],
    [['--user', 'user-2'], 'user_id: not the --user asked for'],
    [['--status', 'failure'], 'status: not the --status asked for'],
  ];

  it.each(cases)('audit logs %j refuses it: exit 1, nothing printed', async (flags, why) => {
    const r = await cli('one', ['audit', 'logs', ...flags, '--json']);
    expect(r.stderr).toContain(`error: ${OUTSIDE}${why}`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });

  it.each(cases)('audit export %j stops on it: exit 8, no file', async (flags, why) => {
    for (const format of ['ndjson', 'csv']) {
      const output = join(tempDir('fib-export-outside-'), `out.${format}`);
      const r = await cli('one', ['audit', 'export', ...flags, '--output', output]);
      expect(r.stderr).toContain(`error: export stopped after 0 events: ${OUTSIDE}${why}`);
      expect(r.code).toBe(8);
      expect(existsSync(output)).toBe(false);
      await server?.close();
      server = undefined;
    }
  });

  it('an event inside them is printed and written as before', async () => {
    const flags = [
      '--since',
      '2026-11-29T10:00:00Z',
      '--until',
      '2026-11-29T10:00:00Z',
      '--event-type',
      'secret.set',
      '--user',
      'user-1',
      '--status',
      'success',
    ];
    const logs = await cli('one', ['audit', 'logs', ...flags, '--json']);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stderr).not.toContain('error:');
    expect(JSON.parse(logs.stdout)).toHaveLength(1);
    await server?.close();
    const output = join(tempDir('fib-export-inside-'), 'out.ndjson');
    const r = await cli('one', ['audit', 'export', ...flags, '--output', output]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Exported 1 event to ${output}\n`);
    expect(existsSync(output)).toBe(true);
  });
});
