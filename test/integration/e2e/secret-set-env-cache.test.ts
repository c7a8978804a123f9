// `secret set --env E` asks the server whether E is a typo (GET /auth/me, then GET /environments)
// only when the completion cache of environment names (this origin and key, younger than its TTL)
// does not already hold E; on a miss it writes the server's answer there, 0600, names only. Before,
// every set paid both requests, a CI job setting twenty secrets forty of them. A typo is
// refused exactly as before, and another key's or a loose file's names answer nothing. The built
// CLI, the real emulator, `--debug`'s request lines.
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator, stopAllEmulators } from '../../helpers/emulator.js';
import { runCli } from '../../helpers/spawn-cli.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  const r = await runCli(['secret', 'set', 'P', '--env', 'production'], { env: emu.env, input: 'v' });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);
afterAll(stopAllEmulators);

/** The requests one run made, as `GET /api/v1/auth/me` (query left off). */
function requests(stderr: string): string[] {
  return [...stderr.matchAll(/^debug: → (\w+) https:\/\/[^/]+(\/[^\s?]*)/gm)].map((m) => `${m[1]} ${m[2]}`);
}

async function set(env: Record<string, string>, environment: string) {
  return runCli(['--debug', 'secret', 'set', 'API_KEY', '--env', environment], { env, input: 'v' });
}

const CHECK = ['GET /api/v1/auth/me', 'GET /api/v1/environments'];
const PUT = 'PUT /api/v1/secrets/API_KEY';

/** The cache files Node wrote for completion (the JSON entries). */
function entries(env: Record<string, string>): string[] {
  const dir = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
}

describe('secret set --env E and the cache of environment names', () => {
  it('a miss asks the server and writes the names (0600); the next set asks nothing but the PUT', async () => {
    const env = cleanEnv(emu.env);
    const first = await set(env, 'production');
    expect([first.code, requests(first.stderr)]).toEqual([0, [...CHECK, PUT]]);
    const [file, ...more] = entries(env);
    expect(more).toEqual([]);
    expect(statSync(file as string).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file as string, 'utf8')).values).toEqual(['production']);
    const second = await set(env, 'production');
    expect([second.code, requests(second.stderr)]).toEqual([0, [PUT]]);
    // `__complete env` answers from the same entry.
    const tab = await runCli(['--debug', '__complete', 'env'], { env });
    expect([tab.stdout, requests(tab.stderr)]).toEqual(['production\n', []]);
  });

  it('a typo with a warm cache: asked of the server, refused as before, nothing stored', async () => {
    const env = cleanEnv(emu.env);
    expect((await set(env, 'production')).code).toBe(0);
    const r = await set(env, 'prodution');
    expect(r.code).toBe(12);
    expect(requests(r.stderr)).toEqual(CHECK);
    expect(r.stderr).toContain(
      'error: no environment prodution\nhint: did you mean production? To create the environment prodution, pass --yes\n',
    );
  });

  it("another key's cache answers nothing: that key asks the server", async () => {
    const env = cleanEnv(emu.env);
    expect((await set(env, 'production')).code).toBe(0);
    const other = { ...env, FIBONACCI_API_KEY: await emu.addUser('admin') };
    const r = await set(other, 'production');
    expect([r.code, requests(r.stderr)]).toEqual([0, [...CHECK, PUT]]);
  });

  it('an entry others may read is not believed', async () => {
    const env = cleanEnv(emu.env);
    expect((await set(env, 'production')).code).toBe(0);
    for (const file of entries(env)) chmodSync(file, 0o644);
    const r = await set(env, 'production');
    expect([r.code, requests(r.stderr)]).toEqual([0, [...CHECK, PUT]]);
  });
});
