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
