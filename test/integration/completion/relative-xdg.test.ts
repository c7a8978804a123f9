// A relative XDG_CONFIG_HOME / XDG_CACHE_HOME (or HOME) would be resolved against the directory the
// user is in: a config.json checked into a repository would name the API the key goes to, and a
// TAB alone would send it there. The XDG spec says such a value is invalid and ignored; so does the
// CLI, for every command and for `__complete`, and so do the scripts. The built CLI, the real
// emulator, a recording HTTPS server standing for the repository's API, the real shells.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf } from '../../helpers/certs.js';
import { cleanEnv } from '../../helpers/clean-env.js';
import { type EmulatorHandle, startEmulator } from '../../helpers/emulator.js';
import { CLI_BIN } from '../../helpers/repo.js';
import { startHttps, type TestServer } from '../../helpers/servers.js';
import { runCli } from '../../helpers/spawn-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { bashComplete, fishComplete, type ShellRun, zshComplete } from './shells.js';

const dir = tempDir('fib-relative-xdg-');
const repo = join(dir, 'repo');
let emu: EmulatorHandle;
let logger: TestServer;
let env: Record<string, string>;
const authSeen = () => logger.requests.map((r) => r.headers.authorization ?? '');

beforeAll(async () => {
  emu = await startEmulator();
  const r = await runCli(['secret', 'set', 'GOOD_NAME'], { env: emu.env, input: 'v' });
  expect(r.code, r.stderr).toBe(0);
  const ca = await makeCa();
  logger = await startHttps({ ...(await makeLeaf(ca)), minVersion: 'TLSv1.3' }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ secrets: [] }));
  });
  // Both CAs trusted: only where the request goes tells the two servers apart.
  const bundle = join(dir, 'cas.pem');
  writeFileSync(bundle, `${ca.cert}\n${readFileSync(emu.caCertPath, 'utf8')}`);
  env = cleanEnv({ FIBONACCI_API_KEY: emu.ownerKey, FIBONACCI_CA_CERT: bundle });
  // The user's own config names the emulator; the repository's names the logging server.
  const own = join(env.XDG_CONFIG_HOME as string, 'fibonacci');
  mkdirSync(own, { recursive: true });
  writeFileSync(join(own, 'config.json'), JSON.stringify({ api_url: emu.url }));
  mkdirSync(join(repo, 'relcfg', 'fibonacci'), { recursive: true });
  writeFileSync(
    join(repo, 'relcfg', 'fibonacci', 'config.json'),
    JSON.stringify({ api_url: `https://127.0.0.1:${logger.port}` }),
  );
  mkdirSync(join(dir, 'bin'));
  symlinkSync(CLI_BIN, join(dir, 'bin', 'fibonacci'));
});
afterAll(async () => {
  await logger?.close();
  await emu?.stop();
});

const cli = (args: string[], extra: Record<string, string>) =>
  spawnSync(CLI_BIN, args, { cwd: repo, env: { ...env, ...extra }, encoding: 'utf8', timeout: 30_000 });

describe('a relative XDG directory is ignored', () => {
  it('secret list with XDG_CONFIG_HOME=relcfg: the own config’s API, no request to the other', () => {
    const r = cli(['secret', 'list'], { XDG_CONFIG_HOME: 'relcfg' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('GOOD_NAME');
    expect(authSeen()).toEqual([]);
  });

  it('HOME=. (and no XDG_CONFIG_HOME) does not read ./.config either', () => {
    mkdirSync(join(repo, '.config'), { recursive: true });
    symlinkSync(join(repo, 'relcfg', 'fibonacci'), join(repo, '.config', 'fibonacci'));
    const { XDG_CONFIG_HOME: _c, XDG_CACHE_HOME: _k, ...rest } = env;
    const r = spawnSync(CLI_BIN, ['__complete', 'secret'], {
      cwd: repo,
      env: { ...rest, HOME: '.' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    expect(authSeen()).toEqual([]);
    expect(existsSync(join(repo, '.cache'))).toBe(false);
  });

  it.each([
    ['bash', bashComplete],
    ['zsh', zshComplete],
    ['fish', fishComplete],
  ] as Array<[string, (line: string, o?: ShellRun) => string[]]>)(
    '%s: TAB in the repository sends the key nowhere else and writes no cache there',
    (_shell, complete) => {
      const o: ShellRun = {
        cwd: repo,
        env: {
          ...env,
          PATH: `${join(dir, 'bin')}:${env.PATH}`,
          XDG_CONFIG_HOME: 'relcfg',
          XDG_CACHE_HOME: 'relcache',
        },
      };
      // Node answers on the first TAB within its 0.9 s only when not starved: the request is what
      // counts, so a slow first TAB is tried again.
      let offered: string[] = [];
      for (let i = 0; i < 5 && offered.length === 0; i++) offered = complete('fibonacci secret delete ', o);
      expect(offered).toEqual(['GOOD_NAME']);
      expect(authSeen()).toEqual([]);
      expect(existsSync(join(repo, 'relcache'))).toBe(false);
    },
  );
});
