import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest } from '../../helpers/api-request.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ timeoutMs: 60_000 });
}, 90_000);
afterAll(async () => {
  await emu?.stop();
});

const as = (key: string) => ({ env: { ...emu.env, FIBONACCI_API_KEY: key } });

describe('API keys end to end (built CLI, emulator over TLS 1.3)', () => {
  it('creates a key shown once, which works at once and is listed by prefix only', async () => {
    const made = await runCli(
      [
        'auth',
        'create-key',
        '--name',
        'production',
        '--scope',
        'execute',
        '--workflows',
        'production/*',
        '--plain',
      ],
      { env: emu.env },
    );
    expect(made.code).toBe(0);
    const key = made.stdout.trim();
    expect(made.stdout).toMatch(/^fib_test_[A-Za-z0-9]{43}\n$/);
    expect(made.stderr).toBe(
      'warning: this is the only time the key is shown: store it now, it cannot be shown again\n',
    );

    const status = await runCli(['auth', 'status', '--json'], as(key));
    expect(JSON.parse(status.stdout)).toMatchObject({
      key_name: 'production',
      scopes: ['execute'],
      workflows: ['production/*'],
    });

    const list = await runCli(['auth', 'list-keys', '--json'], { env: emu.env });
    const keys = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(keys.find((k) => k.name === 'production')).toMatchObject({
      prefix: key.slice(0, 13),
      scopes: ['execute'],
    });
    const table = await runCli(['auth', 'list-keys'], { env: emu.env });
    expect([list.code, table.code]).toEqual([0, 0]);
    expect(table.stdout).toContain('production');
    for (const out of [list.stdout, table.stdout, table.stderr]) expect(out).not.toContain(key.slice(13));
  });

  it('refuses a read key creating an admin key, and a production/* key creating a * key (exit 5)', async () => {
    const [reader, prod] = await Promise.all([
      emu.addUser('admin', ['--scope', 'read']),
      emu.addUser('admin', ['--scope', 'write', 'execute', '--workflows', 'production/*']),
    ]);
    const [a, b, c] = await Promise.all([
      runCli(['auth', 'create-key', '--name', 'boss', '--scope', 'admin'], as(reader)),
      runCli(['auth', 'create-key', '--name', 'wide', '--scope', 'execute', '--workflows', '*'], as(prod)),
      runCli(
        [
          'auth',
          'create-key',
          '--name',
          'ok',
          '--scope',
          'execute',
          '--workflows',
          'production/etl',
          '--plain',
        ],
        as(prod),
      ),
    ]);
    expect(a).toMatchObject({ code: 5, stdout: '' });
    expect(a.stderr).toMatch(/^error: not allowed: requires scope api_keys:write \(request req_\w+\)\n/);
    expect(b).toMatchObject({ code: 5, stdout: '' });
    expect(b.stderr).toMatch(
      /^error: not allowed: cannot create a key with workflow patterns wider than the creating key's: \* \(request/,
    );
    expect(c.code).toBe(0);
  });

  it('a revoked key is refused at once (exit 4), and both events are audited', async () => {
    const made = await runCli(['auth', 'create-key', '--name', 'temp', '--scope', 'read', '--json'], {
      env: emu.env,
    });
    const { id, key } = JSON.parse(made.stdout) as { id: string; key: string };
    expect((await runCli(['auth', 'status'], as(key))).code).toBe(0);
    const revoke = await runCli(['auth', 'revoke-key', id, '--yes'], { env: emu.env });
    expect(revoke).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const after = await runCli(['auth', 'status'], as(key));
    expect(after.code).toBe(4);
    expect(after.stderr).toContain('error: the API rejected the key from FIBONACCI_API_KEY');
    const events = await apiRequest(
      emu,
      'GET',
      '/api/v1/audit/events?event_type=api_key.created&event_type=api_key.revoked&limit=100',
    );
    const types = (
      events.body as { events: Array<{ event_type: string; metadata: Record<string, unknown> }> }
    ).events
      .filter((e) => e.metadata.created_key_id === id || e.metadata.revoked_key_id === id)
      .map((e) => e.event_type)
      .sort();
    expect(types).toEqual(['api_key.created', 'api_key.revoked']);
    expect(events.text).not.toContain(key.slice(13));
  });

  it('revoke-key takes a name; an ambiguous one is refused with the ids (exit 2), an unknown one is exit 12', async () => {
    const make = async () =>
      JSON.parse(
        (
          await runCli(['auth', 'create-key', '--name', 'twin', '--scope', 'read', '--json'], {
            env: emu.env,
          })
        ).stdout,
      ) as { id: string; key: string };
    const [a, b] = [await make(), await make()];
    const both = await runCli(['auth', 'revoke-key', 'twin', '--yes'], { env: emu.env });
    expect([both.code, both.stdout]).toEqual([2, '']);
    const [first, second] =
      /^error: 2 keys are named "twin": (key_\w+), (key_\w+)\n/.exec(both.stderr)?.slice(1) ?? [];
    expect([first, second].sort()).toEqual([a.id, b.id].sort());
    expect(both.stderr).toContain(
      `hint: name the one to revoke by its id, e.g. \`fibonacci auth revoke-key ${first}\`\n`,
    );
    expect((await runCli(['auth', 'status'], as(a.key))).code).toBe(0);
    expect((await runCli(['auth', 'revoke-key', a.id, '--yes'], { env: emu.env })).code).toBe(0);
    // One key of that name left unrevoked: the name now names it.
    expect((await runCli(['auth', 'revoke-key', 'twin', '--yes'], { env: emu.env })).code).toBe(0);
    expect((await runCli(['auth', 'status'], as(b.key))).code).toBe(4);
    const none = await runCli(['auth', 'revoke-key', 'no-such-key', '--yes'], { env: emu.env });
    expect(none).toEqual({
      code: 12,
      stdout: '',
      stderr:
        'error: no API key with id or name "no-such-key"\nhint: `fibonacci auth list-keys` shows the ids and names\n',
    });
  });

  it('refuses an expired key and a key differing in one character (exit 4)', async () => {
    const expired = await emu.addUser('admin', ['--expires-at', '2020-01-01T00:00:00Z']);
    const forged = emu.ownerKey.slice(0, -1) + (emu.ownerKey.endsWith('x') ? 'y' : 'x');
    for (const key of [expired, forged]) {
      const r = await runCli(['auth', 'list-keys'], as(key));
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^error: authentication failed: (API key has expired|invalid API key)/);
      expect(r.stderr).not.toContain(key.slice(13));
    }
  });
});
