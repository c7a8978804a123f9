// A key limited by workflow patterns sees the audit events of the workflows its patterns match and
// none about the others (hostile pass 14, H14c-1): `audit logs`, `audit export` and the API's pages
// leave them out in the query, so a page holds `limit` visible events and an export counts what it
// wrote. The built CLI against the real emulator, with one workflow inside the pattern and one outside.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

let emu: EmulatorHandle;
let dir: string;
let scoped: Record<string, string>;
let scopedKey: string;

interface Event {
  event_type: string;
  workflow_id: string | null;
}

beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
  dir = tempDir('fib-audit-patterns-');
  const def = join(dir, 'wf.json');
  writeFileSync(
    def,
    JSON.stringify({ name: 'wf', version: 1, nodes: [{ id: 'a', type: 'tool' }], edges: [] }),
  );
  for (const name of ['production/etl', 'staging/etl']) {
    const made = await runCli(['workflow', 'create', name, '--file', def], { env: emu.env });
    expect(made.code, made.stderr).toBe(0);
  }
  const key = await runCli(
    [
      'auth',
      'create-key',
      '--name',
      'prod-only',
      '--scope',
      'read',
      '--scope',
      'execute',
      '--scope',
      'audit:read',
      '--workflows',
      'production/*',
      '--json',
    ],
    { env: emu.env },
  );
  expect(key.code, key.stderr).toBe(0);
  scopedKey = (JSON.parse(key.stdout) as { key: string }).key;
  scoped = { ...emu.env, FIBONACCI_API_KEY: scopedKey };
  // The newest events are about the workflow outside the pattern: a page filtered after the
  // query would come back short or empty.
  for (const name of ['production/etl', 'staging/etl', 'staging/etl', 'staging/etl']) {
    const run = await runCli(['workflow', 'run', name], { env: emu.env });
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);

afterAll(stopAllEmulators);

describe('audit events for a key limited to production/*', () => {
  it('audit logs names no workflow outside the pattern; the owner sees both', async () => {
    const mine = await runCli(['audit', 'logs', '--json'], { env: scoped });
    expect(mine.code, mine.stderr).toBe(0);
    const events = JSON.parse(mine.stdout) as Event[];
    expect(events.map((e) => `${e.event_type} ${e.workflow_id}`)).toEqual([
      'workflow.execute production/etl',
      'api_key.created null',
      'workflow.created production/etl',
    ]);
    expect(mine.stdout).not.toContain('staging');

    const owner = await runCli(['audit', 'logs', '--json'], { env: emu.env });
    expect(owner.code, owner.stderr).toBe(0);
    expect((JSON.parse(owner.stdout) as Event[]).filter((e) => e.workflow_id === 'staging/etl')).toHaveLength(
      4,
    );

    const asked = await runCli(['audit', 'logs', '--workflow', 'staging/etl', '--json'], { env: scoped });
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout).toBe('[]\n');
  });

  it('a page holds `limit` visible events and its cursor walks on from them', async () => {
    const first = await apiRequest(emu, 'GET', '/api/v1/audit/events?limit=1', { key: scopedKey });
    expect(first.status).toBe(200);
    const page = first.body as { events: Event[]; next_cursor: string | null };
    expect(page.events.map((e) => e.workflow_id)).toEqual(['production/etl']);
    expect(page.next_cursor).not.toBeNull();
    const next = await apiRequest(
      emu,
      'GET',
      `/api/v1/audit/events?limit=5&cursor=${encodeURIComponent(page.next_cursor ?? '')}`,
      { key: scopedKey },
    );
    const rest = next.body as { events: Event[]; next_cursor: string | null };
    expect(rest.events.map((e) => e.event_type)).toEqual(['api_key.created', 'workflow.created']);
    expect(rest.next_cursor).toBeNull();
  });

  it('audit export writes and counts only the visible events, a page at a time', async () => {
    const out = join(dir, 'audit.ndjson');
    const r = await runCli(['audit', 'export', '--format', 'ndjson', '--output', out, '--page-size', '1'], {
      env: scoped,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Exported 3 events to ${out}\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('staging');
    expect(text.trimEnd().split('\n')).toHaveLength(3);
  });
});
