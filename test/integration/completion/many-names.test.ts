// A server decides how many names `__complete` gets, and a warm TAB reads them back in the shell:
// the names cache has a bound (CACHE_MAX_BYTES, CACHE_MAX_NAMES), Node writes no file above it,
// and the scripts refuse a bigger file by its size before reading a byte, so TAB goes to Node and
// its 0.9 s limit. fish reads a file at the bound in one go. The built CLI against an HTTPS
// server that answers as many valid names as the test asks, the real shells.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_MAX_BYTES, CACHE_MAX_NAMES } from '../../../src/lib/completion/values.js';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { startHttps, type TestServer } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { bashComplete, fishComplete, type ShellRun, zshComplete } from './shells.js';

const dir = tempDir('fib-many-names-');
const log = join(dir, 'node-runs');
const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
/** Valid secret names, 64 bytes each: 20,000 of them are over both bounds. */
const names = (n: number) =>
  Array.from({ length: n }, (_, i) => `S${String(i).padStart(8, '0')}_${'X'.repeat(54)}`);
const T = '2026-01-23T10:30:00Z';
let count = 2;
let server: TestServer;
let env: Record<string, string>;
const shDir = () => join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion', 'sh');
const cacheFiles = () => {
  const d = join(env.XDG_CACHE_HOME as string, 'fibonacci', 'completion');
  const walk = (p: string): string[] =>
    readdirSync(p, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(p, e.name)) : [join(p, e.name)],
    );
  try {
    return walk(d);
  } catch {
    return [];
  }
};

beforeAll(async () => {
  const ca = await makeCa();
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  server = await startHttps(
    { ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' },
    (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (path !== '/api/v1/secrets') return res.end(JSON.stringify({ detail: 'Not Found' }));
      const meta = (name: string) => ({
        name,
        environment: null,
        version: 1,
        created_at: T,
        updated_at: T,
        updated_by: null,
        rotation: null,
      });
      res.end(JSON.stringify({ secrets: names(count).map(meta) }));
    },
  );
  env = cleanEnv({
    FIBONACCI_BASE_URL: `https://127.0.0.1:${server.port}`,
    FIBONACCI_CA_CERT: join(dir, 'ca.pem'),
    FIBONACCI_API_KEY: 'fib_test_manyNames_0123456789abcdef',
  });
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'fibonacci'), `#!/bin/sh\necho run >>'${log}'\nexec '${CLI_BIN}' "$@"\n`, {
    mode: 0o755,
  });
  env.PATH = `${join(dir, 'bin')}:${env.PATH}`;
});
afterAll(() => server?.close());
beforeEach(() => writeFileSync(log, ''));

/** `__complete secret` until it answers (its 0.9 s may run out on a loaded host). */
async function complete(): Promise<string[]> {
  for (let i = 0; i < 5; i++) {
    const r = await runCli(['__complete', 'secret'], { env, timeoutMs: 60_000 });
    if (r.stdout !== '') return r.stdout.trim().split('\n');
  }
  return [];
}

describe('above the bound: no file, and TAB goes to Node', () => {
  it('__complete prints 20,000 names but writes no cache of them', async () => {
    count = 20_000;
    expect(20_000 * 65).toBeGreaterThan(CACHE_MAX_BYTES);
    expect((await complete()).length).toBe(20_000);
    expect(cacheFiles()).toEqual([]);
    // A file the bound lets through is written (the bound is not "never").
    count = CACHE_MAX_NAMES;
    expect((await complete()).length).toBe(CACHE_MAX_NAMES);
    const [file] = readdirSync(shDir());
    expect(statSync(join(shDir(), file as string)).size).toBeLessThanOrEqual(CACHE_MAX_BYTES);
  });

  it.each([
    ['bash', bashComplete],
    ['zsh', zshComplete],
    ['fish', fishComplete],
  ] as Array<[string, (line: string, o?: ShellRun) => string[]]>)(
    '%s: a file at the bound is read with no Node; one above it is refused by its size',
    async (_shell, shell) => {
      count = CACHE_MAX_NAMES;
      await complete();
      const [name] = readdirSync(shDir());
      const file = join(shDir(), name as string);
      const o: ShellRun = { env };
      // 10,000 names from the file, in fish too (whose per-line append took seconds for this).
      expect(shell('fibonacci secret delete S0000999', o)).toHaveLength(10);
      expect(runs()).toBe(0);
      // The same file grown past the bound (fresh header, this user's, 0600): not read.
      const text = readFileSync(file, 'utf8');
      const planted = Array.from({ length: 8_000 }, (_, i) => `PLANTED_${String(i).padStart(56, '0')}`);
      writeFileSync(file, `${text}${planted.join('\n')}\n`);
      expect(statSync(file).size).toBeGreaterThan(CACHE_MAX_BYTES);
      const offered = shell('fibonacci secret delete P', o);
      expect(offered.filter((w) => w.startsWith('PLANTED_'))).toEqual([]);
      expect(runs()).toBeGreaterThan(0);
    },
  );
});
