// A key limited by workflow patterns sees the audit events of the workflows its patterns match and
// nothing else (hostile pass 14, H14c-1 and AUDIT-PAT): neither the events about other workflows nor
// those tied to no workflow at all (a staging key's creation, a staging secret set, a member's new
// role), which would tell it about the rest of the organization. `audit logs`, `audit logs --follow`,
// `audit export` and the API's pages leave them out in the query, so a page holds `limit` visible
// events and an export counts what it wrote. The built CLI against the real emulator, with one
// workflow inside the pattern and one outside, beside an unlimited key that sees everything.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli, spawnCli } from '../../helpers/spawn-cli.js';
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
  // Events tied to no workflow, each naming something outside the pattern key's reach.
  const staging = await runCli(
    ['auth', 'create-key', '--name', 'staging-deployer', '--scope', 'execute', '--workflows', 'staging/*'],
    { env: emu.env },
  );
  expect(staging.code, staging.stderr).toBe(0);
  await setSecret('STAGING_TOKEN', 'staging');
  await emu.addUser('member');
  const members = await runCli(['org', 'members', '--json'], { env: emu.env });
  const member = (JSON.parse(members.stdout) as Array<{ user_id: string; role: string }>).find(
    (m) => m.role === 'member',
  )?.user_id as string;
  const role = await runCli(['org', 'members', 'set-role', member, 'viewer'], { env: emu.env });
  expect(role.code, role.stderr).toBe(0);
  // The newest events are about the workflow outside the pattern: a page filtered after the
  // query would come back short or empty.
  for (const name of ['production/etl', 'staging/etl', 'staging/etl', 'staging/etl']) {
    const run = await runCli(['workflow', 'run', name], { env: emu.env });
    expect(run.code, run.stderr).toBe(0);
  }
}, 120_000);

afterAll(stopAllEmulators);

async function setSecret(name: string, env: string): Promise<void> {
  const set = await runCli(['secret', 'set', name, '--env', env, '--value', 'not-for-prod-0'], {
    env: emu.env,
  });
  expect(set.code, set.stderr).toBe(0);
}

const UNBOUND = ['api_key.created', 'secret.set', 'member.role_changed'];

describe('audit events for a key limited to production/*', () => {
  it('audit logs names no workflow outside the pattern; the owner sees both', async () => {
    const mine = await runCli(['audit', 'logs', '--json'], { env: scoped });
    expect(mine.code, mine.stderr).toBe(0);
    const events = JSON.parse(mine.stdout) as Event[];
    expect(events.map((e) => `${e.event_type} ${e.workflow_id}`)).toEqual([
      'workflow.execute production/etl',
      'workflow.created production/etl',
    ]);
    expect(mine.stdout).not.toMatch(/staging|STAGING|member/);

    const owner = await runCli(['audit', 'logs', '--json'], { env: emu.env });
    expect(owner.code, owner.stderr).toBe(0);
    const all = JSON.parse(owner.stdout) as Event[];
    expect(all.filter((e) => e.workflow_id === 'staging/etl')).toHaveLength(4);
    expect(all.filter((e) => e.workflow_id === null).map((e) => e.event_type)).toEqual([
      'member.role_changed',
      'secret.set',
      'api_key.created',
      'api_key.created',
    ]);

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
    expect(rest.events.map((e) => e.event_type)).toEqual(['workflow.created']);
    expect(rest.next_cursor).toBeNull();
  });

  it('audit export writes and counts only the visible events, a page at a time', async () => {
    const out = join(dir, 'audit.ndjson');
    const r = await runCli(['audit', 'export', '--format', 'ndjson', '--output', out, '--page-size', '1'], {
      env: scoped,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`Exported 2 events to ${out}\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/staging|STAGING|member/);
    expect(text.trimEnd().split('\n')).toHaveLength(2);

    const whole = join(dir, 'owner.ndjson');
    const o = await runCli(['audit', 'export', '--format', 'ndjson', '--output', whole, '--page-size', '1'], {
      env: emu.env,
    });
    expect(o.code, o.stderr).toBe(0);
    expect(o.stderr).toBe(`Exported 10 events to ${whole}\n`);
  });

  it('audit logs --follow prints new events of its workflows and none tied to no workflow', async () => {
    const follow = spawnCli(['audit', 'logs', '--follow', '--format', 'ndjson'], scoped);
    follow.child.stdin.end();
    const exited = new Promise<number | null>((r) => follow.child.once('exit', (code) => r(code)));
    const lines = () => follow.stdout().split('\n').filter(Boolean);
    const waitFor = async (n: number) => {
      for (let i = 0; i < 300 && lines().length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(lines().length, follow.stderr()).toBe(n);
    };
    await waitFor(2);
    // Older than the run, so a follower that let them through would print them first.
    await setSecret('STAGING_OTHER', 'staging');
    const run = await runCli(['workflow', 'run', 'production/etl'], { env: emu.env });
    expect(run.code, run.stderr).toBe(0);
    await waitFor(3);
    follow.child.kill('SIGINT');
    expect(await exited).toBe(130);
    const events = lines().map((l) => JSON.parse(l) as Event);
    expect(events.map((e) => e.event_type).filter((t) => UNBOUND.includes(t))).toEqual([]);
    expect(events.map((e) => e.workflow_id)).toEqual(['production/etl', 'production/etl', 'production/etl']);

    const owner = await runCli(['audit', 'logs', '--json', '--event-type', 'secret.set'], { env: emu.env });
    expect((JSON.parse(owner.stdout) as Event[]).length).toBe(2);
  });
});
